#pragma once
// Measures the executors on blocks of peer-to-peer transfers (in-memory pre-state,
// senders pre-recovered, execution only) and reports parallel against sequential
// from the same run: `pel bench executor` and executor_bench print this.
//
// Configurations take turns block by block, so that a machine whose load changes
// during the run affects them alike; each reports its best and median block time.

#include <cstdint>
#include <string>
#include <vector>

#include "executor/metrics.hpp"

namespace pel {

struct TransferBenchOptions {
  size_t txns = 10'000;  // per block
  std::vector<size_t> accounts = {10'000, 2};
  unsigned threads = 2;
  int blocks = 30;  // timed blocks per configuration (after two warm-up blocks)
  uint64_t seed = 1;
  bool include_raw_block_stm = true;  // also time Block-STM with the fallbacks off
};

struct TransferBenchRow {
  std::string name;  // "sequential", "parallel", "parallel-1-thread", "block-stm-raw", ...
  size_t accounts = 0;
  unsigned threads = 1;
  double best_ms = 0;
  double median_ms = 0;
  double best_tx_per_s = 0;
  double median_tx_per_s = 0;
  // Against "sequential" at the same account count: sequential time / this time.
  double best_speedup = 0;
  double median_speedup = 0;
  BlockMetrics last_metrics;
};

std::vector<TransferBenchRow> run_transfer_bench(const TransferBenchOptions& options);

// A table for people, one row per configuration.
std::string format_transfer_bench(const std::vector<TransferBenchRow>& rows);

}  // namespace pel
