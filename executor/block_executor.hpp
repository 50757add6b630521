#pragma once
// Executes blocks: Block-STM on a oneTBB task arena when that pays, sequentially when
// it cannot (one thread, a small block, or contention that makes speculation waste
// more than it gains). Either way the output is the sequential executor's, exactly.
//
//   BlockExecutor<TransferVm> executor({.threads = 8});
//   BlockOutput out = executor.execute(block, state);
//
// One BlockExecutor executes one block at a time (it reuses its memory across blocks).

#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "executor/block.hpp"
#include "executor/block_stm.hpp"
#include "executor/contention.hpp"
#include "executor/mv_view.hpp"
#include "executor/overlay_state.hpp"
#include "executor/parallel_workers.hpp"
#include "executor/recover_senders.hpp"
#include "executor/scheduler.hpp"
#include "executor/sequential_executor.hpp"
#include "executor/speed_policy.hpp"
#include "executor/vm.hpp"
#include "state/mv_memory.hpp"

namespace pel {

struct ExecutorConfig {
  // Worker threads; 0 means one per hardware thread.
  unsigned threads = 0;
  // Never run in parallel.
  bool sequential = false;
  // Fall back to sequential execution when parallel cannot win. Tests turn this off
  // to run Block-STM on every block, whatever its size, contention or thread count.
  bool adaptive = true;
  // Blocks with fewer transactions run sequentially (when adaptive).
  size_t min_parallel_txns = 256;
  // Transactions sampled to predict contention before starting (when adaptive); see
  // predicted_conflict_share(). 0 turns the prediction off.
  size_t contention_sample = 512;
  // Per-execution cost of Block-STM relative to a sequential execution, used to
  // decide when re-executions waste more than the threads gain: a run halts when the
  // share of repeated executions exceeds 1 - overhead / threads (when adaptive).
  double parallel_overhead = 1.3;
  // Time blocks and run sequentially while parallel blocks prove slower on this
  // machine, retrying now and then (when adaptive; see SpeedPolicy).
  bool learn_from_timing = true;
  // Overrides that share (tests set it negative to halt every run early).
  std::optional<double> max_wasted_ratio{};
  // Executions a worker runs before it judges contention.
  uint64_t contention_min_executions = 64;
  // Before Block-STM starts, load the accounts the transactions name (senders and
  // recipients) on the worker threads, in batches (StateView::prefetch_accounts).
  bool prefetch_accounts = true;
  // Consecutive transactions a Block-STM worker claims at once (see Scheduler);
  // 0 picks by block size: up to kMaxClaimBatch, fewer in small blocks so that
  // every worker still gets many claims.
  uint32_t claim_batch = 0;
  static constexpr uint32_t kMaxClaimBatch = 16;
};

// The claim batch for `txns` transactions on `threads` workers under `config`.
inline uint32_t claim_batch_for(const ExecutorConfig& config, size_t txns, unsigned threads) {
  if (config.claim_batch != 0) return config.claim_batch;
  size_t per_worker = txns / (static_cast<size_t>(std::max(threads, 1u)) * 32);
  return static_cast<uint32_t>(std::clamp<size_t>(per_worker, 1, ExecutorConfig::kMaxClaimBatch));
}

// Finishes a halted Block-STM run: keeps the longest prefix of transactions whose
// latest execution is still valid, executes the rest sequentially after it, and fills
// out.txns, out.changes and out.gas_used. Returns the prefix length.
template <TxnVm Vm>
size_t finish_sequentially(const Vm& vm, const BlockInput& block, MVMemory& memory,
                           const Scheduler& scheduler, OverlayState& overlay, BlockOutput& out) {
  size_t n = block.txns.size();
  TxnIndex prefix = 0;
  while (prefix < n && scheduler.status(prefix) == ExecutionStatus::kExecuted &&
         memory.validate_read_set(prefix)) {
    ++prefix;
  }
  MvPrefixView after_prefix(memory, prefix);
  overlay.reset(after_prefix, (n - prefix) * kExpectedKeysPerTxn);
  execute_txns_sequentially(vm, block, prefix, n, overlay, out.txns);

  memory.collect_changes(out.changes, prefix);
  const StateMap& suffix_writes = overlay.writes();
  std::erase_if(out.changes.values,
                [&](const auto& change) { return suffix_writes.find(change.first) != nullptr; });
  overlay.collect_changes(out.changes);
  return prefix;
}

template <TxnVm Vm>
class BlockExecutor {
 public:
  explicit BlockExecutor(Vm vm = Vm{}, ExecutorConfig config = {})
      : vm_(std::move(vm)), config_(config) {
    if (config_.threads == 0) config_.threads = std::max(1u, std::thread::hardware_concurrency());
  }

  const ExecutorConfig& config() const { return config_; }
  const Vm& vm() const { return vm_; }

  // recover_senders() on this executor's threads.
  Result<std::vector<Address>> recover_senders(std::span<const Transaction> txns) {
    if (!arena_)
      arena_ = std::make_unique<oneapi::tbb::task_arena>(static_cast<int>(config_.threads));
    Result<std::vector<Address>> senders = make_error("not run");
    arena_->execute([&] { senders = pel::recover_senders(txns); });
    return senders;
  }

  BlockOutput execute(const BlockInput& block, const StateView& state) {
    FallbackReason reason = FallbackReason::kNone;
    if (config_.sequential) {
      reason = FallbackReason::kConfiguredSequential;
    } else if (config_.adaptive && config_.threads == 1) {
      reason = FallbackReason::kSingleThread;
    } else if (config_.adaptive && block.txns.size() < config_.min_parallel_txns) {
      reason = FallbackReason::kSmallBlock;
    }
    double predicted = 0;
    if (reason == FallbackReason::kNone && config_.adaptive && config_.contention_sample > 0) {
      // A transaction conflicting with one of the last `threads` is one that cannot
      // run beside them: when too many do, speculation wastes more than it gains.
      double limit = max_wasted_ratio(config_.threads);
      predicted =
          predicted_conflict_share(block, config_.contention_sample, config_.threads, limit);
      if (predicted > limit) {
        reason = FallbackReason::kPredictedContention;
      }
    }
    bool timed = config_.adaptive && config_.learn_from_timing &&
                 block.txns.size() >= config_.min_parallel_txns;
    if (reason == FallbackReason::kNone && timed) {
      switch (speed_.choose()) {
        case SpeedPolicy::Choice::kParallel:
          break;
        case SpeedPolicy::Choice::kSequentialToCalibrate:
          reason = FallbackReason::kCalibrating;
          break;
        case SpeedPolicy::Choice::kSequentialFaster:
          reason = FallbackReason::kSequentialFaster;
          break;
      }
    }
    BlockOutput out;
    if (reason != FallbackReason::kNone || block.txns.empty()) {
      out = execute_block_sequential(vm_, block, state, &overlay_);
      out.metrics.fallback_reason = reason;
    } else {
      out = execute_parallel(block, state);
    }
    out.metrics.predicted_conflicts = predicted;
    if (timed && reason != FallbackReason::kSingleThread &&
        reason != FallbackReason::kConfiguredSequential) {
      speed_.record(out.metrics.mode != ExecutionMode::kSequential, out.metrics.total_ns,
                    block.txns.size());
    }
    return out;
  }

  const SpeedPolicy& speed_policy() const { return speed_; }

 private:
  using Clock = std::chrono::steady_clock;
  static uint64_t ns_between(Clock::time_point a, Clock::time_point b) {
    return static_cast<uint64_t>(std::chrono::nanoseconds(b - a).count());
  }

  BlockOutput execute_parallel(const BlockInput& block, const StateView& state) {
    auto start = Clock::now();
    if (!arena_)
      arena_ = std::make_unique<oneapi::tbb::task_arena>(static_cast<int>(config_.threads));
    unsigned slots = static_cast<unsigned>(arena_->max_concurrency());
    TxnIndex n = static_cast<TxnIndex>(block.txns.size());

    if (config_.prefetch_accounts) prefetch_named_accounts(block, state);

    BlockOutput out;
    out.txns.resize(n);
    StateKey hot_keys[] = {StateKey::balance(block.env.coinbase)};
    memory_.reset({n, std::max<size_t>(n * keys_per_txn_, 1024), slots}, state, hot_keys);
    scheduler_.reset(n, claim_batch_for(config_, n, slots));
    ContentionLimit limit;
    limit.enabled = config_.adaptive;
    limit.max_wasted_ratio = max_wasted_ratio(slots);
    limit.min_executions = config_.contention_min_executions;
    BlockStm<Vm> run(vm_, block, memory_, scheduler_, out.txns, slots, limit);
    auto prepared = Clock::now();

    run_workers(*arena_, slots, [&](unsigned id) { run.worker(id); });
    auto executed = Clock::now();

    BlockMetrics& m = out.metrics;
    m.threads = slots;
    m.txns = n;
    run.add_counters(m);
    auto fallback_end = executed;
    if (run.halted_for_contention()) {
      size_t prefix = finish_sequentially(vm_, block, memory_, scheduler_, overlay_, out);
      m.mode = ExecutionMode::kParallelThenSequential;
      m.fallback_reason = FallbackReason::kHighContention;
      m.sequential_txns = n - prefix;
      m.executions += n - prefix;
      fallback_end = Clock::now();
    } else {
      m.mode = ExecutionMode::kParallel;
      collect_changes_in_parallel(out.changes, n);
    }
    collect_code(out);
    for (const TxnOutput& txn : out.txns) out.gas_used += txn.result.gas_used;
    keys_per_txn_ = std::max<size_t>(kExpectedKeysPerTxn, memory_.keys_in_use() / n + 1);
    auto end = Clock::now();

    m.prepare_ns = ns_between(start, prepared);
    m.execute_ns = ns_between(prepared, executed);
    m.fallback_ns = ns_between(executed, fallback_end);
    m.collect_ns = ns_between(fallback_end, end);
    m.total_ns = ns_between(start, end);
    return out;
  }

  // The share of wasted (repeated) executions beyond which parallel execution on
  // `threads` loses to sequential: 1 - overhead / threads.
  double max_wasted_ratio(unsigned threads) const {
    return config_.max_wasted_ratio.value_or(1.0 - config_.parallel_overhead /
                                                       static_cast<double>(threads));
  }

  // Nearly every transaction first reads its sender and recipient: a store that
  // loads records in batches (RocksDB's MultiGet) does it here, on all threads,
  // instead of one record at a time inside the workers.
  void prefetch_named_accounts(const BlockInput& block, const StateView& state) {
    constexpr size_t kChunk = 256;
    const size_t n = block.txns.size();
    arena_->execute([&] {
      parallel_for_each_index((n + kChunk - 1) / kChunk, 1, [&](size_t chunk) {
        std::vector<Address> addresses;
        addresses.reserve(2 * kChunk);
        for (size_t i = chunk * kChunk; i < std::min(n, (chunk + 1) * kChunk); ++i) {
          addresses.push_back(block.senders[i]);
          if (block.txns[i].to) addresses.push_back(*block.txns[i].to);
        }
        state.prefetch_accounts(addresses);
      });
    });
  }

  // MVMemory::collect_changes on the arena's threads: a pass over every key the
  // block touched, the largest sequential part left after execution otherwise.
  void collect_changes_in_parallel(StateChanges& out, TxnIndex upto) {
    const size_t parts = memory_.change_parts();
    if (change_parts_.size() < parts) change_parts_.resize(parts);
    arena_->execute([&] {
      parallel_for_each_index(parts, 1, [&](size_t part) {
        change_parts_[part].clear();
        memory_.collect_changes(part, change_parts_[part], upto);
      });
    });
    size_t total = out.values.size();
    for (size_t part = 0; part < parts; ++part) total += change_parts_[part].size();
    out.values.reserve(total);
    for (size_t part = 0; part < parts; ++part) {
      out.values.insert(out.values.end(), change_parts_[part].begin(), change_parts_[part].end());
    }
  }

  // The code the final write sets deployed (MVMemory's code map also holds code from
  // discarded executions).
  static void collect_code(BlockOutput& out) {
    out.changes.code.clear();
    for (const TxnOutput& txn : out.txns) {
      for (const CodeBlob& blob : txn.writes.code) {
        bool seen = std::any_of(out.changes.code.begin(), out.changes.code.end(),
                                [&](const CodeBlob& other) { return other.hash == blob.hash; });
        if (!seen) out.changes.code.push_back(blob);
      }
    }
  }

  Vm vm_;
  ExecutorConfig config_;
  std::unique_ptr<oneapi::tbb::task_arena> arena_;
  MVMemory memory_;
  Scheduler scheduler_;
  OverlayState overlay_{empty_state_};
  struct EmptyState final : StateView {
    U256 read(const StateKey&) const override { return {}; }
    CodePtr code(const Hash&) const override { return nullptr; }
  };
  static inline const EmptyState empty_state_{};
  size_t keys_per_txn_ = kExpectedKeysPerTxn;
  std::vector<std::vector<std::pair<StateKey, U256>>> change_parts_;
  SpeedPolicy speed_;
};

}  // namespace pel
