#pragma once
// Executes blocks on a oneTBB task arena when that pays: from the dependency graph of
// the transactions' declared accesses when the VM declares them (DeclaredRun), under
// Block-STM otherwise (or when a transaction strays from its declaration);
// sequentially when parallel cannot gain (one thread, a small block, dependencies or
// contention that leave the threads nothing to do side by side). Either way the
// output is the sequential executor's, exactly.
//
//   BlockExecutor<TransferVm> executor({.threads = 8});
//   BlockOutput out = executor.execute(block, state);
//
// One BlockExecutor executes one block at a time (it reuses its memory across blocks,
// and the outputs handed back through recycle()).

#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "executor/access_graph.hpp"
#include "executor/block.hpp"
#include "executor/block_stm.hpp"
#include "executor/contention.hpp"
#include "executor/declared_access.hpp"
#include "executor/declared_run.hpp"
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
  // to run in parallel on every block, whatever its size, contention or thread count.
  bool adaptive = true;
  // Blocks whose transactions all declare their accesses (a VM with declare_access)
  // run from their dependency graph instead of under Block-STM. Tests and benchmarks
  // turn this off to run Block-STM.
  bool declared_access = true;
  // When adaptive, a declared block runs sequentially unless its dependency graph
  // allows at least this speedup (AccessGraph::speedup_bound, checked as the graph
  // grows, so a chain of a few accounts is caught after 16 transactions).
  double min_declared_speedup = 1.25;
  // Blocks with fewer transactions run sequentially (when adaptive).
  size_t min_parallel_txns = 256;
  // Transactions sampled to predict contention before starting (when adaptive); see
  // predicted_conflict_share(). 0 turns the prediction off.
  size_t contention_sample = 512;
  // Per-execution cost of Block-STM relative to a sequential execution, used to
  // decide when re-executions waste more than the threads gain: a run halts when the
  // share of repeated executions exceeds 1 - overhead / threads (when adaptive).
  double parallel_overhead = 1.3;
  // Time Block-STM blocks and run sequentially while parallel blocks prove slower on
  // this machine, retrying now and then (when adaptive; see SpeedPolicy). Declared
  // blocks are not timed: their dependency graph says what parallel can gain.
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
    // Declared blocks need no guess: their dependency graph tells (execute_declared).
    if (reason == FallbackReason::kNone && config_.adaptive && config_.contention_sample > 0 &&
        !declares_access()) {
      // A transaction conflicting with one of the last `threads` is one that cannot
      // run beside them: when too many do, speculation wastes more than it gains.
      double limit = max_wasted_ratio(config_.threads);
      predicted =
          predicted_conflict_share(block, config_.contention_sample, config_.threads, limit);
      if (predicted > limit) {
        reason = FallbackReason::kPredictedContention;
      }
    }
    // Declared blocks are not timed. Their graph bounds the gain before they start,
    // and on one thread a declared run keeps pace with the sequential executor, so
    // one loses only while a core is taken away, mostly for a moment the policy can
    // act on only afterwards. Timing them sent up to a third of a replay's blocks
    // sequential on a noisy machine (bench/RESULTS.md, thirteenth round).
    bool timed = config_.adaptive && config_.learn_from_timing && !declares_access() &&
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
      out = execute_block_sequential(vm_, block, state, &overlay_, std::move(spare_));
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

  // Takes back an output the caller is done with: the next block is written into its
  // storage (reuse_output) instead of megabytes allocated and first touched on one
  // thread while the workers wait.
  void recycle(BlockOutput&& spent) { spare_ = std::move(spent); }

 private:
  using Clock = std::chrono::steady_clock;
  static uint64_t ns_between(Clock::time_point a, Clock::time_point b) {
    return static_cast<uint64_t>(std::chrono::nanoseconds(b - a).count());
  }

  static constexpr bool declares_access_v = DeclaresAccess<Vm>;
  bool declares_access() const { return declares_access_v && config_.declared_access; }

  BlockOutput execute_parallel(const BlockInput& block, const StateView& state) {
    auto start = Clock::now();
    if (!arena_)
      arena_ = std::make_unique<oneapi::tbb::task_arena>(static_cast<int>(config_.threads));
    unsigned slots = static_cast<unsigned>(arena_->max_concurrency());
    TxnIndex n = static_cast<TxnIndex>(block.txns.size());

    bool undeclared = false;
    if constexpr (declares_access_v) {
      if (config_.declared_access) {
        if (std::optional<BlockOutput> out = execute_declared(block, state, start, undeclared)) {
          return std::move(*out);
        }
      }
    }
    // The workers wake while the multi-version memory is set up.
    wake_workers(*arena_, slots - 1);
    // Skips the records a declared attempt already loaded.
    if (config_.prefetch_accounts) prefetch_named_accounts(block, state);

    BlockOutput out = reuse_output(std::move(spare_), n);
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
    m.undeclared_access = undeclared;
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
      collect_changes_in_parallel(
          out.changes, memory_.change_parts(), memory_.keys_in_use(),
          [&](size_t part, auto& values) { memory_.collect_changes(part, values, n); });
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
        prefetch_txn_accounts(block, state, chunk * kChunk, std::min(n, (chunk + 1) * kChunk));
      });
    });
  }
  static void prefetch_txn_accounts(const BlockInput& block, const StateView& state, size_t begin,
                                    size_t end) {
    std::vector<Address> addresses;
    addresses.reserve(2 * (end - begin));
    for (size_t i = begin; i < end; ++i) {
      addresses.push_back(block.senders[i]);
      if (block.txns[i].to) addresses.push_back(*block.txns[i].to);
    }
    state.prefetch_accounts(addresses);
  }
  enum class GraphOutcome : uint8_t { kBuilt, kUndeclarable, kTooLarge, kTooDeep };
  static constexpr TxnIndex kFirstChainCheck = 16;
  // Transactions whose graph is built before any worker starts (the head).
  static constexpr TxnIndex kHead = 256;
  // The speedup bound below which the first `txns` transactions send a block
  // sequential. A short prefix is a small sample that understates the bound of the
  // whole block: over the 200 skewed blocks of the replay benchmark (a few hot
  // accounts in a sixth of the transactions, whole-graph bounds 1.48 to 1.55), the
  // first 16 read as low as 0.75 of the whole, the first 64 0.81 and the first 128
  // 0.86, but the first 256 0.92. So within the head only a bound under 0.88 of the
  // limit (1.1) counts. A wrong guess there costs little either way: no worker has
  // run a transaction yet, and a chain that the loose limit lets through is caught
  // at the head's end. Few-account blocks still leave at 16 or 32: two accounts
  // bound 16 transactions at 0.67, ten at about 0.9.
  double chain_limit(TxnIndex txns) const {
    return txns < kHead ? 0.88 * config_.min_declared_speedup : config_.min_declared_speedup;
  }

  // Adds transactions [graph_.txns(), end) to graph_ from the VM's declarations,
  // publishing them every kPublishEvery, and stops early when a transaction cannot
  // declare its accesses, the graph is full (AccessGraph::kMaxSlots), or (when
  // adaptive) the dependencies chain too many transactions for `threads` to gain
  // (checked at every power of two from 16 on, and at the end).
  GraphOutcome build_graph(const BlockInput& block, unsigned threads, TxnIndex end) {
    constexpr TxnIndex kPublishEvery = 64;
    const TxnIndex n = static_cast<TxnIndex>(block.txns.size());
    const TxnIndex begin = static_cast<TxnIndex>(graph_.txns());
    AccessDeclaration declaration;
    size_t next_check = kFirstChainCheck;
    while (next_check <= begin) next_check *= 2;
    for (TxnIndex txn = begin; txn < end; ++txn) {
      if (!vm_.declare_access(block.txns[txn], block.senders[txn], block.env, declaration)) {
        return GraphOutcome::kUndeclarable;
      }
      if (!graph_.add(declaration)) return GraphOutcome::kTooLarge;
      if (txn + 1 == next_check || txn + 1 == n) {
        next_check *= 2;
        if (config_.adaptive && graph_.speedup_bound(threads) < chain_limit(txn + 1)) {
          return GraphOutcome::kTooDeep;
        }
      }
      if ((txn + 1) % kPublishEvery == 0) graph_.publish();
    }
    graph_.publish();
    if (end == n) slots_per_declared_txn_ = graph_.slot_count() / std::max<size_t>(n, 1) + 1;
    return GraphOutcome::kBuilt;
  }

  // Runs `block` from the dependency graph of its declared accesses (or sequentially,
  // when adaptive and the graph is too deep to gain). Empty when a transaction has no
  // declaration, or when one touched a key outside it (then `undeclared` is set): the
  // caller runs Block-STM.
  std::optional<BlockOutput> execute_declared(const BlockInput& block, const StateView& state,
                                              Clock::time_point start, bool& undeclared) {
    const unsigned slots = static_cast<unsigned>(arena_->max_concurrency());
    const TxnIndex n = static_cast<TxnIndex>(block.txns.size());
    // The graph's head shows a chain of a few accounts before any worker starts.
    // Then the first worker to start builds the rest while the others execute what
    // it has published, loading the accounts they touch as they go: building,
    // loading and executing all overlap on every thread, with no phase in between.
    graph_.reset(n, n * slots_per_declared_txn_);
    // The first chain check comes before the workers are woken, so that a block of a
    // few accounts goes sequential without waking them; the rest of the head is
    // built while they wake.
    const TxnIndex head = std::min<TxnIndex>(n, kHead);
    GraphOutcome built = build_graph(block, slots, std::min<TxnIndex>(n, kFirstChainCheck));
    if (built == GraphOutcome::kBuilt) {
      wake_workers(*arena_, slots - 1);
      built = build_graph(block, slots, head);
    }
    std::optional<BlockOutput> out;
    if (built == GraphOutcome::kBuilt) {
      out.emplace(reuse_output(std::move(spare_), n));
      // Batches of claims keep the shared counter quiet; smaller ones keep a worker
      // from waiting behind a batch when neighbours depend on each other. (Single
      // claims cost a contended counter per transaction: on skewed replay blocks 4
      // beat 1 by about 0.1 in geomean, bench/RESULTS.md, eighteenth round.)
      const uint32_t batch = graph_.speedup_bound(slots) > 0.9 * slots ? 8 : 4;
      DeclaredRun<Vm> run(vm_, block, state, graph_, out->txns, slots, batch, declared_memory_);
      std::atomic<bool> builder_taken{head == n};
      auto prepared = Clock::now();
      run_workers(*arena_, slots, [&](unsigned id) {
        if (!builder_taken.exchange(true, std::memory_order_relaxed)) {
          built = build_graph(block, slots, n);
          if (built != GraphOutcome::kBuilt) run.stop();
        }
        run.worker(id);
      });
      auto executed = Clock::now();
      if (run.undeclared()) {
        undeclared = true;
        spare_ = std::move(*out);
        return std::nullopt;
      }
      if (built == GraphOutcome::kBuilt) {
        finish_declared(run, *out);
        BlockMetrics& m = out->metrics;
        m.dependency_waits = run.dependency_waits();
        m.prepare_ns = ns_between(start, prepared);
        m.execute_ns = ns_between(prepared, executed);
        m.collect_ns = ns_between(executed, Clock::now());
        m.total_ns = ns_between(start, Clock::now());
        return out;
      }
    }
    // A stopped run's outputs are dropped; their storage serves what runs next.
    if (out) spare_ = std::move(*out);
    if (built == GraphOutcome::kTooDeep) {
      // Whatever the workers ran meanwhile (less than the builder had published) is
      // dropped: the block runs again from its start.
      BlockOutput sequential =
          execute_block_sequential(vm_, block, state, &overlay_, std::move(spare_));
      sequential.metrics.fallback_reason = FallbackReason::kDependencyChain;
      sequential.metrics.dependency_depth = graph_.depth();
      sequential.metrics.prepare_ns = ns_between(start, Clock::now()) - sequential.metrics.total_ns;
      sequential.metrics.total_ns += sequential.metrics.prepare_ns;
      return sequential;
    }
    return std::nullopt;  // undeclarable, or too large a graph: Block-STM
  }

  // After a declared run: the block's changes, gas and metrics.
  template <class Run>
  void finish_declared(Run& run, BlockOutput& out) {
    const size_t keys = graph_.slot_count();
    // Parts of about 1,024 slots, and at least four per thread so that the threads
    // finish together: with a few parts (three on two threads), one thread collected
    // the last alone (bench/RESULTS.md, thirteenth round).
    const unsigned threads = static_cast<unsigned>(arena_->max_concurrency());
    const size_t parts = std::min<size_t>(64, std::max<size_t>(keys / 1024, 4 * threads));
    // An account slot holds three keys, a storage slot one.
    collect_changes_in_parallel(out.changes, parts, 3 * keys, [&](size_t part, auto& values) {
      run.collect_changes(keys * part / parts, keys * (part + 1) / parts, values);
    });
    out.gas_used = run.gas_used();
    BlockMetrics& m = out.metrics;
    m.mode = ExecutionMode::kDeclared;
    m.threads = threads;
    m.txns = out.txns.size();
    m.executions = out.txns.size();
    m.dependency_depth = graph_.depth();
  }

  // collect_part(part, values) for every part on the arena's threads, appending to
  // out.values (at most `most` values in all): a pass over every key the block
  // touched, the largest sequential part left after execution otherwise. One thread
  // (arena slot 0) takes parts from the front and appends them to `out` itself; the
  // others take them from the back into change_parts_, copied over afterwards: only
  // their share is copied twice.
  template <class CollectPart>
  void collect_changes_in_parallel(StateChanges& out, size_t parts, size_t most,
                                   const CollectPart& collect_part) {
    if (change_parts_.size() < parts) change_parts_.resize(parts);
    out.values.reserve(out.values.size() + most);  // parts append without moving it
    std::atomic<size_t> taken{0};                  // parts claimed from either end
    std::atomic<size_t> from_back{0};              // of which from the back
    size_t from_front = 0;                         // slot 0's only
    run_workers(*arena_, static_cast<unsigned>(arena_->max_concurrency()), [&](unsigned id) {
      while (taken.fetch_add(1, std::memory_order_relaxed) < parts) {
        if (id == 0) {
          collect_part(from_front++, out.values);
        } else {
          size_t part = parts - 1 - from_back.fetch_add(1, std::memory_order_relaxed);
          change_parts_[part].clear();
          collect_part(part, change_parts_[part]);
        }
      }
    });
    for (size_t part = from_front; part < parts; ++part) {
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
  AccessGraph graph_;
  DeclaredRunMemory declared_memory_;
  size_t slots_per_declared_txn_ = 4;
  std::vector<std::vector<std::pair<StateKey, U256>>> change_parts_;
  SpeedPolicy speed_;
  BlockOutput spare_;  // see recycle()
};

}  // namespace pel
