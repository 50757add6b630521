#pragma once
// Block-STM's collaborative scheduler (Gelashvili et al., PPoPP 2023, section 4,
// Algorithms 4 and 5): hands out execution and validation tasks in transaction order
// from two shared indices, suspends a transaction that read an ESTIMATE until the
// writer finishes, and detects when the block is done.
//
// Transcribed with these race fixes, each exercised by forced interleavings in
// scheduler_test.cpp:
//  - add_dependency checks the blocking transaction's status while holding that
//    transaction's dependency lock, after announcing itself in has_dependents;
//    finish_execution marks EXECUTED before looking at has_dependents (and then
//    takes the lock to swap dependents out): a wake-up cannot be lost.
//  - status and index accesses that pair up across threads (finish_execution
//    storing EXECUTED then loading validation_idx; next_version_to_validate bumping
//    validation_idx then loading the status) are sequentially consistent, so at
//    least one side sees the other and no executed transaction goes unvalidated.
//  - check_done reads decrease_cnt before and after the indices and the active-task
//    count, so a decrease that raced with the check keeps the block open.
//  - try_validation_abort succeeds only for the incarnation that was validated, so a
//    stale validation cannot abort a newer incarnation.
//
// Batched claims (next_task with WorkerClaims, what BlockStm uses): transactions
// that cost a microsecond make the paper's per-task counter updates the bottleneck;
// every shared index or counter a task touches moves a cache line between cores.
// A worker instead claims `claim_batch` consecutive execution indices with one
// fetch_add, and validates runs of already-executed transactions claimed with one
// compare-exchange. It holds one unit of the active-task count for as long as it
// has claimed work or a task in hand, instead of one per task. This is only more
// conservative for check_done (the count drops later), and validation never runs
// ahead of execution, so first executions rarely force a revalidation.
//
// Transactions are numbered 0..n-1; incarnations count a transaction's executions.

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "state/key_versions.hpp"
#include "state/spin_lock.hpp"

namespace pel {

using Incarnation = uint32_t;

enum class TaskKind : uint8_t { kNone, kExecution, kValidation };

struct Task {
  TaskKind kind = TaskKind::kNone;
  TxnIndex txn = 0;
  Incarnation incarnation = 0;
  explicit operator bool() const { return kind != TaskKind::kNone; }
};

enum class ExecutionStatus : uint8_t {
  kReadyToExecute = 0,
  kExecuting = 1,
  kExecuted = 2,
  kAborting = 3,
};

// A worker's batched claims: indices it took from the shared indices and has not
// tried yet, and whether it holds a unit of the active-task count. One per worker;
// start each block with a fresh one.
struct WorkerClaims {
  uint64_t execution_next = 0;
  uint64_t execution_end = 0;
  uint64_t validation_next = 0;
  uint64_t validation_end = 0;
  bool holds_task_count = false;
};

class Scheduler {
 public:
  Scheduler() = default;
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Starts a block of `num_txns` transactions (reusing memory from earlier blocks).
  // `claim_batch` is how many indices a batched claim takes at once.
  void reset(TxnIndex num_txns, uint32_t claim_batch = 1);

  TxnIndex num_txns() const { return num_txns_; }
  bool done() const { return done_marker_.load(std::memory_order_acquire); }

  // The next task for an idle worker, or none (try again unless done()).
  Task next_task();
  // The same with batched claims. A worker uses one form throughout a block, and
  // passes the same `claims` to the finish_* calls and add_dependency below.
  Task next_task(WorkerClaims& claims);

  // `txn` read an ESTIMATE written by `blocking_txn`. Suspends `txn` until
  // blocking_txn's next execution finishes and returns true, or returns false when
  // blocking_txn has already finished it (then execute `txn` again at once).
  bool add_dependency(TxnIndex txn, TxnIndex blocking_txn, WorkerClaims* claims = nullptr);

  // Marks the execution done, resumes its dependents, and may return a validation
  // task of the same version for the caller to do next.
  Task finish_execution(TxnIndex txn, Incarnation incarnation, bool wrote_new_location,
                        WorkerClaims* claims = nullptr);

  // Claims the abort of a version whose reads turned out stale; false when that
  // version was already aborted or superseded.
  bool try_validation_abort(TxnIndex txn, Incarnation incarnation);

  // After a validation; when it aborted, may return the re-execution task.
  Task finish_validation(TxnIndex txn, bool aborted, WorkerClaims* claims = nullptr);

  // Stops handing out tasks: done() becomes true and workers leave after their
  // current task (the adaptive fallback takes over from there).
  void halt() { done_marker_.store(true, std::memory_order_release); }

  // Tasks handed out and not finished (tests and assertions).
  uint64_t active_tasks() const { return num_active_tasks_.value.load(); }

  // Status of `txn`, once the workers have stopped.
  ExecutionStatus status(TxnIndex txn) const;
  Incarnation incarnation(TxnIndex txn) const;

 private:
  struct alignas(64) TxnState {
    // incarnation << 2 | ExecutionStatus
    std::atomic<uint32_t> status{0};
    SpinLock dependency_lock;
    std::vector<TxnIndex> dependents;  // guarded by dependency_lock
    // Set (under the lock) before a dependent checks the status, so finish_execution
    // takes the lock only when someone may be waiting.
    std::atomic<bool> has_dependents{false};
  };
  struct alignas(64) Counter {
    std::atomic<uint64_t> value{0};
  };

  static uint32_t pack(Incarnation incarnation, ExecutionStatus status) {
    return (incarnation << 2) | static_cast<uint32_t>(status);
  }
  static ExecutionStatus status_of(uint32_t word) { return static_cast<ExecutionStatus>(word & 3); }
  static Incarnation incarnation_of(uint32_t word) { return word >> 2; }

  void decrease_execution_idx(uint64_t target);
  void decrease_validation_idx(uint64_t target);
  void check_done();
  // Ends a task of an unbatched worker; a batched one keeps its unit.
  void release_task(const WorkerClaims* claims) {
    if (claims == nullptr) num_active_tasks_.value.fetch_sub(1);
  }
  Task try_incarnate(uint64_t txn, const WorkerClaims* claims = nullptr);
  bool claim_more(WorkerClaims& claims);
  Task next_version_to_execute();
  Task next_version_to_validate();
  void set_ready_status(TxnIndex txn);
  void resume_dependencies(const std::vector<TxnIndex>& dependents);

  TxnIndex num_txns_ = 0;
  uint32_t claim_batch_ = 1;
  std::unique_ptr<TxnState[]> txns_;
  size_t txns_capacity_ = 0;

  Counter execution_idx_;
  Counter validation_idx_;
  Counter decrease_cnt_;
  Counter num_active_tasks_;
  alignas(64) std::atomic<bool> done_marker_{false};
};

}  // namespace pel
