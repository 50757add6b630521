#pragma once
// Where trie nodes live between blocks.
//
// A node is addressed by the keccak-256 of its RLP. Nodes whose RLP is shorter
// than 32 bytes are embedded in their parent and never stored on their own,
// except a trie's root, which is always stored under its hash. Storage tries
// and the account trie share one namespace: equal subtries are one node set.
//
// A Trie reads nodes through TrieNodeReader when it walks into a part it has
// not loaded yet, and hands the nodes it created to its owner as a
// TrieNodeBatch on commit(); the owner writes them (in the same database write
// as the block, for RocksDB) before it lets the trie forget them.

#include <cstddef>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>
#include <vector>

#include "core/bytes.hpp"
#include "core/fixed_bytes.hpp"
#include "core/result.hpp"

namespace pel {

// The root of the empty trie: keccak256(rlp("")) = keccak256(0x80).
inline constexpr Hash kEmptyTrieRoot{{0x56, 0xe8, 0x1f, 0x17, 0x1b, 0xcc, 0x55, 0xa6,
                                      0xff, 0x83, 0x45, 0xe6, 0x92, 0xc0, 0xf8, 0x6e,
                                      0x5b, 0x48, 0xe0, 0x1b, 0x99, 0x6c, 0xad, 0xc0,
                                      0x01, 0x62, 0x2f, 0xb5, 0xe3, 0x63, 0xb4, 0x21}};

// One node to persist: its hash (the key) and its RLP (the value).
struct TrieNodeRecord {
  Hash hash;
  Bytes rlp;
};
using TrieNodeBatch = std::vector<TrieNodeRecord>;

class TrieNodeReader {
 public:
  virtual ~TrieNodeReader() = default;
  // The RLP of the node whose keccak-256 is `hash`. A missing node is an error
  // (the database does not hold the trie it claims to). May be called from
  // several threads at once.
  virtual Result<Bytes> read_node(const Hash& hash) const = 0;
};

// Nodes in a hash map: for tests, tools, and tries that never touch disk.
class MemoryTrieNodeStore final : public TrieNodeReader {
 public:
  Result<Bytes> read_node(const Hash& hash) const override;
  void write(const TrieNodeBatch& batch);
  void write(const TrieNodeRecord& record);
  size_t size() const;

 private:
  mutable std::shared_mutex mutex_;
  std::unordered_map<Hash, Bytes> nodes_;
};

}  // namespace pel
