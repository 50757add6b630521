// ChainStore::rollback_to: undoing blocks from their change sets.

#include <algorithm>
#include <vector>

#include "crypto/keccak.hpp"
#include "state/chain_store.hpp"
#include "state/change_set.hpp"

namespace pel {

Status ChainStore::rollback_to(uint64_t number) {
  std::lock_guard write_lock(write_mutex_);
  std::optional<ChainHead> current = head();
  if (!current) return make_error("cannot roll back: the store has no genesis yet");
  if (number > current->number) {
    return make_error("cannot roll back to block " + std::to_string(number) +
                      ": the head is block " + std::to_string(current->number));
  }
  auto target = canonical_hash(number);
  if (!target) return target.error();
  if (!target->has_value()) {
    return make_error("cannot roll back to block " + std::to_string(number) +
                      ": it is not in the canonical chain");
  }
  Status status;
  while (current->number > number) {
    status = rollback_one(*current);
    if (!status) break;
    current = head();
  }
  reset_account_trie();
  return status;
}

Status ChainStore::rollback_one(const ChainHead& current) {
  const std::string block = "block " + std::to_string(current.number);
  const auto number = schema::number_key(current.number);
  auto raw = db_->get(Column::kChangeSets, number);
  if (!raw) return raw.error();
  if (!raw->has_value()) return make_error(block + " has no change set: cannot roll it back");
  auto change_set = decode_change_set(**raw);
  if (!change_set) return make_error(block + ": " + change_set.error().message);
  auto body = body_by_hash(current.hash);
  if (!body) return body.error();
  if (!body->has_value()) return make_error(block + " has no body: cannot roll it back");
  auto parent = header_by_hash(current.header.parent_hash);
  if (!parent) return parent.error();
  if (!parent->has_value()) return make_error(block + ": its parent's header is missing");

  // Each column's keys in ascending order, as commit_block writes them: RocksDB's
  // memtable inserts a run of ascending keys much faster than the same keys at random.
  // The change set lists accounts and slots in order already; the transaction hashes
  // are sorted here.
  std::vector<Hash> txn_hashes;
  txn_hashes.reserve((*body)->transactions.size());
  for (const Transaction& txn : (*body)->transactions) {
    txn_hashes.push_back(keccak256(encode_transaction(txn)));
  }
  std::sort(txn_hashes.begin(), txn_hashes.end());
  auto batch = db_->make_batch();
  for (const auto& entry : change_set->accounts) {
    if (entry.previous) {
      batch.put(Column::kAccounts, entry.address.view(), schema::encode_account(*entry.previous));
    } else {
      batch.erase(Column::kAccounts, entry.address.view());
    }
  }
  for (const auto& entry : change_set->slots) {
    const auto key = schema::storage_key(entry.address, entry.slot);
    if (entry.previous.is_zero()) {
      batch.erase(Column::kStorage, key);
    } else {
      batch.put(Column::kStorage, key, schema::encode_slot_value(entry.previous));
    }
  }
  for (const Hash& hash : txn_hashes) batch.erase(Column::kTxIndex, hash.view());
  batch.erase(Column::kCanonical, number);
  batch.erase(Column::kChangeSets, number);
  batch.put(Column::kMeta, as_view(schema::kHeadKey),
            schema::encode_head({current.number - 1, current.header.parent_hash}));
  PEL_TRY(db_->write(batch));
  set_head(ChainHead{current.number - 1, current.header.parent_hash, std::move(**parent)});
  return {};
}

}  // namespace pel
