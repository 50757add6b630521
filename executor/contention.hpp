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
double predicted_conflict_share(const BlockInput& block, size_t sample, size_t window);

}  // namespace pel
