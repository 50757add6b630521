#pragma once
// Executing a block's transactions on the state after its parent, and what a block
// derives from that: the block producer, `pel import` and `pel replay` share it, so
// a block is executed the same way wherever it comes from.

#include <span>
#include <vector>

#include "core/block.hpp"
#include "core/chain_config.hpp"
#include "core/receipt.hpp"
#include "core/result.hpp"
#include "executor/block.hpp"
#include "executor/vm.hpp"

namespace pel {

// What the VM sees of a block: its number, time, fee recipient (the header's
// beneficiary: in clique, geth's convention, usually the zero address), base fee (zero
// before London) and gas limit.
BlockEnv block_env(const BlockHeader& header, const ChainConfig& config);

// The receipts of a block whose transactions all executed (none invalid): status,
// cumulative gas and logs, one per transaction.
std::vector<Receipt> make_receipts(std::span<const Transaction> txns,
                                   const std::vector<TxnOutput>& outputs);

// An imported block's execution must be valid as a whole: no invalid transaction and
// no transaction over the gas left in the block. The error names the first offender:
// "transaction 3 (0xab..): nonce too low".
Status check_block_execution(const BlockInput& block, const BlockOutput& output,
                             std::span<const Hash> txn_hashes);

}  // namespace pel
