// Differential property test: random blocks of transfers, from 2 to 100,000
// accounts, skewed recipients, the coinbase sending and receiving, self-transfers,
// nonce gaps, insufficient funds and bad fees. Block-STM and the declared run (the
// dependency graph of the transfers' declared keys) at 1, 2, 4 and 8 threads, and the
// adaptive executor, must reproduce the sequential output exactly: every
// result, every write set, the gas, and the final state.
//
// PEL_DETERMINISM_SEEDS scales the number of seeds (the default keeps the run short,
// also under ThreadSanitizer).
#include <gtest/gtest.h>
#include <oneapi/tbb/global_control.h>

#include "executor/block_executor.hpp"
#include "executor/sequential_executor.hpp"
#include "executor/test_support.hpp"
#include "executor/transfer_vm.hpp"
#include "executor/transfer_workload.hpp"

namespace pel {
namespace {

const oneapi::tbb::global_control kAllowEightThreads(
    oneapi::tbb::global_control::max_allowed_parallelism, 8);

TransferWorkloadOptions edgy(uint64_t seed, size_t accounts, double zipf, size_t txns) {
  TransferWorkloadOptions o;
  o.seed = seed;
  o.accounts = accounts;
  o.txns = txns;
  o.recipient_zipf = zipf;
  o.coinbase_sender_share = 0.04;
  o.coinbase_recipient_share = 0.05;
  o.self_transfer_share = 0.03;
  o.nonce_gap_share = 0.03;
  o.insufficient_funds_share = 0.03;
  o.bad_fee_share = 0.02;
  o.calldata_share = 0.1;
  o.zero_value_share = 0.05;
  return o;
}

void expect_all_executors_agree(const TransferWorkload& w, const std::string& context) {
  BlockInput block = w.input();
  BlockOutput expected = execute_block_sequential(TransferVm{}, block, w.state);
  for (unsigned threads : {1u, 2u, 4u, 8u}) {
    for (uint32_t claim_batch : {1u, 16u}) {
      BlockExecutor<TransferVm> block_stm({}, {.threads = threads,
                                               .adaptive = false,
                                               .declared_access = false,
                                               .claim_batch = claim_batch});
      BlockOutput actual = block_stm.execute(block, w.state);
      ASSERT_EQ(testing::first_difference(expected, actual), "")
          << context << " threads " << threads << " claim batch " << claim_batch;
      ASSERT_EQ(actual.metrics.mode, ExecutionMode::kParallel);
    }
    BlockExecutor<TransferVm> declared({}, {.threads = threads, .adaptive = false});
    BlockOutput actual = declared.execute(block, w.state);
    ASSERT_EQ(testing::first_difference(expected, actual), "")
        << context << " threads " << threads << " declared";
    ASSERT_EQ(actual.metrics.mode, ExecutionMode::kDeclared);
  }
  ExecutorConfig adaptive_config{.threads = 2, .min_parallel_txns = 0};
  adaptive_config.learn_from_timing = false;  // (it would time a first block sequentially)
  BlockExecutor<TransferVm> adaptive({}, adaptive_config);
  ASSERT_EQ(testing::first_difference(expected, adaptive.execute(block, w.state)), "")
      << context << " adaptive";
}

TEST(TransferDeterminism, ParallelEqualsSequentialOnRandomBlocks) {
  int seeds = testing::determinism_seeds(2);
  for (int seed = 1; seed <= seeds; ++seed) {
    for (size_t accounts : {2u, 10u, 1000u, 100000u}) {
      for (double zipf : {0.0, 1.2}) {
        TransferWorkload w = make_transfer_workload(edgy(seed, accounts, zipf, 600));
        expect_all_executors_agree(w, "seed " + std::to_string(seed) + " accounts " +
                                          std::to_string(accounts) + " zipf " +
                                          std::to_string(zipf));
        if (HasFatalFailure()) return;
      }
    }
  }
}

TEST(TransferDeterminism, BlocksTheCoinbaseDominates) {
  // Half the transactions are sent by the coinbase, a quarter pay it: most read the
  // hot key whose other writers only add deltas.
  int seeds = testing::determinism_seeds(2);
  for (int seed = 1; seed <= seeds; ++seed) {
    TransferWorkloadOptions o = edgy(seed, 50, 0.0, 500);
    o.coinbase_sender_share = 0.5;
    o.coinbase_recipient_share = 0.25;
    expect_all_executors_agree(make_transfer_workload(o), "coinbase seed " + std::to_string(seed));
    if (HasFatalFailure()) return;
  }
}

TEST(TransferDeterminism, InvalidTransactionsAreReportedNotFatal) {
  TransferWorkloadOptions o = edgy(3, 20, 0.0, 400);
  o.nonce_gap_share = 0.2;
  o.insufficient_funds_share = 0.2;
  o.bad_fee_share = 0.1;
  TransferWorkload w = make_transfer_workload(o);
  BlockOutput out = execute_block_sequential(TransferVm{}, w.input(), w.state);
  size_t invalid = 0, valid = 0;
  for (const TxnOutput& txn : out.txns) {
    if (txn.result.status == TxnStatus::kInvalid) {
      ++invalid;
      EXPECT_TRUE(txn.writes.empty());
      EXPECT_NE(txn.result.invalid_reason, InvalidReason::kNone);
    } else {
      ++valid;
    }
  }
  EXPECT_GT(invalid, 40u);
  EXPECT_GT(valid, 100u);  // later transactions still execute
  expect_all_executors_agree(w, "invalid-heavy");
}

// An executor handed back an earlier block's output (BlockExecutor::recycle) writes
// the next block into its storage: nothing of the earlier block may show, whichever
// way the next one runs, whether it is shorter or longer.
TEST(TransferDeterminism, RecycledOutputsCarryNothingOver) {
  ExecutorConfig adaptive{.threads = 2, .min_parallel_txns = 0};
  adaptive.learn_from_timing = false;
  const std::vector<std::pair<std::string, ExecutorConfig>> configs = {
      {"sequential", {.threads = 1, .sequential = true}},
      {"block-stm", {.threads = 2, .adaptive = false, .declared_access = false}},
      {"declared", {.threads = 2, .adaptive = false}},
      {"adaptive", adaptive},  // the two-account blocks go sequential as a chain
  };
  // Valid and invalid transactions alternate between the blocks, so a stale write
  // set or result shows wherever an output is not rewritten.
  std::vector<TransferWorkload> blocks;
  blocks.push_back(make_transfer_workload(edgy(11, 1000, 1.2, 700)));
  blocks.push_back(make_transfer_workload(edgy(12, 2, 0.0, 400)));
  TransferWorkloadOptions invalid_heavy = edgy(13, 20, 0.0, 900);
  invalid_heavy.insufficient_funds_share = 0.3;
  invalid_heavy.nonce_gap_share = 0.2;
  blocks.push_back(make_transfer_workload(invalid_heavy));
  blocks.push_back(make_transfer_workload(edgy(14, 100000, 0.0, 300)));
  for (const auto& [name, config] : configs) {
    BlockExecutor<TransferVm> executor({}, config);
    for (size_t round = 0; round < 2; ++round) {
      for (size_t i = 0; i < blocks.size(); ++i) {
        BlockInput block = blocks[i].input();
        BlockOutput expected = execute_block_sequential(TransferVm{}, block, blocks[i].state);
        BlockOutput actual = executor.execute(block, blocks[i].state);
        ASSERT_EQ(testing::first_difference(expected, actual), "")
            << name << " block " << i << " round " << round;
        executor.recycle(std::move(actual));
      }
    }
  }
}

}  // namespace
}  // namespace pel
