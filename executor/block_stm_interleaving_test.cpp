// Block-STM with interleavings forced through the mock VM's hooks: a transaction
// waits inside its execution until another reaches a chosen point, so the ESTIMATE,
// suspension, resumption and immediate re-execution paths run every time, not only
// when a random schedule happens to hit them.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "executor/block_stm.hpp"
#include "executor/mock_vm.hpp"
#include "executor/sequential_executor.hpp"
#include "executor/sync_point.hpp"
#include "executor/test_support.hpp"
#include "state/memory_state.hpp"

namespace pel {
namespace {

using testing::first_difference;
using testing::MockOp;
using testing::MockTxn;
using testing::MockVm;

StateKey key(uint64_t i) {
  Address a;
  a.bytes[19] = static_cast<uint8_t>(i);
  a.bytes[0] = 0x11;
  return StateKey::balance(a);
}

// Waits until `ready` holds, up to a few seconds (a wrong schedule then fails the
// test's assertions instead of hanging it).
template <class Ready>
void wait_for(Ready ready) {
  EXPECT_TRUE(testing::wait_until(ready)) << "the forced interleaving did not happen";
}

struct Harness {
  std::vector<MockTxn> script;
  MemoryState state;
  BlockEnv env;
  std::vector<Transaction> txns;
  std::vector<Address> senders;
  MVMemory memory;
  Scheduler scheduler;

  explicit Harness(size_t n) : script(n), txns(testing::numbered_txns(n)), senders(n) {
    for (uint64_t i = 0; i < 8; ++i) state.set(key(i), 100 + i);
    memory.reset({static_cast<TxnIndex>(n), 64, 2}, state, {});
    scheduler.reset(static_cast<TxnIndex>(n));
  }

  // Block-STM on two plain threads, compared with the sequential executor.
  BlockMetrics run_and_compare() {
    BlockInput input{env, txns, senders};
    BlockOutput out;
    out.txns.resize(txns.size());
    MockVm vm(&script);
    ContentionLimit no_limit;
    no_limit.enabled = false;
    BlockStm<MockVm> stm(vm, input, memory, scheduler, out.txns, 2, no_limit);
    std::thread other([&] { stm.worker(1); });
    stm.worker(0);
    other.join();
    memory.collect_changes(out.changes, static_cast<TxnIndex>(txns.size()));
    for (const TxnOutput& txn : out.txns) out.gas_used += txn.result.gas_used;
    stm.add_counters(out.metrics);

    std::vector<MockTxn> plain(script.size());  // same ops, no hooks
    for (size_t i = 0; i < script.size(); ++i) plain[i].ops = script[i].ops;
    BlockOutput expected = execute_block_sequential(MockVm(&plain), input, state);
    EXPECT_EQ(first_difference(expected, out), "");
    return out.metrics;
  }
};

bool read_was_blocked(const StateView& view) {
  auto* mv = dynamic_cast<const MvView*>(&view);
  return mv != nullptr && mv->blocked();
}

// T0 writes A (slowly); T1 reads A and writes B; T2 reads B. T1 and T2 run first on
// stale values, so T0's write aborts T1, whose ESTIMATE on B then catches T2.
void build_chain(Harness& h) {
  h.script[0].ops = {{MockOp::kRead, key(7), 0}, {MockOp::kWrite, key(0), 5}};
  h.script[1].ops = {{MockOp::kRead, key(0), 0}, {MockOp::kWrite, key(1), 6}};
  h.script[2].ops = {{MockOp::kRead, key(1), 0}, {MockOp::kWrite, key(2), 7}};
  // T0 holds its worker until T2 has executed once on stale values.
  auto t0_calls = std::make_shared<std::atomic<int>>(0);
  h.script[0].after_read = [&h, t0_calls](size_t, const StateView&) {
    if (t0_calls->fetch_add(1) != 0) return;
    wait_for([&] { return h.scheduler.status(2) == ExecutionStatus::kExecuted; });
    // Then nobody claims work until T0's finish_execution has read the validation
    // index. A worker that validated T0 (and T1) before that read would see T0's new
    // write restart validation at T0, and T1's re-execution would then hold back
    // T2's validation, which these tests need while T1 runs again. (Counts restart
    // here, so only T0's finish_execution passes the predecessor.)
    if (sync_point::kCompiledIn) {
      sync_point::clear();
      sync_point::load_dependencies({{"Scheduler::finish_execution:read_validation_idx",
                                      "Scheduler::claim_more:before_claim"}});
      sync_point::enable();
    }
  };
}

TEST(BlockStmInterleaving, ReaderOfAnEstimateSuspendsAndResumes) {
  Harness h(3);
  build_chain(h);
  auto t1_calls = std::make_shared<std::atomic<int>>(0);
  // T1's re-execution holds on until T2, re-executing, has read T1's ESTIMATE and
  // suspended itself on T1 (incarnation 1, ABORTING).
  h.script[1].after_read = [&, t1_calls](size_t, const StateView&) {
    if (t1_calls->fetch_add(1) == 1) {
      wait_for([&] {
        return h.scheduler.status(2) == ExecutionStatus::kAborting &&
               h.scheduler.incarnation(2) == 1;
      });
    }
  };
  if (sync_point::kCompiledIn) {
    sync_point::clear();
    sync_point::enable();
  }
  BlockMetrics metrics = h.run_and_compare();
  EXPECT_GE(metrics.dependency_waits, 1u);
  EXPECT_GE(metrics.validation_failures, 2u);  // T1 (stale A) and T2 (ESTIMATE on B)
  EXPECT_GE(metrics.re_executions, 2u);
  EXPECT_EQ(h.scheduler.incarnation(1), 1u);
  EXPECT_GE(h.scheduler.incarnation(2), 2u);  // aborted, then suspended, then resumed
  if (sync_point::kCompiledIn) {
    EXPECT_GE(sync_point::passed_count("Scheduler::add_dependency:registered"), 1);
    sync_point::clear();
  }
}

TEST(BlockStmInterleaving, WriterFinishingBeforeTheDependencyIsAddedMeansRunAgainNow) {
  Harness h(3);
  build_chain(h);
  std::atomic<bool> t2_blocked{false};
  auto t1_calls = std::make_shared<std::atomic<int>>(0);
  h.script[1].after_read = [&, t1_calls](size_t, const StateView&) {
    if (t1_calls->fetch_add(1) == 1) wait_for([&] { return t2_blocked.load(); });
  };
  // T2 saw the ESTIMATE; it waits until T1 has finished before asking to suspend, so
  // add_dependency finds T1 executed and T2 runs again at once.
  h.script[2].after_read = [&](size_t, const StateView& view) {
    if (read_was_blocked(view) && !t2_blocked.exchange(true))
      wait_for([&] { return h.scheduler.status(1) == ExecutionStatus::kExecuted; });
  };
  if (sync_point::kCompiledIn) {
    sync_point::clear();
    sync_point::enable();
  }
  BlockMetrics metrics = h.run_and_compare();
  EXPECT_GE(metrics.dependency_waits, 1u);
  EXPECT_EQ(h.scheduler.incarnation(2), 1u);  // re-ran within incarnation 1
  if (sync_point::kCompiledIn) {
    EXPECT_EQ(sync_point::passed_count("Scheduler::add_dependency:registered"), 0);
    sync_point::clear();
  }
}

TEST(BlockStmInterleaving, ReExecutionThatWritesLessRemovesItsOldVersions) {
  // T1 writes B only while it sees the stale A; its re-execution drops that write,
  // and T2, which read B, must end up reading the pre-block value.
  Harness h(3);
  h.script[0].ops = {{MockOp::kRead, key(7), 0}, {MockOp::kWrite, key(0), 0}};
  h.script[1].ops = {{MockOp::kRead, key(0), 0}, {MockOp::kWriteIfOdd, key(1), 6}};
  h.script[2].ops = {{MockOp::kRead, key(1), 0}, {MockOp::kWrite, key(2), 7}};
  // The mock's accumulators: T0 = 1 + 1 + key7 (107) = 109, so it writes A = 110.
  // T1 = 2 + 2 + A: 105 (odd, writes B) on the stale A = 101, 114 (even) on T0's A.
  h.state.set(key(0), 101);
  h.script[0].ops[1].constant = 1;
  h.memory.reset({3, 64, 2}, h.state, {});
  auto t0_calls = std::make_shared<std::atomic<int>>(0);
  h.script[0].after_read = [&h, t0_calls](size_t, const StateView&) {
    if (t0_calls->fetch_add(1) == 0)
      wait_for([&] { return h.scheduler.status(2) == ExecutionStatus::kExecuted; });
  };
  BlockMetrics metrics = h.run_and_compare();
  EXPECT_GE(metrics.re_executions, 2u);
  StateChanges changes;
  h.memory.collect_changes(changes, 3);
  for (const auto& [k, value] : changes.values)
    EXPECT_FALSE(k == key(1)) << "stale write of B kept";
}

}  // namespace
}  // namespace pel
