#include "executor/transfer_benchmark.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>

#include "executor/block_executor.hpp"
#include "executor/transfer_vm.hpp"
#include "executor/transfer_workload.hpp"

namespace pel {
namespace {

struct Config {
  std::string name;
  size_t accounts;
  ExecutorConfig executor;
};

struct Series {
  std::vector<double> ms;
  BlockMetrics last;
};

double median_of(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace

std::vector<TransferBenchRow> run_transfer_bench(const TransferBenchOptions& options) {
  std::vector<Config> configs;
  for (size_t accounts : options.accounts) {
    configs.push_back({"sequential", accounts, {.threads = 1, .sequential = true}});
    configs.push_back({"parallel", accounts, {.threads = options.threads}});
    if (options.threads != 1) configs.push_back({"parallel", accounts, {.threads = 1}});
    if (options.include_raw_block_stm) {
      configs.push_back(
          {"block-stm-raw", accounts, {.threads = options.threads, .adaptive = false}});
      if (options.threads != 1)
        configs.push_back({"block-stm-raw", accounts, {.threads = 1, .adaptive = false}});
    }
  }

  std::vector<std::unique_ptr<TransferWorkload>> workloads;
  std::vector<size_t> workload_of(configs.size());
  for (size_t c = 0; c < configs.size(); ++c) {
    TransferWorkloadOptions wo;
    wo.seed = options.seed;
    wo.accounts = configs[c].accounts;
    wo.txns = options.txns;
    bool found = false;
    for (size_t w = 0; w < c; ++w) {
      if (configs[w].accounts == configs[c].accounts) {
        workload_of[c] = workload_of[w];
        found = true;
        break;
      }
    }
    if (!found) {
      workload_of[c] = workloads.size();
      workloads.push_back(std::make_unique<TransferWorkload>(make_transfer_workload(wo)));
    }
  }

  std::vector<std::unique_ptr<BlockExecutor<TransferVm>>> executors;
  for (const Config& config : configs)
    executors.push_back(std::make_unique<BlockExecutor<TransferVm>>(TransferVm{}, config.executor));

  std::vector<Series> series(configs.size());
  auto run_one = [&](size_t c, bool timed) {
    const TransferWorkload& w = *workloads[workload_of[c]];
    auto start = std::chrono::steady_clock::now();
    BlockOutput out = executors[c]->execute(w.input(), w.state);
    auto end = std::chrono::steady_clock::now();
    if (timed) {
      series[c].ms.push_back(std::chrono::duration<double, std::milli>(end - start).count());
      series[c].last = out.metrics;
    }
  };
  for (int warmup = 0; warmup < 2; ++warmup)
    for (size_t c = 0; c < configs.size(); ++c) run_one(c, false);
  for (int block = 0; block < std::max(options.blocks, 1); ++block)
    for (size_t c = 0; c < configs.size(); ++c) run_one(c, true);

  std::vector<TransferBenchRow> rows;
  for (size_t c = 0; c < configs.size(); ++c) {
    TransferBenchRow row;
    row.name = configs[c].name;
    row.accounts = configs[c].accounts;
    row.threads = configs[c].executor.threads;
    row.best_ms = *std::min_element(series[c].ms.begin(), series[c].ms.end());
    row.median_ms = median_of(series[c].ms);
    row.best_tx_per_s = options.txns / (row.best_ms / 1e3);
    row.median_tx_per_s = options.txns / (row.median_ms / 1e3);
    row.last_metrics = series[c].last;
    rows.push_back(row);
  }
  for (TransferBenchRow& row : rows) {
    for (const TransferBenchRow& base : rows) {
      if (base.name == "sequential" && base.accounts == row.accounts) {
        row.best_speedup = base.best_ms / row.best_ms;
        row.median_speedup = base.median_ms / row.median_ms;
      }
    }
  }
  return rows;
}

std::string format_transfer_bench(const std::vector<TransferBenchRow>& rows) {
  std::string out;
  char line[512];
  std::snprintf(line, sizeof line, "%-14s %8s %7s %9s %9s %12s %12s %8s %8s  %s\n", "executor",
                "accounts", "threads", "best_ms", "median_ms", "best_tx/s", "median_tx/s", "best_x",
                "median_x", "last block");
  out += line;
  for (const TransferBenchRow& row : rows) {
    const BlockMetrics& m = row.last_metrics;
    std::snprintf(line, sizeof line,
                  "%-14s %8zu %7u %9.3f %9.3f %12.0f %12.0f %8.3f %8.3f  %s/%s exec=%llu "
                  "val=%llu fail=%llu waits=%llu seq=%llu\n",
                  row.name.c_str(), row.accounts, row.threads, row.best_ms, row.median_ms,
                  row.best_tx_per_s, row.median_tx_per_s, row.best_speedup, row.median_speedup,
                  std::string(execution_mode_name(m.mode)).c_str(),
                  std::string(fallback_reason_name(m.fallback_reason)).c_str(),
                  static_cast<unsigned long long>(m.executions),
                  static_cast<unsigned long long>(m.validations),
                  static_cast<unsigned long long>(m.validation_failures),
                  static_cast<unsigned long long>(m.dependency_waits),
                  static_cast<unsigned long long>(m.sequential_txns));
    out += line;
  }
  return out;
}

}  // namespace pel
