#pragma once
// A TrieNodeReader that remembers what it read. The store prefetches the account
// trie paths a block touches with parallel lookups, then applies the block's
// changes on one thread: the second walk finds every node here instead of going
// back to the database. Cleared after each block.

#include <array>
#include <mutex>
#include <unordered_map>

#include "state/trie_node_store.hpp"

namespace pel {

class CachingTrieNodes final : public TrieNodeReader {
 public:
  explicit CachingTrieNodes(const TrieNodeReader& base) : base_(base) {}
  Result<Bytes> read_node(const Hash& hash) const override;
  void clear();

 private:
  struct Shard {
    std::mutex mutex;
    std::unordered_map<Hash, Bytes> nodes;
  };
  static constexpr size_t kShards = 32;

  const TrieNodeReader& base_;
  mutable std::array<Shard, kShards> shards_;
};

}  // namespace pel
