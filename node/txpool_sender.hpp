#pragma once
// One sender's transactions in the pool, by nonce, with the account state they were
// validated against. Internal to the pool (guarded by its lock).
//
// Invariant: every nonce is >= the account nonce, and the nonces in
// [account nonce, pending_end) are all present: that run is pending, the rest queued.

#include <cstdint>
#include <map>
#include <vector>

#include "node/txpool.hpp"

namespace pel::txpool_detail {

struct PoolEntry {
  PooledTxnPtr txn;
  uint64_t sequence = 0;  // arrival order in the pool: breaks price ties deterministically
};

class SenderTxns {
 public:
  explicit SenderTxns(const TxPoolAccount& account)
      : account_(account), pending_end_(account.nonce) {}

  const TxPoolAccount& account() const { return account_; }
  bool empty() const { return txns_.empty(); }
  size_t size() const { return txns_.size(); }
  uint64_t pending_end() const { return pending_end_; }
  size_t pending_count() const { return static_cast<size_t>(pending_end_ - account_.nonce); }
  size_t queued_count() const { return size() - pending_count(); }
  // Sum of the pending run's gas limits.
  uint64_t pending_gas() const { return pending_gas_; }
  // Sum of the pooled transactions' costs; never above 2^256-1 because each addition
  // was checked against the balance.
  const U256& spent() const { return spent_; }

  const std::map<uint64_t, PoolEntry>& txns() const { return txns_; }
  const PoolEntry* find(uint64_t nonce) const;
  const PoolEntry& tail() const { return txns_.rbegin()->second; }  // highest nonce; not empty

  // A nonce not yet present; promotes what follows when it fills a gap.
  void insert(PoolEntry entry);
  // Same nonce, new transaction; returns the old entry.
  PoolEntry replace(PoolEntry entry);
  // Removes one nonce; later pending nonces become queued behind the new gap.
  PoolEntry erase(uint64_t nonce);
  // New account state after a block: drops nonces below the account nonce and
  // transactions whose own cost exceeds the balance, then recomputes the pending run.
  std::vector<PoolEntry> set_account(const TxPoolAccount& account);
  // Drops transactions asking for more gas than `gas_limit`.
  std::vector<PoolEntry> drop_over_gas(uint64_t gas_limit);

 private:
  void remove_cost(const PoolEntry& entry) { spent_ = spent_ - entry.txn->cost; }
  void advance_pending();
  void recount_pending_gas();

  TxPoolAccount account_;
  std::map<uint64_t, PoolEntry> txns_;
  uint64_t pending_end_;
  uint64_t pending_gas_ = 0;
  U256 spent_;
};

}  // namespace pel::txpool_detail
