// Block-STM over a scripted mock VM: every run must produce exactly the sequential
// executor's output, whatever the thread count, contention, or where the adaptive
// fallback halts it.
#include <gtest/gtest.h>
#include <oneapi/tbb/global_control.h>

#include <array>
#include <random>

#include "executor/block_executor.hpp"
#include "executor/mock_vm.hpp"
#include "executor/sequential_executor.hpp"
#include "executor/test_support.hpp"
#include "state/memory_state.hpp"

namespace pel {
namespace {

using testing::first_difference;
using testing::mock_address;
using testing::MockBlock;
using testing::MockOp;
using testing::MockTxn;
using testing::MockVm;
using testing::random_mock_block;

// Let arenas of up to 8 threads really run 8, even on a 2-core machine.
const oneapi::tbb::global_control kAllowEightThreads(
    oneapi::tbb::global_control::max_allowed_parallelism, 8);

BlockOutput run(const MockBlock& block, ExecutorConfig config) {
  BlockExecutor<MockVm> executor(MockVm(&block.script), config);
  return executor.execute(block.input(), block.state);
}

TEST(BlockStm, MatchesSequentialOnRandomMockBlocks) {
  testing::for_each_random_mock_block(
      [](const MockBlock& block, const BlockOutput& expected, int seed, size_t keys) {
        for (unsigned threads : {1u, 2u, 4u, 8u}) {
          // Claim batches of one (the paper's scheduler), an odd size and the largest.
          const uint32_t claim_batch = std::array{1u, 7u, 16u}[(seed + threads) % 3];
          BlockOutput actual =
              run(block, {.threads = threads, .adaptive = false, .claim_batch = claim_batch});
          ASSERT_EQ(first_difference(expected, actual), "")
              << "seed " << seed << " keys " << keys << " threads " << threads << " claim batch "
              << claim_batch;
          EXPECT_EQ(actual.metrics.mode, ExecutionMode::kParallel);
          EXPECT_GE(actual.metrics.executions, block.txns.size());
          EXPECT_GE(actual.metrics.validations, block.txns.size());
        }
      });
}

TEST(BlockStm, HaltingAnywhereAndFinishingSequentiallyMatches) {
  int seeds = testing::determinism_seeds(6);
  int runs = 0, halted = 0;
  for (int seed = 0; seed < seeds; ++seed) {
    for (size_t keys : {3u, 50u, 2000u}) {
      MockBlock block = random_mock_block(seed * 7919 + keys, 400, keys);
      BlockOutput expected =
          execute_block_sequential(MockVm(&block.script), block.input(), block.state);
      for (unsigned threads : {2u, 4u}) {
        ExecutorConfig config{.threads = threads, .adaptive = true, .min_parallel_txns = 0};
        config.max_wasted_ratio = -1.0;  // halt as soon as a worker has judged
        config.contention_sample = 0;    // (and do not predict: always start)
        config.learn_from_timing = false;
        config.contention_min_executions = 1 + seed * 37 % 100;
        BlockOutput actual = run(block, config);
        ASSERT_EQ(first_difference(expected, actual), "")
            << "seed " << seed << " keys " << keys << " threads " << threads;
        // A worker halts once it has run min_executions; an unlucky one may never
        // get that many before the block is done.
        ++runs;
        if (actual.metrics.mode == ExecutionMode::kParallelThenSequential) {
          ++halted;
          EXPECT_EQ(actual.metrics.fallback_reason, FallbackReason::kHighContention);
        }
      }
    }
  }
  EXPECT_GE(halted * 2, runs);
}

TEST(BlockStm, ExecutorIsReusableAcrossBlocksOfDifferentSizes) {
  MockBlock big = random_mock_block(1, 700, 50);
  MockBlock small = random_mock_block(2, 40, 5);
  MockBlock empty = random_mock_block(3, 0, 5);
  std::vector<MockTxn> script;  // the VM reads the script of the block at hand
  BlockExecutor<MockVm> executor(MockVm(&script), {.threads = 2, .adaptive = false});
  for (const MockBlock* block : {&big, &small, &empty, &big, &small}) {
    script = block->script;
    BlockOutput expected = execute_block_sequential(MockVm(&script), block->input(), block->state);
    BlockOutput actual = executor.execute(block->input(), block->state);
    ASSERT_EQ(first_difference(expected, actual), "") << block->txns.size();
  }
}

TEST(BlockStm, AdaptivePolicyFallsBackAndSaysWhy) {
  MockBlock block = random_mock_block(5, 100, 100);
  BlockOutput expected =
      execute_block_sequential(MockVm(&block.script), block.input(), block.state);
  struct Case {
    ExecutorConfig config;
    FallbackReason reason;
  } cases[] = {
      {{.threads = 4, .sequential = true}, FallbackReason::kConfiguredSequential},
      {{.threads = 1}, FallbackReason::kSingleThread},
      {{.threads = 4, .min_parallel_txns = 101}, FallbackReason::kSmallBlock},
  };
  for (const Case& c : cases) {
    BlockOutput actual = run(block, c.config);
    EXPECT_EQ(first_difference(expected, actual), "");
    EXPECT_EQ(actual.metrics.mode, ExecutionMode::kSequential);
    EXPECT_EQ(actual.metrics.fallback_reason, c.reason);
  }
}

TEST(BlockStm, HeavyContentionHaltsAndStillMatches) {
  // Every transaction reads and writes the same two keys: speculation is wasted.
  MockBlock block;
  block.env.coinbase = mock_address(0xc0ffee);
  size_t n = 2000;
  block.script.resize(n);
  for (size_t i = 0; i < n; ++i) {
    StateKey a = StateKey::balance(mock_address(i % 2));
    StateKey b = StateKey::balance(mock_address(1 - i % 2));
    block.script[i].ops = {{MockOp::kRead, a, 0},
                           {MockOp::kRead, b, 0},
                           {MockOp::kWrite, a, i},
                           {MockOp::kWrite, b, i + 1}};
  }
  block.txns = testing::numbered_txns(n);
  block.senders.assign(n, Address{});
  BlockOutput expected =
      execute_block_sequential(MockVm(&block.script), block.input(), block.state);
  ExecutorConfig config{.threads = 2};
  config.contention_sample = 0;  // start anyway (every mock transaction has one sender)
  config.learn_from_timing = false;
  BlockOutput actual = run(block, config);
  EXPECT_EQ(first_difference(expected, actual), "");
  // Whether it halts depends on timing (two cores may run it nearly in lockstep), but
  // when it does, the reason is recorded and most of the block ran sequentially.
  if (actual.metrics.mode == ExecutionMode::kParallelThenSequential) {
    EXPECT_EQ(actual.metrics.fallback_reason, FallbackReason::kHighContention);
    EXPECT_GT(actual.metrics.sequential_txns, 0u);
  }
}

}  // namespace
}  // namespace pel
