#pragma once
// How the pool ranks transactions by price: for block selection (effective tip under
// the next base fee) and for eviction (the cheapest sender tail goes first).
// Internal to the pool.

#include <compare>
#include <cstdint>

#include "core/fixed_bytes.hpp"
#include "core/transaction.hpp"
#include "core/uint256.hpp"

namespace pel::txpool_detail {

// The miner's reward per gas under `base_fee`: min(tip, max_fee - base_fee).
// Precondition: max_fee_per_gas >= base_fee.
inline U256 effective_tip(const Transaction& txn, const U256& base_fee) {
  U256 headroom = txn.max_fee_per_gas - base_fee;
  return txn.max_priority_fee_per_gas < headroom ? txn.max_priority_fee_per_gas : headroom;
}

// A transaction's price under a base fee: every transaction that can pay the base fee
// outranks every one that cannot; the former by effective tip, the latter by max fee
// (the closest to payable first).
struct PriceRank {
  bool pays_base_fee = false;
  U256 value;
  friend auto operator<=>(const PriceRank&, const PriceRank&) = default;
};

inline PriceRank price_rank(const Transaction& txn, const U256& base_fee) {
  if (txn.max_fee_per_gas < base_fee) return {false, txn.max_fee_per_gas};
  return {true, effective_tip(txn, base_fee)};
}

// One sender's eviction candidate: its highest nonce, so evicting it never opens a gap.
// Ordered cheapest first: queued before pending, then by price, then the later arrival,
// then by hash; sequences are unique, so the order is total.
struct EvictionKey {
  bool pending = false;
  PriceRank price;
  uint64_t sequence = 0;
  Hash hash;
  Address sender;
  uint64_t nonce = 0;

  // True when `this` should be evicted before `other`.
  bool cheaper_than(const EvictionKey& other) const {
    if (pending != other.pending) return !pending;
    if (price != other.price) return price < other.price;
    if (sequence != other.sequence) return sequence > other.sequence;
    return hash < other.hash;
  }
};

struct CheaperFirst {
  bool operator()(const EvictionKey& a, const EvictionKey& b) const { return a.cheaper_than(b); }
};

// Replacement rule (geth's legacypool list.Add): the new transaction must raise both
// the max fee and the tip strictly, and each by at least `bump_percent` (rounded down).
bool outbids(const Transaction& old_txn, const Transaction& new_txn, unsigned bump_percent);

}  // namespace pel::txpool_detail
