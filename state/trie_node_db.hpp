#pragma once
// Trie nodes read from the database's kTrieNodes column. Nodes are addressed by
// their hash and never change or go away (no pruning yet), so reads need no
// snapshot: any node a trie asks for was written before the trie learned its hash.

#include "state/database.hpp"
#include "state/trie_node_store.hpp"

namespace pel {

class DatabaseTrieNodes final : public TrieNodeReader {
 public:
  explicit DatabaseTrieNodes(const Database& db) : db_(db) {}
  Result<Bytes> read_node(const Hash& hash) const override;

  // Appends the nodes to `batch`, to be written with the block that made them.
  static void put(WriteBatch& batch, const TrieNodeBatch& nodes);

 private:
  const Database& db_;
};

}  // namespace pel
