#include "executor/contention.hpp"

#include <gtest/gtest.h>

#include "executor/block_executor.hpp"
#include "executor/transfer_vm.hpp"
#include "executor/transfer_workload.hpp"

namespace pel {
namespace {

TransferWorkload transfers(size_t accounts, double zipf = 0) {
  TransferWorkloadOptions o;
  o.accounts = accounts;
  o.txns = 2000;
  o.recipient_zipf = zipf;
  return make_transfer_workload(o);
}

TEST(Contention, PredictsFromSendersAndRecipients) {
  TransferWorkload two = transfers(2);
  TransferWorkload many = transfers(10'000);
  EXPECT_GT(predicted_conflict_share(two.input(), 512, 2), 0.9);
  EXPECT_LT(predicted_conflict_share(many.input(), 512, 2), 0.02);
  EXPECT_EQ(predicted_conflict_share(many.input(), 0, 2), 0.0);
  // A wider window sees more of the same overlap.
  TransferWorkload skewed = transfers(1'000, 1.2);
  EXPECT_LE(predicted_conflict_share(skewed.input(), 512, 2),
            predicted_conflict_share(skewed.input(), 512, 8));
}

TEST(Contention, StopsEarlyOnceTheShareIsAboveTheLimit) {
  TransferWorkload two = transfers(2);
  TransferWorkload skewed = transfers(1'000, 1.2);
  // Above the limit after the first chunk: the share of that chunk.
  EXPECT_DOUBLE_EQ(predicted_conflict_share(two.input(), 512, 2, 0.35),
                   predicted_conflict_share(two.input(), kContentionChunk, 2));
  EXPECT_GT(predicted_conflict_share(two.input(), 512, 2, 0.35), 0.9);
  EXPECT_DOUBLE_EQ(predicted_conflict_share(skewed.input(), 512, 8, -1.0),
                   predicted_conflict_share(skewed.input(), kContentionChunk, 8));
  // Never above the limit: the whole sample, as without one.
  EXPECT_DOUBLE_EQ(predicted_conflict_share(skewed.input(), 512, 8, 1.0),
                   predicted_conflict_share(skewed.input(), 512, 8));
}

TEST(Contention, CoinbaseFeesAreNotConflicts) {
  TransferWorkloadOptions o;
  o.accounts = 10'000;
  o.txns = 1000;
  o.coinbase_recipient_share = 1.0;  // everyone pays the coinbase
  TransferWorkload w = make_transfer_workload(o);
  EXPECT_LT(predicted_conflict_share(w.input(), 512, 2), 0.02);
}

TEST(Contention, ExecutorSkipsSpeculationWhenPredictedAndSaysSo) {
  // (Transfers declare their accesses; the prediction is for blocks that do not.)
  TransferWorkload two = transfers(2);
  BlockExecutor<TransferVm> executor({}, {.threads = 2, .declared_access = false});
  BlockOutput out = executor.execute(two.input(), two.state);
  EXPECT_EQ(out.metrics.mode, ExecutionMode::kSequential);
  EXPECT_EQ(out.metrics.fallback_reason, FallbackReason::kPredictedContention);
  EXPECT_GT(out.metrics.predicted_conflicts, 0.9);

  TransferWorkload many = transfers(10'000);
  BlockOutput parallel = executor.execute(many.input(), many.state);
  EXPECT_EQ(parallel.metrics.fallback_reason, FallbackReason::kNone);
  EXPECT_EQ(parallel.metrics.mode, ExecutionMode::kParallel);
}

}  // namespace
}  // namespace pel
