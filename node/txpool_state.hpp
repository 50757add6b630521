#pragma once
// The pool's indices, all guarded by TxPool::mutex_. Internal to the pool.

#include <optional>
#include <set>
#include <unordered_map>

#include "node/txpool.hpp"
#include "node/txpool_price.hpp"
#include "node/txpool_sender.hpp"

namespace pel {

struct TxPool::State {
  struct Sender {
    txpool_detail::SenderTxns txns;
    std::optional<txpool_detail::EvictionKey> eviction_key;  // its entry in `tails`
  };

  U256 base_fee;
  uint64_t gas_limit = 0;
  // Bumped by every on_new_block(): a submission that read a new sender's account
  // before it re-reads, so no transaction is validated against a superseded state.
  uint64_t epoch = 0;
  uint64_t next_sequence = 0;

  std::unordered_map<Hash, PooledTxnPtr> by_hash;
  std::unordered_map<Address, Sender> senders;
  // Every sender's highest nonce, cheapest first: the eviction candidates.
  std::set<txpool_detail::EvictionKey, txpool_detail::CheaperFirst> tails;

  size_t pending = 0;
  size_t queued = 0;
  uint64_t pending_gas = 0;
  TxPoolStats counters;  // only the counter fields are used

  size_t total() const { return pending + queued; }

  txpool_detail::EvictionKey key_of(const Address& address, const Sender& sender) const;
  // Re-files the sender's eviction candidate after any change to its transactions or
  // to the base fee.
  void reindex(const Address& address, Sender& sender);
  // Runs `change` on the sender and keeps the pending and queued totals and the
  // eviction index in step.
  template <class Change>
  auto update(const Address& address, Sender& sender, Change&& change) {
    const size_t pending_before = sender.txns.pending_count();
    const size_t queued_before = sender.txns.queued_count();
    const uint64_t gas_before = sender.txns.pending_gas();
    auto result = change(sender.txns);
    pending = pending - pending_before + sender.txns.pending_count();
    queued = queued - queued_before + sender.txns.queued_count();
    const uint64_t gas_after = sender.txns.pending_gas();
    pending_gas = pending_gas - gas_before + gas_after;
    if (gas_after > gas_before) counters.pending_gas_added += gas_after - gas_before;
    reindex(address, sender);
    return result;
  }
  // Removes a sender that holds nothing any more.
  void erase_if_empty(const Address& address);
  // Drops the sender's highest nonce to make room (the sender must hold one).
  void evict_tail(const Address& address);
  void forget(const std::vector<txpool_detail::PoolEntry>& removed, uint64_t& counter);
};

}  // namespace pel
