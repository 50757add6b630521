#include "node/txpool_sender.hpp"

#include <cassert>

namespace pel::txpool_detail {

const PoolEntry* SenderTxns::find(uint64_t nonce) const {
  auto it = txns_.find(nonce);
  return it == txns_.end() ? nullptr : &it->second;
}

void SenderTxns::advance_pending() {
  // Nonces below 2^64-1 only (prepare() rejects the maximum), so ++ cannot wrap.
  for (auto it = txns_.find(pending_end_); it != txns_.end() && it->first == pending_end_; ++it) {
    ++pending_end_;
    pending_gas_ += it->second.txn->txn.gas_limit;
  }
}

void SenderTxns::recount_pending_gas() {
  pending_gas_ = 0;
  for (auto it = txns_.begin(); it != txns_.end() && it->first < pending_end_; ++it)
    pending_gas_ += it->second.txn->txn.gas_limit;
}

void SenderTxns::insert(PoolEntry entry) {
  const uint64_t nonce = entry.txn->txn.nonce;
  assert(nonce >= account_.nonce);
  spent_ = spent_ + entry.txn->cost;
  [[maybe_unused]] bool inserted = txns_.emplace(nonce, std::move(entry)).second;
  assert(inserted);
  if (nonce == pending_end_) advance_pending();
}

PoolEntry SenderTxns::replace(PoolEntry entry) {
  auto it = txns_.find(entry.txn->txn.nonce);
  assert(it != txns_.end());
  PoolEntry old = std::move(it->second);
  remove_cost(old);
  spent_ = spent_ + entry.txn->cost;
  if (it->first < pending_end_)
    pending_gas_ = pending_gas_ - old.txn->txn.gas_limit + entry.txn->txn.gas_limit;
  it->second = std::move(entry);
  return old;
}

PoolEntry SenderTxns::erase(uint64_t nonce) {
  auto it = txns_.find(nonce);
  assert(it != txns_.end());
  PoolEntry old = std::move(it->second);
  remove_cost(old);
  txns_.erase(it);
  if (nonce < pending_end_) {
    pending_end_ = nonce;
    recount_pending_gas();
  }
  return old;
}

std::vector<PoolEntry> SenderTxns::set_account(const TxPoolAccount& account) {
  account_ = account;
  std::vector<PoolEntry> removed;
  for (auto it = txns_.begin(); it != txns_.end();) {
    // Included or replaced by a block (nonce below the account's), or unpayable now:
    // geth drops both on reset; the latter's successors fall behind a gap (queued).
    if (it->first < account.nonce || it->second.txn->cost > account.balance) {
      remove_cost(it->second);
      removed.push_back(std::move(it->second));
      it = txns_.erase(it);
    } else {
      ++it;
    }
  }
  pending_end_ = account.nonce;
  pending_gas_ = 0;
  advance_pending();
  return removed;
}

std::vector<PoolEntry> SenderTxns::drop_over_gas(uint64_t gas_limit) {
  std::vector<PoolEntry> removed;
  for (auto it = txns_.begin(); it != txns_.end();) {
    if (it->second.txn->txn.gas_limit > gas_limit) {
      if (it->first < pending_end_) pending_end_ = it->first;
      remove_cost(it->second);
      removed.push_back(std::move(it->second));
      it = txns_.erase(it);
    } else {
      ++it;
    }
  }
  recount_pending_gas();
  return removed;
}

}  // namespace pel::txpool_detail
