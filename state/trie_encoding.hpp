#pragma once
// RLP of trie nodes, shared by the batch builder and the incremental trie.
//
//   leaf       [hex_prefix(path, leaf), value]
//   extension  [hex_prefix(path, extension), child]
//   branch     [child_0, ..., child_15, value]
//
// A parent refers to a child by a TrieNodeRef: the child's RLP itself when it is
// shorter than 32 bytes (embedded as is), otherwise the keccak-256 of that RLP
// (embedded as a 32-byte string). An absent child or value is the empty string.
//
// Internal to the trie implementation; not a public surface of state/.

#include <array>
#include <cstdint>

#include "core/bytes.hpp"
#include "core/fixed_bytes.hpp"
#include "state/trie_nibbles.hpp"

namespace pel::trie_detail {

struct TrieNodeRef {
  // 0: no node; 1..31: `bytes` holds the node's whole RLP; 32: `bytes` is its hash.
  uint8_t size = 0;
  std::array<uint8_t, 32> bytes{};

  bool empty() const { return size == 0; }
  bool is_hash() const { return size == 32; }
  BytesView view() const { return {bytes.data(), size}; }
  Hash hash() const { return Hash::from_view(view()); }
  // Bytes this reference takes inside the parent's RLP.
  size_t encoded_size() const { return size == 0 ? 1 : (size == 32 ? 33 : size); }
  void append_to(Bytes& out) const;
};

// The reference for a node whose RLP is `rlp`: embedded or hashed.
TrieNodeRef make_ref(BytesView rlp);
TrieNodeRef make_hash_ref(const Hash& hash);

// Each writes one node's RLP over `out`.
void encode_leaf(Bytes& out, NibblesView path, BytesView value);
void encode_extension(Bytes& out, NibblesView path, const TrieNodeRef& child);
void encode_branch(Bytes& out, const std::array<TrieNodeRef, 16>& children, BytesView value);

// The trie's root hash given the root node's reference: a root is hashed even
// when its RLP is short enough to be embedded.
Hash root_hash_of(const TrieNodeRef& root);

}  // namespace pel::trie_detail
