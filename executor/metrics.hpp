#pragma once
// What happened while executing one block, for logs, RPC and benchmarks.

#include <cstdint>
#include <string>
#include <string_view>

namespace pel {

enum class ExecutionMode : uint8_t {
  kSequential = 0,
  kParallel = 1,
  // Started in parallel, then halted and finished sequentially (see FallbackReason).
  kParallelThenSequential = 2,
  // In parallel, in the order of the declared accesses' dependency graph (no
  // speculation: see DeclaredRun).
  kDeclared = 3,
};

enum class FallbackReason : uint8_t {
  kNone = 0,
  kConfiguredSequential,  // ExecutorConfig asked for sequential execution
  kSingleThread,          // one worker cannot gain from speculation
  kSmallBlock,            // too few transactions to pay for starting workers
  kHighContention,        // aborts dominated: re-execution would cost more than it saves
  kPredictedContention,   // the block's senders and recipients overlap too much to try
  kCalibrating,           // timing a sequential block to compare parallel blocks with
  kSequentialFaster,      // parallel blocks were slower on this machine (SpeedPolicy)
  kDependencyChain,       // the declared accesses chain too many transactions to gain
};

std::string_view execution_mode_name(ExecutionMode mode);
std::string_view fallback_reason_name(FallbackReason reason);

struct BlockMetrics {
  ExecutionMode mode = ExecutionMode::kSequential;
  FallbackReason fallback_reason = FallbackReason::kNone;
  unsigned threads = 1;
  uint64_t txns = 0;

  uint64_t executions = 0;           // VM runs, counting aborted and repeated ones
  uint64_t re_executions = 0;        // runs beyond a transaction's first
  uint64_t validations = 0;          // read-set validations
  uint64_t validation_failures = 0;  // validations that found a stale read
  // Runs suspended on an ESTIMATE (Block-STM), or waits for a predecessor to finish
  // (a declared run).
  uint64_t dependency_waits = 0;
  uint64_t sequential_txns = 0;  // transactions the sequential path executed
  // Block-STM workers that ran at least one task: fewer than `threads` when a worker
  // thread arrived after the others had finished the block (a busy machine).
  unsigned active_workers = 0;
  // predicted_conflict_share() of the block's first transactions (when predicted).
  double predicted_conflicts = 0;
  // The longest chain of dependencies among the declared accesses (when built).
  uint64_t dependency_depth = 0;
  // A declared run stopped: a transaction touched a key it had not declared, and the
  // block ran under Block-STM instead.
  bool undeclared_access = false;

  // Time per phase, in nanoseconds. prepare: prefetching the accounts the block names
  // (Block-STM with prefetch_accounts) and setting up the multi-version memory and
  // scheduler, or building the head of the declared accesses' dependency graph;
  // execute: Block-STM, the declared run (building the rest of the graph alongside)
  // or the sequential loop; fallback: validating the parallel prefix and finishing
  // sequentially; collect: gathering the change set.
  uint64_t prepare_ns = 0;
  uint64_t execute_ns = 0;
  uint64_t fallback_ns = 0;
  uint64_t collect_ns = 0;
  uint64_t total_ns = 0;

  // One line for logs: "mode=parallel threads=2 txns=10000 executions=10012 ...".
  std::string summary() const;
};

}  // namespace pel
