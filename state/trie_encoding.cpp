#include "state/trie_encoding.hpp"

#include <cassert>
#include <cstring>

#include "core/rlp.hpp"
#include "crypto/keccak.hpp"
#include "state/trie_node_store.hpp"

namespace pel::trie_detail {
namespace {

constexpr uint8_t kEmptyString = 0x80;

size_t string_item_size(BytesView payload) {
  if (payload.size() == 1 && payload[0] < 0x80) return 1;
  return rlp::header_size(payload.size()) + payload.size();
}

// Hex-prefix paths are built in a per-thread buffer: node encoding runs on many
// threads and must not allocate per node.
BytesView hex_prefix_scratch(NibblesView path, bool is_leaf) {
  thread_local Bytes scratch;
  scratch.clear();
  append_hex_prefix(scratch, path, is_leaf);
  return scratch;
}

}  // namespace

void TrieNodeRef::append_to(Bytes& out) const {
  if (size == 0) {
    out.push_back(kEmptyString);
  } else if (size == 32) {
    rlp::encode_bytes(out, view());
  } else {
    out.insert(out.end(), bytes.begin(), bytes.begin() + size);
  }
}

TrieNodeRef make_ref(BytesView rlp) {
  assert(!rlp.empty());
  TrieNodeRef ref;
  if (rlp.size() < 32) {
    ref.size = static_cast<uint8_t>(rlp.size());
    std::memcpy(ref.bytes.data(), rlp.data(), rlp.size());
  } else {
    ref.size = 32;
    ref.bytes = keccak256(rlp).bytes;
  }
  return ref;
}

TrieNodeRef make_hash_ref(const Hash& hash) {
  TrieNodeRef ref;
  ref.size = 32;
  ref.bytes = hash.bytes;
  return ref;
}

void encode_leaf(Bytes& out, NibblesView path, BytesView value) {
  BytesView hp = hex_prefix_scratch(path, true);
  out.clear();
  rlp::encode_list_header(out, string_item_size(hp) + string_item_size(value));
  rlp::encode_bytes(out, hp);
  rlp::encode_bytes(out, value);
}

void encode_extension(Bytes& out, NibblesView path, const TrieNodeRef& child) {
  BytesView hp = hex_prefix_scratch(path, false);
  out.clear();
  rlp::encode_list_header(out, string_item_size(hp) + child.encoded_size());
  rlp::encode_bytes(out, hp);
  child.append_to(out);
}

void encode_branch(Bytes& out, const std::array<TrieNodeRef, 16>& children, BytesView value) {
  size_t payload = string_item_size(value);
  for (const auto& child : children) payload += child.encoded_size();
  out.clear();
  out.reserve(payload + 3);
  rlp::encode_list_header(out, payload);
  for (const auto& child : children) child.append_to(out);
  rlp::encode_bytes(out, value);
}

Hash root_hash_of(const TrieNodeRef& root) {
  if (root.empty()) return kEmptyTrieRoot;
  if (root.is_hash()) return root.hash();
  return keccak256(root.view());
}

}  // namespace pel::trie_detail
