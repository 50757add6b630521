#pragma once
// `pel bench executor`: the Block-STM paper's grid for peer-to-peer transfers
// (Gelashvili et al., PPoPP 2023, figure 3): accounts {2, 10, 100, 1000, 10000} x
// block size {1000, 10000} x threads {1 .. nproc}. Each (accounts, block size) group
// times the sequential executor, the parallel executor as the node runs it
// (BlockExecutor, adaptive) and raw Block-STM (adaptive off) at every thread count,
// taking turns repetition by repetition, so that ratios compare runs made at the same
// time on the same machine. Only execution is timed: transactions are pre-built and
// their senders pre-recovered, and the pre-state view is opened before the clock
// starts. The pre-state is read through RocksDB (a ChainStore whose genesis holds the
// funded accounts, read through its FlatStateView) unless `in_memory`.

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace pel {

struct ExecutorGridOptions {
  std::vector<size_t> accounts = {2, 10, 100, 1'000, 10'000};
  std::vector<size_t> block_sizes = {1'000, 10'000};
  std::vector<unsigned> threads;  // empty: 1 .. hardware threads
  int reps = 5;                   // timed repetitions per configuration (the median counts)
  int warmup = 2;                 // untimed blocks per configuration first
  uint64_t seed = 1;
  bool in_memory = false;  // MemoryState pre-state instead of RocksDB
  bool json = false;       // one JSON object per cell and line instead of the table
  std::string plot_file;   // a PNG of speedup against threads, when not empty
  std::string datadir;     // where the RocksDB pre-states go; empty: a temp directory
};

// Registers the options of `pel bench executor` on `command`, writing into `options`
// (--accounts, --block-size and --threads narrow the grid to the values given).
void add_executor_grid_options(CLI::App& command, ExecutorGridOptions& options);

// 1 .. hardware threads when `options.threads` is empty.
std::vector<unsigned> grid_threads(const ExecutorGridOptions& options);

struct ExecutorGridCell {
  size_t accounts = 0;
  size_t block_size = 0;
  unsigned threads = 0;
  bool rocksdb = false;  // pre-state read through RocksDB (else in memory)
  int reps = 0;
  // Median block times in milliseconds, and transactions per second from them.
  double sequential_ms = 0;
  double parallel_ms = 0;   // the adaptive BlockExecutor
  double block_stm_ms = 0;  // Block-STM with the adaptive fallbacks off
  double sequential_tps = 0;
  double parallel_tps = 0;
  double block_stm_tps = 0;
  double speedup = 0;            // sequential_ms / parallel_ms
  double block_stm_speedup = 0;  // sequential_ms / block_stm_ms
  // Median CPU time of the process per block (every thread, spinning included): on a
  // machine shared with other work, sequential_cpu_ms / block_stm_cpu_ms x threads
  // estimates what Block-STM could reach on idle cores (block_stm_cpu_speedup).
  double sequential_cpu_ms = 0;
  double block_stm_cpu_ms = 0;
  double parallel_cpu_ms = 0;
  // The adaptive executor's phases in the last repetition (BlockMetrics), milliseconds,
  // and the depth of its dependency graph (when it ran declared).
  double parallel_prepare_ms = 0;
  double parallel_execute_ms = 0;
  double parallel_collect_ms = 0;
  uint64_t dependency_depth = 0;
  // Raw Block-STM's phases in the last repetition (BlockMetrics), milliseconds.
  double block_stm_prepare_ms = 0;
  double block_stm_execute_ms = 0;
  double block_stm_collect_ms = 0;
  // Repetitions in which every Block-STM worker thread ran a task (on a busy machine
  // a worker thread can arrive after the others finished the block).
  int block_stm_all_workers_reps = 0;
  // From the last repetition.
  uint64_t reexecutions = 0;  // the adaptive executor's
  uint64_t block_stm_reexecutions = 0;
  uint64_t block_stm_validation_failures = 0;
  uint64_t block_stm_dependency_waits = 0;
  std::string parallel_mode;  // what the adaptive executor ran: "sequential/single-thread", ...
  // Every repetition of both parallel executors gave the sequential output exactly:
  // every transaction's result and write set, the block's changes and gas used.
  bool identical = false;
};

// Runs the grid, calling `on_cell` as each cell is measured (groups finish one after
// another). Errors: the RocksDB pre-state could not be written or read.
Result<std::vector<ExecutorGridCell>> run_executor_grid(
    const ExecutorGridOptions& options,
    const std::function<void(const ExecutorGridCell&)>& on_cell = {});

// What the output says it measured (the table's first lines).
std::string executor_grid_header(const ExecutorGridOptions& options);
std::string executor_grid_table_head();
// threads x sequential CPU time / Block-STM CPU time (see ExecutorGridCell).
double block_stm_cpu_speedup(const ExecutorGridCell& cell);
std::string executor_grid_table_row(const ExecutorGridCell& cell);
// One line of JSON, without the newline.
std::string executor_grid_json(const ExecutorGridCell& cell);

// Writes a PNG with gnuplot: speedup against threads, one line per account count and
// executor, one panel per block size. An error when gnuplot is missing or fails.
Status plot_executor_grid(const std::vector<ExecutorGridCell>& cells, const std::string& png_file);
// Whether gnuplot can be run (checked before a long run that ends in a plot).
Status check_gnuplot();

}  // namespace pel
