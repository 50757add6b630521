#pragma once
// Predicting contention before a block runs. Every Ethereum transaction touches its
// sender (nonce and balance) and, most often, its recipient (value, or the contract
// it calls), so the pairs (sender, to) of a sample of the block show how often a
// transaction depends on one just before it, whatever the VM.

#include <cstddef>

#include "executor/block.hpp"

namespace pel {

// The share of the first `sample` transactions that touch an account (sender or
// recipient, the coinbase excepted: its fees are deltas) that one of the `window`
// transactions before them touched. Near 0 for unrelated transfers, near 1 when a
// few accounts trade with each other.
//
// `stop_above`: once the share among the transactions checked so far (checked in
// chunks of kContentionChunk) exceeds it, returns that share without looking further.
// The executor only asks whether the share exceeds its limit, and a block of a few
// trading accounts answers that within the first chunk: on a 1,000-transaction block
// of 2 accounts the full sample cost about 5% of executing the block.
inline constexpr size_t kContentionChunk = 64;
double predicted_conflict_share(const BlockInput& block, size_t sample, size_t window,
                                double stop_above = 2.0);

}  // namespace pel
