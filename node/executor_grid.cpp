#include "node/executor_grid.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <thread>

#include "executor/block_executor.hpp"
#include "executor/transfer_vm.hpp"
#include "executor/transfer_workload.hpp"
#include "state/chain_store.hpp"

namespace pel {
namespace {

using Clock = std::chrono::steady_clock;

double median_of(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// The workload's pre-state as a genesis alloc in a ChainStore: what the executor reads
// through FlatStateView (RocksDB, with its block cache and the view's record cache).
class RocksDbPreState {
 public:
  static Result<std::unique_ptr<RocksDbPreState>> create(const std::filesystem::path& dir,
                                                         const TransferWorkload& workload) {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
    std::filesystem::create_directories(dir.parent_path(), ignored);
    Genesis genesis;
    genesis.config.chain_id = workload.env.chain_id;
    genesis.config.london_block = 0;
    genesis.gas_limit = workload.env.gas_limit;
    for (const auto& [address, balance] : workload.funded) genesis.alloc[address].balance = balance;
    ChainStoreOptions options;
    options.database.sync_writes = false;
    auto store = ChainStore::open_with_genesis(dir.string(), genesis, options);
    if (!store) return make_error("pre-state in " + dir.string() + ": " + store.error().message);
    auto pre = std::unique_ptr<RocksDbPreState>(new RocksDbPreState);
    pre->dir_ = dir;
    pre->store_ = std::move(store).value();
    return pre;
  }
  ~RocksDbPreState() {
    store_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  // A fresh view per block, as the node opens one per block (its record cache cold).
  std::unique_ptr<FlatStateView> view() const { return store_->head_state(); }

 private:
  RocksDbPreState() = default;
  std::filesystem::path dir_;
  std::unique_ptr<ChainStore> store_;
};

// CPU time of the whole process, in milliseconds.
double process_cpu_ms() {
  timespec now{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

struct Series {
  std::unique_ptr<BlockExecutor<TransferVm>> executor;
  std::vector<double> ms;
  std::vector<double> cpu_ms;
  int all_workers_reps = 0;  // timed blocks in which every Block-STM worker took part
  BlockMetrics last;
  bool identical = true;
};

std::string mode_name(const BlockMetrics& m) {
  std::string name(execution_mode_name(m.mode));
  if (m.fallback_reason != FallbackReason::kNone)
    name += "/" + std::string(fallback_reason_name(m.fallback_reason));
  return name;
}

}  // namespace

void add_executor_grid_options(CLI::App& command, ExecutorGridOptions& options) {
  // CLI::PositiveNumber's message names the range of a double; this one says what it means.
  const CLI::Validator at_least_one(
      [](std::string& value) -> std::string {
        if (value.empty() || value.find_first_not_of("0123456789") != std::string::npos)
          return "not a whole number: " + value;
        return value.find_first_not_of('0') == std::string::npos ? "must be at least 1" : "";
      },
      "N >= 1");
  command
      .add_option("--accounts", options.accounts,
                  "narrow the grid to these account counts (contention)")
      ->check(at_least_one)
      ->capture_default_str();
  command
      .add_option("--block-size", options.block_sizes,
                  "narrow the grid to these block sizes (transactions)")
      ->check(at_least_one)
      ->capture_default_str();
  command
      .add_option("--threads", options.threads,
                  "narrow the grid to these thread counts (default 1 .. hardware threads)")
      ->check(at_least_one);
  command.add_option("--reps", options.reps, "timed repetitions per configuration (median)")
      ->check(at_least_one)
      ->capture_default_str();
  command.add_option("--warmup", options.warmup, "untimed blocks per configuration first")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  command.add_option("--seed", options.seed, "workload seed")->capture_default_str();
  command.add_flag("--in-memory", options.in_memory,
                   "read the pre-state from memory (MemoryState) instead of RocksDB");
  command.add_flag("--json", options.json, "one JSON object per grid cell and line");
  command.add_option("--plot", options.plot_file,
                     "write a PNG of speedup against threads (needs gnuplot)");
  command.add_option("--datadir", options.datadir,
                     "where the RocksDB pre-states are written (default: a temp directory)");
}

std::vector<unsigned> grid_threads(const ExecutorGridOptions& options) {
  if (!options.threads.empty()) return options.threads;
  std::vector<unsigned> all;
  for (unsigned t = 1; t <= std::max(1u, std::thread::hardware_concurrency()); ++t)
    all.push_back(t);
  return all;
}

Result<std::vector<ExecutorGridCell>> run_executor_grid(
    const ExecutorGridOptions& options,
    const std::function<void(const ExecutorGridCell&)>& on_cell) {
  const std::vector<unsigned> threads = grid_threads(options);
  const int reps = std::max(options.reps, 1);
  std::filesystem::path root =
      options.datadir.empty()
          ? std::filesystem::temp_directory_path() /
                ("pel-bench-executor-" + std::to_string(static_cast<long>(::getpid())))
          : std::filesystem::path(options.datadir);
  // A temp root goes away with the run, errors included.
  struct RemoveTempRoot {
    const std::filesystem::path* root;
    ~RemoveTempRoot() {
      std::error_code ignored;
      if (root) std::filesystem::remove_all(*root, ignored);
    }
  } remove_temp_root{options.datadir.empty() ? &root : nullptr};
  std::vector<ExecutorGridCell> cells;

  for (size_t accounts : options.accounts) {
    std::unique_ptr<RocksDbPreState> pre_state;
    for (size_t block_size : options.block_sizes) {
      TransferWorkloadOptions wo;
      wo.seed = options.seed;
      wo.accounts = accounts;
      wo.txns = block_size;
      const TransferWorkload workload = make_transfer_workload(wo);
      if (!options.in_memory && !pre_state) {
        // The pre-state depends on the account count only.
        auto created =
            RocksDbPreState::create(root / ("accounts-" + std::to_string(accounts)), workload);
        if (!created) return created.error();
        pre_state = std::move(created).value();
      }

      // Series 0 is sequential; then per thread count the adaptive executor and raw
      // Block-STM.
      std::vector<Series> series(1 + 2 * threads.size());
      series[0].executor = std::make_unique<BlockExecutor<TransferVm>>(
          TransferVm{}, ExecutorConfig{.threads = 1, .sequential = true});
      for (size_t t = 0; t < threads.size(); ++t) {
        series[1 + 2 * t].executor = std::make_unique<BlockExecutor<TransferVm>>(
            TransferVm{}, ExecutorConfig{.threads = threads[t]});
        series[2 + 2 * t].executor = std::make_unique<BlockExecutor<TransferVm>>(
            TransferVm{},
            ExecutorConfig{.threads = threads[t], .adaptive = false, .declared_access = false});
      }

      const BlockInput input = workload.input();
      // The reference every series is checked against, computed once, untimed.
      BlockOutput reference;
      {
        std::unique_ptr<FlatStateView> view;
        if (pre_state) view = pre_state->view();
        const StateView& state = view ? static_cast<const StateView&>(*view) : workload.state;
        reference = series[0].executor->execute(input, state);
      }
      for (int round = 0; round < options.warmup + reps; ++round) {
        const bool timed = round >= options.warmup;
        // The order rotates every round: a series that always ran right after the
        // same other one would inherit the same cache state every time.
        for (size_t k = 0; k < series.size(); ++k) {
          const size_t s = (k + static_cast<size_t>(round)) % series.size();
          std::unique_ptr<FlatStateView> view;
          if (pre_state) view = pre_state->view();
          const StateView& state = view ? static_cast<const StateView&>(*view) : workload.state;
          double cpu_start = process_cpu_ms();
          auto start = Clock::now();
          BlockOutput out = series[s].executor->execute(input, state);
          auto end = Clock::now();
          double cpu_end = process_cpu_ms();
          if (view && !view->status().ok())
            return make_error("reading the pre-state: " + view->status().error().message);
          if (!same_output(reference, out)) series[s].identical = false;
          if (timed) {
            series[s].last = out.metrics;
            if (s > 0 && out.metrics.active_workers >= out.metrics.threads)
              ++series[s].all_workers_reps;
            series[s].ms.push_back(std::chrono::duration<double, std::milli>(end - start).count());
            series[s].cpu_ms.push_back(cpu_end - cpu_start);
          }
        }
      }

      const double sequential_ms = median_of(series[0].ms);
      for (size_t t = 0; t < threads.size(); ++t) {
        const Series& parallel = series[1 + 2 * t];
        const Series& raw = series[2 + 2 * t];
        ExecutorGridCell cell;
        cell.accounts = accounts;
        cell.block_size = block_size;
        cell.threads = threads[t];
        cell.rocksdb = !options.in_memory;
        cell.reps = reps;
        cell.sequential_ms = sequential_ms;
        cell.parallel_ms = median_of(parallel.ms);
        cell.block_stm_ms = median_of(raw.ms);
        auto tps = [&](double ms) { return static_cast<double>(block_size) / (ms / 1e3); };
        cell.sequential_tps = tps(cell.sequential_ms);
        cell.parallel_tps = tps(cell.parallel_ms);
        cell.block_stm_tps = tps(cell.block_stm_ms);
        cell.speedup = cell.sequential_ms / cell.parallel_ms;
        cell.block_stm_speedup = cell.sequential_ms / cell.block_stm_ms;
        cell.sequential_cpu_ms = median_of(series[0].cpu_ms);
        cell.block_stm_cpu_ms = median_of(raw.cpu_ms);
        cell.parallel_cpu_ms = median_of(parallel.cpu_ms);
        cell.parallel_prepare_ms = static_cast<double>(parallel.last.prepare_ns) / 1e6;
        cell.parallel_execute_ms = static_cast<double>(parallel.last.execute_ns) / 1e6;
        cell.parallel_collect_ms = static_cast<double>(parallel.last.collect_ns) / 1e6;
        cell.dependency_depth = parallel.last.dependency_depth;
        cell.block_stm_prepare_ms = static_cast<double>(raw.last.prepare_ns) / 1e6;
        cell.block_stm_execute_ms = static_cast<double>(raw.last.execute_ns) / 1e6;
        cell.block_stm_collect_ms = static_cast<double>(raw.last.collect_ns) / 1e6;
        cell.block_stm_all_workers_reps = raw.all_workers_reps;
        cell.reexecutions = parallel.last.re_executions;
        cell.block_stm_reexecutions = raw.last.re_executions;
        cell.block_stm_validation_failures = raw.last.validation_failures;
        cell.block_stm_dependency_waits = raw.last.dependency_waits;
        cell.parallel_mode = mode_name(parallel.last);
        cell.identical = parallel.identical && raw.identical;
        if (on_cell) on_cell(cell);
        cells.push_back(cell);
      }
    }
  }
  return cells;
}

std::string executor_grid_header(const ExecutorGridOptions& options) {
  std::string out = "pel bench executor: blocks of p2p transfers, ";
  out += options.in_memory
             ? "pre-state in memory (MemoryState)"
             : "pre-state read through RocksDB (a ChainStore genesis, read via FlatStateView; "
               "a fresh view per block)";
  out += "\n  execution only (txns pre-built, senders pre-recovered); median of " +
         std::to_string(std::max(options.reps, 1)) + " reps after " +
         std::to_string(options.warmup) + " warm-up blocks; " +
         std::to_string(std::thread::hardware_concurrency()) + " hardware threads\n";
  out +=
      "  seq: the sequential executor.  par: the parallel executor as the node runs it "
      "(BlockExecutor, adaptive: it runs sequentially when parallel cannot win; mode says "
      "what it ran).  bstm: Block-STM alone (adaptive off).  x: sequential time / time, "
      "same run.  cpu_x: threads x sequential CPU time / Block-STM CPU time (process CPU, all "
      "threads): what Block-STM would reach on idle cores if no worker waited; on a machine "
      "shared with other work it is steadier than bstm_x.  re-ex: Block-STM's re-executions in "
      "the last block.  same: output identical to "
      "sequential in every rep\n";
  return out;
}

std::string executor_grid_table_head() {
  char line[256];
  std::snprintf(line, sizeof line, "%8s %6s %3s %11s %11s %6s %-26s %11s %6s %6s %6s %5s\n",
                "accounts", "block", "thr", "seq_tx/s", "par_tx/s", "par_x", "par_mode",
                "bstm_tx/s", "bstm_x", "cpu_x", "re-ex", "same");
  return line;
}

double block_stm_cpu_speedup(const ExecutorGridCell& c) {
  return c.block_stm_cpu_ms > 0 ? c.threads * c.sequential_cpu_ms / c.block_stm_cpu_ms : 0;
}

std::string executor_grid_table_row(const ExecutorGridCell& c) {
  char line[256];
  std::snprintf(
      line, sizeof line, "%8zu %6zu %3u %11.0f %11.0f %6.2f %-26s %11.0f %6.2f %6.2f %6llu %5s\n",
      c.accounts, c.block_size, c.threads, c.sequential_tps, c.parallel_tps, c.speedup,
      c.parallel_mode.c_str(), c.block_stm_tps, c.block_stm_speedup, block_stm_cpu_speedup(c),
      static_cast<unsigned long long>(c.block_stm_reexecutions), c.identical ? "yes" : "NO");
  return line;
}

std::string executor_grid_json(const ExecutorGridCell& c) {
  char line[1024];
  std::snprintf(
      line, sizeof line,
      "{\"accounts\":%zu,\"block_size\":%zu,\"threads\":%u,\"state\":\"%s\",\"reps\":%d,"
      "\"sequential_tps\":%.1f,\"parallel_tps\":%.1f,\"speedup\":%.4f,\"reexecutions\":%llu,"
      "\"parallel_mode\":\"%s\",\"block_stm_tps\":%.1f,\"block_stm_speedup\":%.4f,"
      "\"block_stm_reexecutions\":%llu,\"block_stm_validation_failures\":%llu,"
      "\"block_stm_dependency_waits\":%llu,\"sequential_ms\":%.4f,\"parallel_ms\":%.4f,"
      "\"block_stm_ms\":%.4f,\"sequential_cpu_ms\":%.4f,\"parallel_cpu_ms\":%.4f,"
      "\"block_stm_cpu_ms\":%.4f,\"parallel_prepare_ms\":%.4f,\"parallel_execute_ms\":%.4f,"
      "\"parallel_collect_ms\":%.4f,\"dependency_depth\":%llu,"
      "\"block_stm_prepare_ms\":%.4f,\"block_stm_execute_ms\":%.4f,"
      "\"block_stm_collect_ms\":%.4f,\"block_stm_all_workers_reps\":%d,\"identical\":%s}",
      c.accounts, c.block_size, c.threads, c.rocksdb ? "rocksdb" : "memory", c.reps,
      c.sequential_tps, c.parallel_tps, c.speedup, static_cast<unsigned long long>(c.reexecutions),
      c.parallel_mode.c_str(), c.block_stm_tps, c.block_stm_speedup,
      static_cast<unsigned long long>(c.block_stm_reexecutions),
      static_cast<unsigned long long>(c.block_stm_validation_failures),
      static_cast<unsigned long long>(c.block_stm_dependency_waits), c.sequential_ms, c.parallel_ms,
      c.block_stm_ms, c.sequential_cpu_ms, c.parallel_cpu_ms, c.block_stm_cpu_ms,
      c.parallel_prepare_ms, c.parallel_execute_ms, c.parallel_collect_ms,
      static_cast<unsigned long long>(c.dependency_depth), c.block_stm_prepare_ms,
      c.block_stm_execute_ms, c.block_stm_collect_ms, c.block_stm_all_workers_reps,
      c.identical ? "true" : "false");
  return line;
}

Status check_gnuplot() {
  if (std::system("command -v gnuplot >/dev/null 2>&1") != 0) {
    return make_error(
        "--plot needs gnuplot, which is not installed (Debian: apt-get install gnuplot-nox; "
        "scripts/install-deps.sh installs it)");
  }
  return {};
}

Status plot_executor_grid(const std::vector<ExecutorGridCell>& cells, const std::string& png_file) {
  PEL_TRY(check_gnuplot());
  std::vector<size_t> blocks, accounts;
  for (const ExecutorGridCell& c : cells) {
    if (std::find(blocks.begin(), blocks.end(), c.block_size) == blocks.end())
      blocks.push_back(c.block_size);
    if (std::find(accounts.begin(), accounts.end(), c.accounts) == accounts.end())
      accounts.push_back(c.accounts);
  }
  if (cells.empty()) return make_error("nothing to plot");

  std::string script;
  // Data blocks: per (block size, accounts), lines "threads bstm_speedup par_speedup".
  for (size_t b : blocks) {
    for (size_t a : accounts) {
      script += "$d_" + std::to_string(b) + "_" + std::to_string(a) + " << EOD\n";
      for (const ExecutorGridCell& c : cells) {
        if (c.block_size != b || c.accounts != a) continue;
        char line[128];
        std::snprintf(line, sizeof line, "%u %.4f %.4f\n", c.threads, c.block_stm_speedup,
                      c.speedup);
        script += line;
      }
      script += "EOD\n";
    }
  }
  unsigned max_threads = 1;
  for (const ExecutorGridCell& c : cells) max_threads = std::max(max_threads, c.threads);
  const std::string state = cells.front().rocksdb ? "RocksDB pre-state" : "in-memory pre-state";
  script +=
      "set terminal pngcairo size " + std::to_string(640 * blocks.size()) + ",480 font 'sans,10'\n";
  script += "set output '" + png_file + "'\n";
  script += "set multiplot layout 1," + std::to_string(blocks.size()) +
            " title 'pel bench executor: p2p transfers, " + state +
            " (solid: Block-STM, dashed: adaptive executor)'\n";
  script += "set xlabel 'threads'\nset ylabel 'speedup over sequential'\nset grid\n";
  script += "set key top left\nset xrange [0.8:" + std::to_string(max_threads) + ".2]\n";
  script += "set xtics 1\nset yrange [0:*]\n";
  for (size_t b : blocks) {
    script += "set title '" + std::to_string(b) + " transactions per block'\n";
    script += "plot ";
    for (size_t i = 0; i < accounts.size(); ++i) {
      std::string data = "$d_" + std::to_string(b) + "_" + std::to_string(accounts[i]);
      std::string color = std::to_string(i + 1);
      if (i > 0) script += ", ";
      script += data + " using 1:2 with linespoints lw 2 lc " + color + " title '" +
                std::to_string(accounts[i]) + " accounts', " + data +
                " using 1:3 with lines dt 2 lc " + color + " notitle";
    }
    script += "\n";
  }
  script += "unset multiplot\n";

  // gnuplot writes the image to its stdout when it cannot open the file: check first.
  if (!std::ofstream(png_file, std::ios::binary)) return make_error("cannot write " + png_file);
  FILE* pipe = ::popen("gnuplot >/dev/null", "w");
  if (pipe == nullptr) return make_error("could not start gnuplot");
  std::fwrite(script.data(), 1, script.size(), pipe);
  int rc = ::pclose(pipe);
  if (rc != 0) return make_error("gnuplot failed writing " + png_file);
  return {};
}

}  // namespace pel
