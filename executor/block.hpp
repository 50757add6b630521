#pragma once
// A block as the executors take it, and what they give back.

#include <span>
#include <vector>

#include "core/transaction.hpp"
#include "executor/metrics.hpp"
#include "executor/vm.hpp"
#include "state/write_set.hpp"

namespace pel {

struct BlockInput {
  BlockEnv env;
  std::span<const Transaction> txns;
  std::span<const Address> senders;  // senders[i] signed txns[i] (see recover_senders)
};

struct BlockOutput {
  // One per transaction, in block order: its result and its write set.
  std::vector<TxnOutput> txns;
  // The final value of every key the block wrote (in no particular order; see
  // StateChanges::sort_by_key) and the code it deployed.
  StateChanges changes;
  // Gas used by the valid transactions (invalid ones use none).
  uint64_t gas_used = 0;
  BlockMetrics metrics;
};

// An output for a block of `txns` transactions in the storage of `spare`, an output
// its owner is done with. Everything is cleared but the per-transaction outputs,
// which keep stale values: every executor assigns each of them. (Reusing them saves
// allocating and first touching about half a kilobyte per transaction on one thread
// before the workers start.)
BlockOutput reuse_output(BlockOutput&& spare, size_t txns);

// Whether two executions of a block agree: every transaction's result and write set,
// the gas, and the change set as a set (its order is free). Metrics are ignored.
bool same_output(const BlockOutput& a, const BlockOutput& b);

// Index of the first transaction that breaks the block gas rule (its gas limit above
// the gas the block has left after the transactions before it), or txns.size() when
// none does. Validators reject such a block; builders keep the prefix before it.
size_t first_txn_over_block_gas(const BlockInput& block, const std::vector<TxnOutput>& outputs);

}  // namespace pel
