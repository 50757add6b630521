// Executor throughput on blocks of peer-to-peer transfers over an in-memory
// pre-state, senders pre-recovered, execution only (the change set included).
//
//   build/release/executor/executor_bench --benchmark_filter=Transfers
//
// items_per_second is transactions per second. Compare parallel with sequential
// within one run (same machine state); `pel bench executor` prints the ratios.
#include <benchmark/benchmark.h>

#include <map>

#include "executor/access_graph.hpp"
#include "executor/block_executor.hpp"
#include "executor/sequential_executor.hpp"
#include "executor/transfer_vm.hpp"
#include "executor/transfer_workload.hpp"

namespace pel {
namespace {

const TransferWorkload& workload(size_t accounts) {
  static std::map<size_t, TransferWorkload> cache;
  auto it = cache.find(accounts);
  if (it == cache.end()) {
    TransferWorkloadOptions options;
    options.accounts = accounts;
    options.txns = 10'000;
    it = cache.emplace(accounts, make_transfer_workload(options)).first;
  }
  return it->second;
}

void BM_TransfersSequential(benchmark::State& state) {
  const TransferWorkload& w = workload(static_cast<size_t>(state.range(0)));
  BlockInput block = w.input();
  BlockExecutor<TransferVm> executor({}, {.sequential = true});
  for (auto _ : state) {
    BlockOutput out = executor.execute(block, w.state);
    benchmark::DoNotOptimize(out.gas_used);
    executor.recycle(std::move(out));  // as replay and import do
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(block.txns.size()));
}

// Executes `w`'s block once per iteration; returns the last block's metrics.
BlockMetrics execute_each_iteration(benchmark::State& state, const TransferWorkload& w,
                                    const ExecutorConfig& config) {
  BlockInput block = w.input();
  BlockExecutor<TransferVm> executor({}, config);
  BlockMetrics last;
  for (auto _ : state) {
    BlockOutput out = executor.execute(block, w.state);
    benchmark::DoNotOptimize(out.gas_used);
    last = out.metrics;
    executor.recycle(std::move(out));  // as replay and import do
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(block.txns.size()));
  return last;
}

// range(0): accounts, range(1): threads, range(2): 1 adaptive / 0 always Block-STM.
void BM_TransfersParallel(benchmark::State& state) {
  ExecutorConfig config;
  config.threads = static_cast<unsigned>(state.range(1));
  config.adaptive = state.range(2) != 0;
  const BlockMetrics last =
      execute_each_iteration(state, workload(static_cast<size_t>(state.range(0))), config);
  state.counters["executions"] = static_cast<double>(last.executions);
  state.counters["validations"] = static_cast<double>(last.validations);
  state.counters["seq_txns"] = static_cast<double>(last.sequential_txns);
  state.SetLabel(std::string(execution_mode_name(last.mode)) + "/" +
                 std::string(fallback_reason_name(last.fallback_reason)));
}

// A block shaped like `pel gen-history --accounts 100000 --txns-per-block 5000 --skew
// 1.0` (the replay benchmark): senders and recipients both Zipf over many accounts,
// so a few hot accounts chain a sixth of the block. range(0): threads. The counters
// are the last block's phases in microseconds.
const TransferWorkload& replay_shaped_workload() {
  static const TransferWorkload w = [] {
    TransferWorkloadOptions options;
    options.accounts = 100'000;
    options.txns = 5'000;
    options.sender_zipf = 1.0;
    options.recipient_zipf = 1.0;
    return make_transfer_workload(options);
  }();
  return w;
}

void BM_ReplayShapedBlock(benchmark::State& state) {
  const TransferWorkload& w = replay_shaped_workload();
  ExecutorConfig config;
  config.threads = static_cast<unsigned>(state.range(0));
  config.sequential = state.range(0) == 0;
  config.adaptive = false;
  const BlockMetrics last = execute_each_iteration(state, w, config);
  state.counters["prepare_us"] = static_cast<double>(last.prepare_ns) / 1e3;
  state.counters["execute_us"] = static_cast<double>(last.execute_ns) / 1e3;
  state.counters["collect_us"] = static_cast<double>(last.collect_ns) / 1e3;
  state.counters["depth"] = static_cast<double>(last.dependency_depth);
  state.SetLabel(std::string(execution_mode_name(last.mode)));
}

// The dependency graph of a transfer block, built on one thread: the part of a
// declared run that is not execution. range(0): accounts, uniform; 0 for the
// replay-shaped block.
void BM_AccessGraphBuild(benchmark::State& state) {
  const TransferWorkload& w = state.range(0) == 0 ? replay_shaped_workload()
                                                  : workload(static_cast<size_t>(state.range(0)));
  BlockInput block = w.input();
  TransferVm vm;
  AccessGraph graph;
  AccessDeclaration declaration;
  const size_t n = block.txns.size();
  size_t slots_per_txn = 4;  // then sized from the last block, as the executor does
  for (auto _ : state) {
    graph.reset(n, n * slots_per_txn);
    for (size_t i = 0; i < n; ++i) {
      vm.declare_access(block.txns[i], block.senders[i], block.env, declaration);
      graph.add(declaration);
    }
    graph.publish();
    slots_per_txn = graph.slot_count() / n + 1;
    benchmark::DoNotOptimize(graph.depth());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(block.txns.size()));
}

// 0 threads: the sequential executor.
BENCHMARK(BM_ReplayShapedBlock)
    ->Arg(0)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();
BENCHMARK(BM_AccessGraphBuild)
    ->Arg(0)
    ->Arg(10'000)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_TransfersSequential)
    ->Arg(10'000)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_TransfersParallel)
    ->Args({10'000, 2, 1})
    ->Args({10'000, 2, 0})
    ->Args({2, 2, 1})
    ->Args({2, 2, 0})
    ->Args({10'000, 1, 1})
    ->Args({10'000, 1, 0})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace pel
