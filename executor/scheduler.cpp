#include "executor/scheduler.hpp"

#include <algorithm>
#include <cassert>
#include <mutex>

#include "executor/sync_point.hpp"

namespace pel {

void Scheduler::reset(TxnIndex num_txns, uint32_t claim_batch) {
  claim_batch_ = std::max<uint32_t>(claim_batch, 1);
  if (num_txns > txns_capacity_) {
    txns_ = std::make_unique<TxnState[]>(num_txns);
    txns_capacity_ = num_txns;
  } else {
    for (TxnIndex i = 0; i < num_txns; ++i) {
      txns_[i].status.store(0, std::memory_order_relaxed);
      txns_[i].has_dependents.store(false, std::memory_order_relaxed);
      txns_[i].dependents.clear();
    }
  }
  num_txns_ = num_txns;
  execution_idx_.value.store(0);
  validation_idx_.value.store(0);
  decrease_cnt_.value.store(0);
  num_active_tasks_.value.store(0);
  done_marker_.store(num_txns == 0);
}

ExecutionStatus Scheduler::status(TxnIndex txn) const {
  return status_of(txns_[txn].status.load(std::memory_order_acquire));
}

Incarnation Scheduler::incarnation(TxnIndex txn) const {
  return incarnation_of(txns_[txn].status.load(std::memory_order_acquire));
}

void Scheduler::decrease_execution_idx(uint64_t target) {
  uint64_t current = execution_idx_.value.load();
  while (target < current && !execution_idx_.value.compare_exchange_weak(current, target)) {
  }
  decrease_cnt_.value.fetch_add(1);
}

void Scheduler::decrease_validation_idx(uint64_t target) {
  uint64_t current = validation_idx_.value.load();
  while (target < current && !validation_idx_.value.compare_exchange_weak(current, target)) {
  }
  decrease_cnt_.value.fetch_add(1);
}

void Scheduler::check_done() {
  uint64_t observed_cnt = decrease_cnt_.value.load();
  PEL_SYNC_POINT("Scheduler::check_done:observed_cnt");
  uint64_t execution_idx = execution_idx_.value.load();
  uint64_t validation_idx = validation_idx_.value.load();
  uint64_t active = num_active_tasks_.value.load();
  if (std::min(execution_idx, validation_idx) >= num_txns_ && active == 0 &&
      observed_cnt == decrease_cnt_.value.load()) {
    done_marker_.store(true, std::memory_order_release);
  }
}

Task Scheduler::try_incarnate(uint64_t txn, const WorkerClaims* claims) {
  if (txn < num_txns_) {
    std::atomic<uint32_t>& status = txns_[txn].status;
    uint32_t word = status.load();
    while (status_of(word) == ExecutionStatus::kReadyToExecute) {
      Incarnation incarnation = incarnation_of(word);
      if (status.compare_exchange_weak(word, pack(incarnation, ExecutionStatus::kExecuting))) {
        return {TaskKind::kExecution, static_cast<TxnIndex>(txn), incarnation};
      }
    }
  }
  release_task(claims);
  return {};
}

Task Scheduler::next_version_to_execute() {
  if (execution_idx_.value.load() >= num_txns_) {
    check_done();
    return {};
  }
  num_active_tasks_.value.fetch_add(1);
  uint64_t txn = execution_idx_.value.fetch_add(1);
  return try_incarnate(txn);
}

Task Scheduler::next_version_to_validate() {
  if (validation_idx_.value.load() >= num_txns_) {
    check_done();
    return {};
  }
  num_active_tasks_.value.fetch_add(1);
  PEL_SYNC_POINT("Scheduler::next_version_to_validate:before_claim");
  uint64_t txn = validation_idx_.value.fetch_add(1);
  PEL_SYNC_POINT("Scheduler::next_version_to_validate:claimed");
  if (txn < num_txns_) {
    uint32_t word = txns_[txn].status.load();
    if (status_of(word) == ExecutionStatus::kExecuted) {
      return {TaskKind::kValidation, static_cast<TxnIndex>(txn), incarnation_of(word)};
    }
  }
  num_active_tasks_.value.fetch_sub(1);
  return {};
}

Task Scheduler::next_task(WorkerClaims& claims) {
  while (!done()) {
    while (claims.validation_next < claims.validation_end) {
      uint64_t txn = claims.validation_next++;
      // Aborted since the claim: its next execution's finish_execution sees
      // validation_idx past it and validates it then.
      uint32_t word = txns_[txn].status.load();
      if (status_of(word) == ExecutionStatus::kExecuted) {
        return {TaskKind::kValidation, static_cast<TxnIndex>(txn), incarnation_of(word)};
      }
    }
    while (claims.execution_next < claims.execution_end) {
      if (Task task = try_incarnate(claims.execution_next++, &claims)) return task;
    }
    if (!claim_more(claims)) break;
  }
  if (claims.holds_task_count) {
    claims.holds_task_count = false;
    num_active_tasks_.value.fetch_sub(1);
  }
  check_done();
  return {};
}

bool Scheduler::claim_more(WorkerClaims& claims) {
  // An idle worker polling at the end of a block leaves the shared count alone.
  if (!claims.holds_task_count && execution_idx_.value.load() >= num_txns_ &&
      validation_idx_.value.load() >= num_txns_) {
    return false;
  }
  // Counted before any index is claimed, as the paper's per-task increment is.
  if (!claims.holds_task_count) {
    num_active_tasks_.value.fetch_add(1);
    claims.holds_task_count = true;
  }
  PEL_SYNC_POINT("Scheduler::claim_more:before_claim");
  uint64_t validation_idx = validation_idx_.value.load();
  uint64_t execution_idx = execution_idx_.value.load();
  if (validation_idx < execution_idx && validation_idx < num_txns_) {
    // Only a run of executed transactions: one still executing validates itself
    // (finish_execution sees validation_idx at or below it and leaves it to a claim).
    uint64_t end = std::min<uint64_t>({validation_idx + claim_batch_, execution_idx, num_txns_});
    uint64_t run = validation_idx;
    while (run < end && status_of(txns_[run].status.load()) == ExecutionStatus::kExecuted) ++run;
    if (run > validation_idx) {
      if (validation_idx_.value.compare_exchange_strong(validation_idx, run)) {
        PEL_SYNC_POINT("Scheduler::claim_more:claimed_validations");
        claims.validation_next = validation_idx;
        claims.validation_end = run;
      }
      return true;  // claimed, or lost the race: look again
    }
  }
  if (execution_idx < num_txns_) {
    uint64_t first = execution_idx_.value.fetch_add(claim_batch_);
    if (first < num_txns_) {
      claims.execution_next = first;
      claims.execution_end = std::min<uint64_t>(first + claim_batch_, num_txns_);
      return true;
    }
  }
  return false;
}

Task Scheduler::next_task() {
  if (done()) return {};
  if (validation_idx_.value.load() < execution_idx_.value.load()) {
    return next_version_to_validate();
  }
  return next_version_to_execute();
}

bool Scheduler::add_dependency(TxnIndex txn, TxnIndex blocking_txn, WorkerClaims* claims) {
  assert(blocking_txn < txn);
  TxnState& blocking = txns_[blocking_txn];
  {
    PEL_SYNC_POINT("Scheduler::add_dependency:before_lock");
    std::lock_guard guard(blocking.dependency_lock);
    PEL_SYNC_POINT("Scheduler::add_dependency:locked");
    // Announce a dependent before looking at the status; finish_execution stores the
    // status before looking for dependents. Both sequentially consistent: at least
    // one of the two sees the other (then finish_execution takes this lock).
    blocking.has_dependents.store(true);
    if (status_of(blocking.status.load()) == ExecutionStatus::kExecuted) {
      return false;  // it finished meanwhile: the caller re-executes at once
    }
    // Only the executing worker changes an EXECUTING status, so a store suffices.
    uint32_t word = txns_[txn].status.load();
    assert(status_of(word) == ExecutionStatus::kExecuting);
    txns_[txn].status.store(pack(incarnation_of(word), ExecutionStatus::kAborting),
                            std::memory_order_release);
    blocking.dependents.push_back(txn);
  }
  PEL_SYNC_POINT("Scheduler::add_dependency:registered");
  release_task(claims);
  return true;
}

void Scheduler::set_ready_status(TxnIndex txn) {
  std::atomic<uint32_t>& status = txns_[txn].status;
  uint32_t word = status.load();
  assert(status_of(word) == ExecutionStatus::kAborting);
  status.store(pack(incarnation_of(word) + 1, ExecutionStatus::kReadyToExecute),
               std::memory_order_release);
}

void Scheduler::resume_dependencies(const std::vector<TxnIndex>& dependents) {
  if (dependents.empty()) return;
  for (TxnIndex dependent : dependents) set_ready_status(dependent);
  decrease_execution_idx(*std::min_element(dependents.begin(), dependents.end()));
}

Task Scheduler::finish_execution(TxnIndex txn, Incarnation incarnation, bool wrote_new_location,
                                 WorkerClaims* claims) {
  TxnState& state = txns_[txn];
  assert(state.status.load() == pack(incarnation, ExecutionStatus::kExecuting));
  PEL_SYNC_POINT("Scheduler::finish_execution:begin");
  state.status.store(pack(incarnation, ExecutionStatus::kExecuted));
  PEL_SYNC_POINT("Scheduler::finish_execution:executed");
  if (state.has_dependents.load()) {  // rarely: most transactions wait for no one
    std::vector<TxnIndex> dependents;
    {
      std::lock_guard guard(state.dependency_lock);
      dependents.swap(state.dependents);
      state.has_dependents.store(false, std::memory_order_relaxed);
    }
    resume_dependencies(dependents);
  }
  uint64_t validation_idx = validation_idx_.value.load();
  PEL_SYNC_POINT("Scheduler::finish_execution:read_validation_idx");
  if (validation_idx > txn) {
    if (!wrote_new_location) {
      // Only this transaction needs validating: do it now, keeping the task count.
      return {TaskKind::kValidation, txn, incarnation};
    }
    decrease_validation_idx(txn);
  }
  PEL_SYNC_POINT("Scheduler::finish_execution:before_release");
  release_task(claims);
  return {};
}

bool Scheduler::try_validation_abort(TxnIndex txn, Incarnation incarnation) {
  uint32_t expected = pack(incarnation, ExecutionStatus::kExecuted);
  return txns_[txn].status.compare_exchange_strong(expected,
                                                   pack(incarnation, ExecutionStatus::kAborting));
}

Task Scheduler::finish_validation(TxnIndex txn, bool aborted, WorkerClaims* claims) {
  if (aborted) {
    set_ready_status(txn);
    decrease_validation_idx(static_cast<uint64_t>(txn) + 1);
    PEL_SYNC_POINT("Scheduler::finish_validation:aborted");
    if (execution_idx_.value.load() > txn) {
      PEL_SYNC_POINT("Scheduler::finish_validation:before_incarnate");
      Task task = try_incarnate(txn, claims);
      if (task) return task;  // keeps the active-task count of this validation
      return {};              // try_incarnate released it
    }
  }
  release_task(claims);
  return {};
}

}  // namespace pel
