#include "state/trie_node_cache.hpp"

namespace pel {

Result<Bytes> CachingTrieNodes::read_node(const Hash& hash) const {
  Shard& shard = shards_[std::hash<Hash>{}(hash) % kShards];
  {
    std::lock_guard lock(shard.mutex);
    auto it = shard.nodes.find(hash);
    if (it != shard.nodes.end()) return it->second;
  }
  auto node = base_.read_node(hash);
  if (!node) return node.error();
  std::lock_guard lock(shard.mutex);
  shard.nodes.emplace(hash, *node);
  return node;
}

void CachingTrieNodes::clear() {
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    shard.nodes = {};
  }
}

}  // namespace pel
