#include "state/trie_node_store.hpp"

namespace pel {

Result<Bytes> MemoryTrieNodeStore::read_node(const Hash& hash) const {
  std::shared_lock lock(mutex_);
  auto it = nodes_.find(hash);
  if (it == nodes_.end()) return make_error("trie: missing node " + hash.hex());
  return it->second;
}

void MemoryTrieNodeStore::write(const TrieNodeBatch& batch) {
  std::unique_lock lock(mutex_);
  for (const auto& record : batch) nodes_.insert_or_assign(record.hash, record.rlp);
}

void MemoryTrieNodeStore::write(const TrieNodeRecord& record) {
  std::unique_lock lock(mutex_);
  nodes_.insert_or_assign(record.hash, record.rlp);
}

size_t MemoryTrieNodeStore::size() const {
  std::shared_lock lock(mutex_);
  return nodes_.size();
}

}  // namespace pel
