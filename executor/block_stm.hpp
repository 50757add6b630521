#pragma once
// Block-STM's worker loop (Gelashvili et al., PPoPP 2023, Algorithm 1): workers take
// execution and validation tasks from the scheduler, execute transactions
// speculatively against the multi-version memory, and re-execute those whose reads
// turned out stale, until the scheduler says the block is done. Generic over the VM,
// so the scheduler and memory are tested with scripted mock VMs.
//
// Adaptivity: each worker watches its own share of wasted executions; when it is so
// high that re-executing costs more than the parallelism gains, it halts the run and
// the caller finishes the block sequentially from the longest valid prefix.

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "executor/block.hpp"
#include "executor/mv_view.hpp"
#include "executor/scheduler.hpp"
#include "executor/sync_point.hpp"
#include "executor/vm.hpp"
#include "state/mv_memory.hpp"

namespace pel {

struct ContentionLimit {
  bool enabled = true;
  // Halt when more than this fraction of a worker's executions are repeats...
  double max_wasted_ratio = 0.35;
  // ... once it has run at least this many.
  uint64_t min_executions = 64;
};

template <TxnVm Vm>
class BlockStm {
 public:
  // `outputs` has one slot per transaction; `memory` and `scheduler` were reset for
  // this block with at least `workers` workers.
  BlockStm(const Vm& vm, const BlockInput& block, MVMemory& memory, Scheduler& scheduler,
           std::vector<TxnOutput>& outputs, unsigned workers, ContentionLimit limit)
      : vm_(vm),
        block_(block),
        memory_(memory),
        scheduler_(scheduler),
        outputs_(outputs),
        workers_(std::make_unique<Worker[]>(workers)),
        worker_count_(workers),
        limit_(limit) {}

  // Runs tasks until the block is done (or halted). Call once per worker, each with
  // its own id in [0, workers), concurrently.
  void worker(unsigned id) {
    Worker& self = workers_[id];
    self.claims = WorkerClaims{};
    Task task;
    while (!scheduler_.done()) {
      if (task.kind == TaskKind::kExecution) task = try_execute(task, id, self);
      if (task.kind == TaskKind::kValidation) task = needs_reexecution(task, self);
      if (task.kind == TaskKind::kNone) {
        task = scheduler_.next_task(self.claims);
        if (!task) cpu_relax();
      }
    }
  }

  bool halted_for_contention() const { return halted_.load(std::memory_order_acquire); }

  // Adds the workers' counters to `metrics` (once they have stopped).
  void add_counters(BlockMetrics& metrics) const {
    for (unsigned i = 0; i < worker_count_; ++i) {
      const Worker& w = workers_[i];
      metrics.executions += w.executions;
      metrics.re_executions += w.re_executions;
      metrics.validations += w.validations;
      metrics.validation_failures += w.validation_failures;
      metrics.dependency_waits += w.dependency_waits;
      if (w.executions + w.validations > 0) ++metrics.active_workers;
    }
  }

 private:
  struct alignas(64) Worker {
    WorkerClaims claims;
    std::vector<ReadEntry> reads;
    uint64_t executions = 0;
    uint64_t re_executions = 0;
    uint64_t validations = 0;
    uint64_t validation_failures = 0;
    uint64_t dependency_waits = 0;
  };

  Task try_execute(Task task, unsigned id, Worker& self) {
    for (bool retry = false;; retry = true) {
      self.reads.clear();
      MvView view(memory_, task.txn, id, self.reads);
      ++self.executions;
      if (task.incarnation > 0 || retry) ++self.re_executions;
      TxnOutput output =
          vm_.execute(block_.txns[task.txn], block_.senders[task.txn], block_.env, view);
      PEL_SYNC_POINT("BlockStm::try_execute:executed");
      if (view.blocked()) {
        ++self.dependency_waits;
        if (scheduler_.add_dependency(task.txn, view.blocking_txn(), &self.claims)) return {};
        continue;  // the blocking transaction finished meanwhile: run again now
      }
      bool wrote_new_location = memory_.record(task.txn, self.reads, output.writes, id);
      outputs_[task.txn] = std::move(output);
      PEL_SYNC_POINT("BlockStm::try_execute:recorded");
      check_contention(self);
      return scheduler_.finish_execution(task.txn, task.incarnation, wrote_new_location,
                                         &self.claims);
    }
  }

  Task needs_reexecution(Task task, Worker& self) {
    ++self.validations;
    bool valid = memory_.validate_read_set(task.txn);
    PEL_SYNC_POINT("BlockStm::needs_reexecution:validated");
    if (!valid) ++self.validation_failures;
    bool aborted = !valid && scheduler_.try_validation_abort(task.txn, task.incarnation);
    if (aborted) memory_.convert_writes_to_estimates(task.txn);
    return scheduler_.finish_validation(task.txn, aborted, &self.claims);
  }

  void check_contention(const Worker& self) {
    if (!limit_.enabled || self.executions < limit_.min_executions) return;
    if (static_cast<double>(self.re_executions) >
        limit_.max_wasted_ratio * static_cast<double>(self.executions)) {
      halted_.store(true, std::memory_order_release);
      scheduler_.halt();
    }
  }

  const Vm& vm_;
  const BlockInput& block_;
  MVMemory& memory_;
  Scheduler& scheduler_;
  std::vector<TxnOutput>& outputs_;
  std::unique_ptr<Worker[]> workers_;
  unsigned worker_count_;
  ContentionLimit limit_;
  std::atomic<bool> halted_{false};
};

}  // namespace pel
