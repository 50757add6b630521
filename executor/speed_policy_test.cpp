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

TEST(SpeedPolicy, BacksOffExponentiallyWhileParallelIsSlower) {
  SpeedPolicy policy;
  policy.choose();
  policy.record(false, 1'000'000, 1'000);
  ASSERT_EQ(policy.choose(), Choice::kParallel);
  policy.record(true, 3'000'000, 1'000);  // three times slower
  for (uint32_t wait : {8u, 16u, 32u}) {
    for (uint32_t i = 0; i < wait; ++i) {
      ASSERT_EQ(policy.choose(), Choice::kSequentialFaster) << wait << " " << i;
      policy.record(false, 1'000'000, 1'000);
    }
    ASSERT_EQ(policy.choose(), Choice::kParallel) << "a try after " << wait;
    policy.record(true, 3'000'000, 1'000);
  }
  // The machine frees up: the next try is faster, and parallel stays.
  for (uint32_t i = 0; i <= 64; ++i) {  // the wait is 64 blocks by now
    if (policy.choose() == Choice::kParallel) break;
    policy.record(false, 1'000'000, 1'000);
  }
  policy.record(true, 500'000, 1'000);
  EXPECT_EQ(policy.choose(), Choice::kParallel);
  policy.record(true, 500'000, 1'000);
  EXPECT_EQ(policy.choose(), Choice::kParallel);
}

TEST(SpeedPolicy, ExecutorReportsCalibrationFirst) {
  TransferWorkloadOptions o;
  o.accounts = 10'000;
  o.txns = 1'000;
  TransferWorkload w = make_transfer_workload(o);
  BlockExecutor<TransferVm> executor({}, {.threads = 2});
  BlockOutput first = executor.execute(w.input(), w.state);
  EXPECT_EQ(first.metrics.fallback_reason, FallbackReason::kCalibrating);
  EXPECT_GT(executor.speed_policy().sequential_ns_per_txn(), 0);
  BlockOutput second = executor.execute(w.input(), w.state);
  EXPECT_NE(second.metrics.mode, ExecutionMode::kSequential);  // parallel is tried
  EXPECT_GT(executor.speed_policy().parallel_ns_per_txn(), 0);
}

}  // namespace
}  // namespace pel
