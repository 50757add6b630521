// The collaborative scheduler alone: task order, dependencies, and the races that
// naive transcriptions of the paper's pseudocode get wrong, forced with sync points.
#include "executor/scheduler.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <vector>

#include "executor/sync_point.hpp"

namespace pel {
namespace {

struct Drained {
  std::vector<int> executions;   // per txn
  std::vector<int> validations;  // per txn
  bool done = false;
};

// Runs the scheduler's tasks on this thread until done: executions finish at once
// (writing "new locations" on first incarnations), validations pass.
Drained drain(Scheduler& scheduler, Task task = {}, size_t max_steps = 100000) {
  Drained out;
  out.executions.assign(scheduler.num_txns(), 0);
  out.validations.assign(scheduler.num_txns(), 0);
  for (size_t step = 0; step < max_steps && !scheduler.done(); ++step) {
    if (task.kind == TaskKind::kExecution) {
      ++out.executions[task.txn];
      task = scheduler.finish_execution(task.txn, task.incarnation, task.incarnation == 0);
    } else if (task.kind == TaskKind::kValidation) {
      ++out.validations[task.txn];
      task = scheduler.finish_validation(task.txn, false);
    } else {
      task = scheduler.next_task();
    }
  }
  out.done = scheduler.done();
  return out;
}

// Pulls tasks until one of `kind` comes; validations met on the way pass.
Task next_of_kind(Scheduler& scheduler, TaskKind kind) {
  for (int i = 0; i < 100; ++i) {
    Task task = scheduler.next_task();
    if (task.kind == kind) return task;
    if (task.kind == TaskKind::kValidation) {
      Task next = scheduler.finish_validation(task.txn, false);
      EXPECT_FALSE(next);
    } else {
      EXPECT_FALSE(task) << "unexpected execution of txn " << task.txn;
    }
  }
  ADD_FAILURE() << "no task of the wanted kind";
  return {};
}

class SyncPoints : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!sync_point::kCompiledIn) GTEST_SKIP() << "sync points are compiled out of Release";
    sync_point::clear();
    sync_point::enable();
  }
  void TearDown() override { sync_point::clear(); }
};

TEST(Scheduler, EmptyBlockIsDoneAtOnce) {
  Scheduler scheduler;
  scheduler.reset(0);
  EXPECT_TRUE(scheduler.done());
}

TEST(Scheduler, SingleWorkerExecutesEachTxnOnceAndValidatesEach) {
  Scheduler scheduler;
  scheduler.reset(5);
  Drained run = drain(scheduler);
  EXPECT_TRUE(run.done);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(run.executions[i], 1) << i;
    EXPECT_GE(run.validations[i], 1) << i;
    EXPECT_EQ(scheduler.status(i), ExecutionStatus::kExecuted);
  }
  EXPECT_EQ(scheduler.active_tasks(), 0u);
}

TEST(Scheduler, ResetReusesForALargerAndASmallerBlock) {
  Scheduler scheduler;
  for (TxnIndex n : {3u, 40u, 2u}) {
    scheduler.reset(n);
    EXPECT_TRUE(drain(scheduler).done) << n;
    EXPECT_EQ(scheduler.incarnation(n - 1), 0u);
  }
}

TEST(Scheduler, SuspendedTxnResumesWithTheNextIncarnation) {
  Scheduler scheduler;
  scheduler.reset(2);
  Task t0 = next_of_kind(scheduler, TaskKind::kExecution);
  Task t1 = next_of_kind(scheduler, TaskKind::kExecution);
  ASSERT_EQ(t0.txn, 0u);
  ASSERT_EQ(t1.txn, 1u);
  EXPECT_TRUE(scheduler.add_dependency(1, 0));
  EXPECT_EQ(scheduler.status(1), ExecutionStatus::kAborting);
  EXPECT_FALSE(scheduler.next_task());  // nothing to do while 1 waits for 0
  scheduler.finish_execution(0, 0, true);
  EXPECT_EQ(scheduler.status(1), ExecutionStatus::kReadyToExecute);
  EXPECT_EQ(scheduler.incarnation(1), 1u);
  Drained run = drain(scheduler);
  EXPECT_TRUE(run.done);
  EXPECT_EQ(run.executions[1], 1);  // incarnation 1
  EXPECT_EQ(scheduler.incarnation(1), 1u);
}

TEST(Scheduler, AddDependencyOnAnExecutedTxnFails) {
  Scheduler scheduler;
  scheduler.reset(2);
  Task t0 = next_of_kind(scheduler, TaskKind::kExecution);
  Task t1 = next_of_kind(scheduler, TaskKind::kExecution);
  scheduler.finish_execution(t0.txn, 0, true);
  EXPECT_FALSE(scheduler.add_dependency(t1.txn, 0));
  EXPECT_EQ(scheduler.status(1), ExecutionStatus::kExecuting);
  EXPECT_TRUE(drain(scheduler, scheduler.finish_execution(1, 0, true)).done);
}

TEST(Scheduler, AbortedValidationReExecutesAndRevalidatesHigherTxns) {
  Scheduler scheduler;
  scheduler.reset(3);
  Task exec0 = next_of_kind(scheduler, TaskKind::kExecution);
  ASSERT_EQ(exec0.txn, 0u);
  EXPECT_FALSE(scheduler.finish_execution(0, 0, true));
  Task validation = next_of_kind(scheduler, TaskKind::kValidation);
  ASSERT_EQ(validation.txn, 0u);
  ASSERT_TRUE(scheduler.try_validation_abort(0, 0));
  EXPECT_FALSE(scheduler.try_validation_abort(0, 0));  // only once
  Task again = scheduler.finish_validation(0, true);
  EXPECT_EQ(again.kind, TaskKind::kExecution);
  EXPECT_EQ(again.txn, 0u);
  EXPECT_EQ(again.incarnation, 1u);
  // Same locations as before: the finisher validates its own transaction at once.
  Task own = scheduler.finish_execution(0, 1, false);
  EXPECT_EQ(own.kind, TaskKind::kValidation);
  EXPECT_EQ(own.txn, 0u);
  EXPECT_EQ(own.incarnation, 1u);
  Drained run = drain(scheduler, own);
  EXPECT_TRUE(run.done);
  EXPECT_EQ(run.executions[1], 1);
  EXPECT_EQ(run.executions[2], 1);
  EXPECT_GE(run.validations[1], 1);
  EXPECT_GE(run.validations[2], 1);
  EXPECT_EQ(scheduler.active_tasks(), 0u);
}

TEST(Scheduler, HaltEndsTheRun) {
  Scheduler scheduler;
  scheduler.reset(10);
  next_of_kind(scheduler, TaskKind::kExecution);
  scheduler.halt();
  EXPECT_TRUE(scheduler.done());
  EXPECT_FALSE(scheduler.next_task());
}

TEST(Scheduler, ConcurrentWorkersFinishEveryTxn) {
  for (unsigned threads : {2u, 4u, 8u}) {
    Scheduler scheduler;
    scheduler.reset(2000);
    std::vector<std::thread> workers;
    std::atomic<int> executions{0};
    for (unsigned w = 0; w < threads; ++w) {
      workers.emplace_back([&] {
        Task task;
        while (!scheduler.done()) {
          if (task.kind == TaskKind::kExecution) {
            executions.fetch_add(1);
            task = scheduler.finish_execution(task.txn, task.incarnation, true);
          }
          if (task.kind == TaskKind::kValidation) {
            // Abort now and then, as stale reads would.
            bool abort = task.txn % 97 == 3 && task.incarnation == 0 &&
                         scheduler.try_validation_abort(task.txn, task.incarnation);
            task = scheduler.finish_validation(task.txn, abort);
          }
          if (!task) task = scheduler.next_task();
        }
      });
    }
    for (auto& w : workers) w.join();
    EXPECT_TRUE(scheduler.done());
    EXPECT_EQ(scheduler.active_tasks(), 0u);
    for (TxnIndex i = 0; i < 2000; ++i) {
      ASSERT_EQ(scheduler.status(i), ExecutionStatus::kExecuted) << i;
      EXPECT_EQ(scheduler.incarnation(i), i % 97 == 3 ? 1u : 0u) << i;
    }
    EXPECT_EQ(executions.load(), 2000 + 21);
  }
}

TEST(Scheduler, BatchedClaimsFinishEveryTxnOnConcurrentWorkers) {
  for (uint32_t batch : {1u, 5u, 16u}) {
    for (unsigned threads : {2u, 4u, 8u}) {
      Scheduler scheduler;
      scheduler.reset(2000, batch);
      std::vector<std::thread> workers;
      std::atomic<int> executions{0};
      for (unsigned w = 0; w < threads; ++w) {
        workers.emplace_back([&] {
          WorkerClaims claims;
          Task task;
          while (!scheduler.done()) {
            if (task.kind == TaskKind::kExecution) {
              executions.fetch_add(1);
              // Now and then a first incarnation reads an ESTIMATE of a lower one.
              if (task.txn % 89 == 7 && task.incarnation == 0 &&
                  scheduler.add_dependency(task.txn, task.txn - 1, &claims)) {
                task = {};
                continue;
              }
              task = scheduler.finish_execution(task.txn, task.incarnation, true, &claims);
            }
            if (task.kind == TaskKind::kValidation) {
              bool abort = task.txn % 97 == 3 && task.incarnation == 0 &&
                           scheduler.try_validation_abort(task.txn, task.incarnation);
              task = scheduler.finish_validation(task.txn, abort, &claims);
            }
            if (!task) task = scheduler.next_task(claims);
          }
        });
      }
      for (auto& w : workers) w.join();
      EXPECT_TRUE(scheduler.done());
      EXPECT_EQ(scheduler.active_tasks(), 0u) << "batch " << batch << " threads " << threads;
      for (TxnIndex i = 0; i < 2000; ++i) {
        ASSERT_EQ(scheduler.status(i), ExecutionStatus::kExecuted) << i;
      }
      EXPECT_GE(executions.load(), 2000 + 21);
    }
  }
}

TEST(Scheduler, BatchedValidationNeverPassesAnUnexecutedTxn) {
  Scheduler scheduler;
  scheduler.reset(8, 4);
  WorkerClaims a, b;
  // Worker a claims 0..3 and executes 0 and 1; worker b claims 4..7.
  Task t0 = scheduler.next_task(a);
  ASSERT_EQ(t0.kind, TaskKind::kExecution);
  ASSERT_EQ(t0.txn, 0u);
  EXPECT_FALSE(scheduler.finish_execution(0, 0, true, &a));
  Task t1 = scheduler.next_task(a);
  ASSERT_EQ(t1.txn, 1u);
  EXPECT_FALSE(scheduler.finish_execution(1, 0, true, &a));
  // b prefers validation (validation_idx 0 < execution_idx 4): it may claim only the
  // executed run 0..1, then goes on to execute its own batch.
  Task v0 = scheduler.next_task(b);
  ASSERT_EQ(v0.kind, TaskKind::kValidation);
  EXPECT_EQ(v0.txn, 0u);
  EXPECT_FALSE(scheduler.finish_validation(0, false, &b));
  Task v1 = scheduler.next_task(b);
  ASSERT_EQ(v1.kind, TaskKind::kValidation);
  EXPECT_EQ(v1.txn, 1u);
  EXPECT_FALSE(scheduler.finish_validation(1, false, &b));
  Task e4 = scheduler.next_task(b);
  ASSERT_EQ(e4.kind, TaskKind::kExecution);
  EXPECT_EQ(e4.txn, 4u);
  // Txn 2 finishes below validation_idx: it is left to a claim, not re-validated
  // by a lowered index.
  Task t2 = scheduler.next_task(a);
  ASSERT_EQ(t2.txn, 2u);
  EXPECT_FALSE(scheduler.finish_execution(2, 0, true, &a));
  EXPECT_FALSE(scheduler.done());
  EXPECT_EQ(scheduler.active_tasks(), 2u);  // one unit per busy worker
}

// Puts txn 0 and txn 1 in EXECUTING, txn 1 about to wait on txn 0.
void start_two(Scheduler& scheduler) {
  scheduler.reset(2);
  ASSERT_EQ(next_of_kind(scheduler, TaskKind::kExecution).txn, 0u);
  ASSERT_EQ(next_of_kind(scheduler, TaskKind::kExecution).txn, 1u);
}

// The invariant the dependency lock protects: txn 1 either re-executes at once
// (add_dependency false) or is resumed by txn 0's finish_execution, never stranded.
void expect_not_stranded(Scheduler& scheduler, bool suspended) {
  if (suspended) {
    EXPECT_EQ(scheduler.status(1), ExecutionStatus::kReadyToExecute);
    EXPECT_EQ(scheduler.incarnation(1), 1u);
    EXPECT_TRUE(drain(scheduler).done);
  } else {
    EXPECT_EQ(scheduler.status(1), ExecutionStatus::kExecuting);
    EXPECT_TRUE(drain(scheduler, scheduler.finish_execution(1, 0, true)).done);
  }
}

TEST_F(SyncPoints, DependencyRegisteredBeforeBlockerFinishesIsResumed) {
  Scheduler scheduler;
  start_two(scheduler);
  sync_point::load_dependencies(
      {{"Scheduler::add_dependency:registered", "Scheduler::finish_execution:begin"}});
  bool suspended = false;
  std::thread finisher([&] { scheduler.finish_execution(0, 0, true); });
  suspended = scheduler.add_dependency(1, 0);
  finisher.join();
  EXPECT_TRUE(suspended);
  expect_not_stranded(scheduler, suspended);
}

TEST_F(SyncPoints, BlockerFinishingFirstMakesAddDependencyFail) {
  Scheduler scheduler;
  start_two(scheduler);
  sync_point::load_dependencies(
      {{"Scheduler::finish_execution:executed", "Scheduler::add_dependency:before_lock"}});
  bool suspended = true;
  std::thread waiter([&] { suspended = scheduler.add_dependency(1, 0); });
  scheduler.finish_execution(0, 0, true);
  waiter.join();
  EXPECT_FALSE(suspended);
  expect_not_stranded(scheduler, suspended);
}

TEST_F(SyncPoints, BlockerFinishingInsideTheDependencyCheckCannotStrandTheWaiter) {
  // The blocker marks itself EXECUTED while the waiter holds the dependency lock and
  // is about to look at its status: whichever the waiter sees, it is not stranded.
  for (int round = 0; round < 20; ++round) {
    sync_point::clear();
    sync_point::enable();
    Scheduler scheduler;
    start_two(scheduler);
    sync_point::load_dependencies(
        {{"Scheduler::add_dependency:locked", "Scheduler::finish_execution:begin"}});
    sync_point::set_callback("Scheduler::add_dependency:locked", [round] {
      std::this_thread::sleep_for(std::chrono::microseconds(50 * (round % 4)));
    });
    bool suspended = false;
    std::thread finisher([&] { scheduler.finish_execution(0, 0, true); });
    suspended = scheduler.add_dependency(1, 0);
    finisher.join();
    expect_not_stranded(scheduler, suspended);
  }
}

// Txn 0 is executing; a worker claims its validation slot at the same moment.
void race_finish_with_validation_claim(Scheduler& scheduler,
                                       std::vector<std::pair<std::string, std::string>> order) {
  scheduler.reset(2);
  ASSERT_EQ(next_of_kind(scheduler, TaskKind::kExecution).txn, 0u);
  sync_point::load_dependencies(std::move(order));
  Task claimed;
  std::thread claimer([&] { claimed = scheduler.next_task(); });  // validation_idx < execution_idx
  Task returned = scheduler.finish_execution(0, 0, /*wrote_new_location=*/false);
  claimer.join();
  // Someone must validate txn 0: the claimer, the finisher, or a later claim after
  // finish_execution lowered validation_idx.
  sync_point::clear();
  int validated_here = 0;
  Task pending = claimed ? claimed : returned;
  if (claimed && returned) {
    ++validated_here;
    scheduler.finish_validation(returned.txn, false);
  }
  Drained run = drain(scheduler, pending);
  EXPECT_TRUE(run.done);
  EXPECT_GE(run.validations[0] + validated_here, 1);
  EXPECT_EQ(scheduler.active_tasks(), 0u);
}

TEST_F(SyncPoints, ValidationClaimBeforeExecutedIsCoveredByTheFinisher) {
  Scheduler scheduler;
  race_finish_with_validation_claim(scheduler, {{"Scheduler::next_version_to_validate:claimed",
                                                 "Scheduler::finish_execution:begin"}});
}

TEST_F(SyncPoints, ValidationClaimAfterExecutedValidatesIt) {
  Scheduler scheduler;
  // The claimer takes its slot only after the finisher has looked at validation_idx.
  race_finish_with_validation_claim(scheduler,
                                    {{"Scheduler::finish_execution:read_validation_idx",
                                      "Scheduler::next_version_to_validate:before_claim"}});
}

TEST(Scheduler, StaleValidationCannotAbortANewerIncarnation) {
  Scheduler scheduler;
  scheduler.reset(2);
  ASSERT_EQ(scheduler.next_task().txn, 0u);
  EXPECT_FALSE(scheduler.finish_execution(0, 0, true));
  Task v0 = scheduler.next_task();
  ASSERT_EQ(v0.kind, TaskKind::kValidation);
  Task exec1 = scheduler.next_task();
  ASSERT_EQ(exec1.kind, TaskKind::kExecution);
  ASSERT_EQ(exec1.txn, 1u);
  EXPECT_FALSE(scheduler.finish_execution(1, 0, true));
  Task stale = scheduler.next_task();  // validator A holds (1, 0)
  ASSERT_EQ(stale.kind, TaskKind::kValidation);
  ASSERT_EQ(stale.txn, 1u);

  // Txn 0 aborts and re-executes: validation_idx drops, so (1, 0) is handed out
  // again, to validator B, which aborts it; txn 1 re-executes as incarnation 1.
  ASSERT_TRUE(scheduler.try_validation_abort(0, 0));
  Task exec0 = scheduler.finish_validation(0, true);
  ASSERT_EQ(exec0.incarnation, 1u);
  Task own0 = scheduler.finish_execution(0, 1, false);
  ASSERT_EQ(own0.kind, TaskKind::kValidation);
  EXPECT_FALSE(scheduler.finish_validation(0, false));
  Task second = scheduler.next_task();
  ASSERT_EQ(second.kind, TaskKind::kValidation);
  ASSERT_EQ(second.txn, 1u);
  ASSERT_EQ(second.incarnation, 0u);
  ASSERT_TRUE(scheduler.try_validation_abort(1, 0));
  Task exec1_again = scheduler.finish_validation(1, true);
  ASSERT_EQ(exec1_again.incarnation, 1u);
  Task own1 = scheduler.finish_execution(1, 1, false);

  // A's stale validation fails now: it must not abort incarnation 1.
  EXPECT_FALSE(scheduler.try_validation_abort(stale.txn, stale.incarnation));
  EXPECT_EQ(scheduler.status(1), ExecutionStatus::kExecuted);
  EXPECT_FALSE(scheduler.finish_validation(stale.txn, false));
  EXPECT_TRUE(drain(scheduler, own1).done);
  EXPECT_EQ(scheduler.incarnation(1), 1u);
  EXPECT_EQ(scheduler.active_tasks(), 0u);
}

TEST_F(SyncPoints, ReIncarnationClaimedElsewhereReleasesTheValidationOnce) {
  // Txn 2's validation aborts it; before its validator re-incarnates it, a resumed
  // dependency lowers execution_idx and another worker claims txn 2 first. The
  // validator's try_incarnate fails and must release its task exactly once (the
  // paper's pseudocode decrements twice and the block never ends).
  Scheduler scheduler;
  scheduler.reset(3);
  ASSERT_EQ(next_of_kind(scheduler, TaskKind::kExecution).txn, 0u);
  Task t1 = next_of_kind(scheduler, TaskKind::kExecution);
  ASSERT_EQ(t1.txn, 1u);
  ASSERT_TRUE(scheduler.add_dependency(1, 0));
  Task t2 = next_of_kind(scheduler, TaskKind::kExecution);
  ASSERT_EQ(t2.txn, 2u);
  Task v2 = scheduler.finish_execution(2, 0, true);
  ASSERT_FALSE(v2);
  // validation of txn 2 (txns 0 and 1 are not executed, so their slots are skipped)
  v2 = next_of_kind(scheduler, TaskKind::kValidation);
  ASSERT_EQ(v2.txn, 2u);
  ASSERT_TRUE(scheduler.try_validation_abort(2, 0));

  Task stolen;
  sync_point::set_callback("Scheduler::finish_validation:before_incarnate", [&] {
    // Txn 0 finishes and resumes txn 1: execution_idx drops to 1.
    Task after0 = scheduler.finish_execution(0, 0, true);
    EXPECT_FALSE(after0);
    for (int i = 0; i < 20 && !stolen; ++i) {
      Task task = scheduler.next_task();
      if (task.kind == TaskKind::kExecution && task.txn == 2) {
        stolen = task;
      } else if (task.kind == TaskKind::kExecution) {
        EXPECT_EQ(task.txn, 1u);
        Task own = scheduler.finish_execution(task.txn, task.incarnation, true);
        EXPECT_FALSE(own);
      } else if (task.kind == TaskKind::kValidation) {
        EXPECT_FALSE(scheduler.finish_validation(task.txn, false));
      }
    }
  });
  Task mine = scheduler.finish_validation(2, true);
  sync_point::clear();
  ASSERT_EQ(stolen.kind, TaskKind::kExecution);
  EXPECT_EQ(stolen.incarnation, 1u);
  EXPECT_FALSE(mine);  // lost the race, and released its task
  Drained run = drain(scheduler, stolen);
  EXPECT_TRUE(run.done);
  EXPECT_EQ(scheduler.active_tasks(), 0u);
}

TEST_F(SyncPoints, CheckDoneRacingAnAbortDoesNotEndTheBlock) {
  Scheduler scheduler;
  scheduler.reset(1);
  Task exec = next_of_kind(scheduler, TaskKind::kExecution);
  scheduler.finish_execution(exec.txn, 0, true);
  Task validation = next_of_kind(scheduler, TaskKind::kValidation);
  ASSERT_EQ(validation.txn, 0u);
  // Both indices are past the block; the validation is still out. A checker pauses
  // after reading decrease_cnt while the validation aborts and re-incarnates txn 0.
  Task reexecution;
  sync_point::set_callback("Scheduler::check_done:observed_cnt", [&] {
    ASSERT_TRUE(scheduler.try_validation_abort(0, 0));
    reexecution = scheduler.finish_validation(0, true);
  });
  EXPECT_FALSE(scheduler.next_task());
  sync_point::clear();
  EXPECT_FALSE(scheduler.done());
  ASSERT_EQ(reexecution.kind, TaskKind::kExecution);
  Drained run = drain(scheduler, reexecution);
  EXPECT_TRUE(run.done);
  EXPECT_GE(run.validations[0], 1);
}

}  // namespace
}  // namespace pel
