#pragma once
// Trie nodes read from the database's kTrieNodes column. Nodes are addressed by
// their hash and never change or go away (no pruning yet), so reads need no
// snapshot: any node a trie asks for was written before the trie learned its hash,
// into kTrieNodes or into a block's trie journal that `journal` is still moving.

#include "state/database.hpp"
#include "state/trie_journal_applier.hpp"
#include "state/trie_node_store.hpp"

namespace pel {

class DatabaseTrieNodes final : public TrieNodeReader {
 public:
  explicit DatabaseTrieNodes(const Database& db, const TrieJournalApplier* journal = nullptr)
      : db_(db), journal_(journal) {}
  Result<Bytes> read_node(const Hash& hash) const override;

 private:
  const Database& db_;
  const TrieJournalApplier* journal_;
};

}  // namespace pel
