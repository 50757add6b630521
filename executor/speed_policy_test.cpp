#include "executor/speed_policy.hpp"

#include <gtest/gtest.h>

#include "executor/block_executor.hpp"
#include "executor/transfer_vm.hpp"
#include "executor/transfer_workload.hpp"

namespace pel {
namespace {

using Choice = SpeedPolicy::Choice;

TEST(SpeedPolicy, CalibratesThenStaysParallelWhileItIsFaster) {
  SpeedPolicy policy;
  EXPECT_EQ(policy.choose(), Choice::kSequentialToCalibrate);
  policy.record(false, 10'000'000, 10'000);  // 1000 ns per transaction
  for (int block = 0; block < 20; ++block) {
    ASSERT_EQ(policy.choose(), Choice::kParallel) << block;
    policy.record(true, 6'000'000, 10'000);
  }
  EXPECT_NEAR(policy.parallel_ns_per_txn(), 600, 1);
}

// A try: two parallel blocks taking `ns` each.
void try_parallel(SpeedPolicy& policy, uint64_t ns) {
  for (int block = 0; block < 2; ++block) {
    ASSERT_EQ(policy.choose(), Choice::kParallel) << "block " << block << " of the try";
    policy.record(true, ns, 1'000);
  }
}

TEST(SpeedPolicy, BacksOffExponentiallyWhileParallelIsSlower) {
  SpeedPolicy policy;
  policy.choose();
  policy.record(false, 1'000'000, 1'000);
  try_parallel(policy, 3'000'000);  // three times slower
  for (uint32_t wait : {8u, 16u, 32u}) {
    for (uint32_t i = 0; i < wait; ++i) {
      ASSERT_EQ(policy.choose(), Choice::kSequentialFaster) << wait << " " << i;
      policy.record(false, 1'000'000, 1'000);
    }
    try_parallel(policy, 3'000'000);  // a try after `wait`
  }
  // The machine frees up: the next try is faster, and parallel stays.
  for (uint32_t i = 0; i <= 64; ++i) {  // the wait is 64 blocks by now
    if (policy.choose() == Choice::kParallel) break;
    policy.record(false, 1'000'000, 1'000);
  }
  policy.record(true, 500'000, 1'000);
  try_parallel(policy, 500'000);  // (the rest of that try, then one more block)
  EXPECT_EQ(policy.choose(), Choice::kParallel);
}

TEST(SpeedPolicy, ATryIsJudgedByItsFasterBlock) {
  SpeedPolicy policy;
  policy.choose();
  policy.record(false, 1'000'000, 1'000);
  // The first block after sequential ones wakes the workers: slow. The second shows
  // the parallel speed.
  ASSERT_EQ(policy.choose(), Choice::kParallel);
  policy.record(true, 1'500'000, 1'000);
  ASSERT_EQ(policy.choose(), Choice::kParallel);
  policy.record(true, 700'000, 1'000);
  EXPECT_NEAR(policy.parallel_ns_per_txn(), 700, 1);
  for (int block = 0; block < 10; ++block) {
    ASSERT_EQ(policy.choose(), Choice::kParallel) << block;
    policy.record(true, 700'000, 1'000);
  }
  // Parallel blocks turn slower than sequential ones: back to sequential.
  policy.record(true, 3'000'000, 1'000);
  policy.record(true, 3'000'000, 1'000);
  ASSERT_EQ(policy.choose(), Choice::kSequentialFaster);
}

TEST(SpeedPolicy, ExecutorReportsCalibrationFirst) {
  TransferWorkloadOptions o;
  o.accounts = 10'000;
  o.txns = 1'000;
  TransferWorkload w = make_transfer_workload(o);
  BlockExecutor<TransferVm> executor({}, {.threads = 2, .declared_access = false});
  BlockOutput first = executor.execute(w.input(), w.state);
  EXPECT_EQ(first.metrics.fallback_reason, FallbackReason::kCalibrating);
  EXPECT_GT(executor.speed_policy().sequential_ns_per_txn(), 0);
  // Parallel is tried, over two blocks.
  for (int block = 0; block < 2; ++block) {
    BlockOutput tried = executor.execute(w.input(), w.state);
    EXPECT_NE(tried.metrics.mode, ExecutionMode::kSequential) << block;
  }
  EXPECT_GT(executor.speed_policy().parallel_ns_per_txn(), 0);
}

TEST(SpeedPolicy, DeclaredBlocksAreNotTimed) {
  TransferWorkloadOptions o;
  o.accounts = 10'000;
  o.txns = 1'000;
  TransferWorkload w = make_transfer_workload(o);
  BlockExecutor<TransferVm> executor({}, {.threads = 2});
  for (int block = 0; block < 3; ++block) {
    BlockOutput out = executor.execute(w.input(), w.state);
    EXPECT_EQ(out.metrics.mode, ExecutionMode::kDeclared) << block;
    EXPECT_EQ(out.metrics.fallback_reason, FallbackReason::kNone) << block;
  }
  EXPECT_EQ(executor.speed_policy().sequential_ns_per_txn(), 0);
  EXPECT_EQ(executor.speed_policy().parallel_ns_per_txn(), 0);
}

}  // namespace
}  // namespace pel
