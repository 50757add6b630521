#include "state/trie_node_db.hpp"

namespace pel {

Result<Bytes> DatabaseTrieNodes::read_node(const Hash& hash) const {
  auto node = db_.get(Column::kTrieNodes, hash.view());
  if (!node) return node.error();
  if (!node->has_value() && journal_ != nullptr) {
    // Perhaps in the journal of the block just committed: look again once it moved.
    PEL_TRY(journal_->wait_idle());
    node = db_.get(Column::kTrieNodes, hash.view());
    if (!node) return node.error();
  }
  if (!node->has_value()) {
    return make_error("trie node " + hash.hex() + " is missing from the database");
  }
  return std::move(**node);
}

}  // namespace pel
