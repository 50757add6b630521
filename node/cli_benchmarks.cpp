// `pel bench ...`: measurements of Pel's components. (Not cli_bench.cpp: *_bench.cpp files are
// Google Benchmark drivers to the build.) `pel bench executor`: the executor on blocks
// of peer-to-peer transfers, parallel against sequential in one run.
#include <cstdio>
#include <memory>
#include <thread>

#include "executor/transfer_benchmark.hpp"
#include "node/cli.hpp"

namespace pel::cli {
namespace {

void print_summary(const std::vector<TransferBenchRow>& rows) {
  std::printf("\nsummary (median block times; best in brackets):\n");
  for (const TransferBenchRow& row : rows) {
    if (row.name == "sequential") {
      std::printf("  sequential, %zu accounts: %.0f tx/s [%.0f]\n", row.accounts,
                  row.median_tx_per_s, row.best_tx_per_s);
    }
  }
  for (const TransferBenchRow& row : rows) {
    if (row.name != "parallel") continue;
    std::printf("  parallel at %u thread%s / sequential, %zu accounts: %.2fx [%.2fx]\n",
                row.threads, row.threads == 1 ? "" : "s", row.accounts, row.median_speedup,
                row.best_speedup);
  }
}

}  // namespace

void add_bench_command(CLI::App& app) {
  auto* bench = app.add_subcommand("bench", "measure Pel's components");
  bench->require_subcommand(1);

  auto options = std::make_shared<TransferBenchOptions>();
  auto* executor = bench->add_subcommand(
      "executor", "blocks of p2p transfers: Block-STM against sequential execution");
  executor->add_option("--txns", options->txns, "transactions per block")->capture_default_str();
  executor->add_option("--accounts", options->accounts, "account counts to run (contention)")
      ->capture_default_str();
  executor->add_option("--threads", options->threads, "worker threads of the parallel executor")
      ->capture_default_str();
  executor->add_option("--blocks", options->blocks, "timed blocks per configuration")
      ->capture_default_str();
  executor->add_option("--seed", options->seed, "workload seed")->capture_default_str();
  executor->add_flag("!--no-raw", options->include_raw_block_stm,
                     "skip Block-STM with its sequential fallbacks turned off");
  executor->callback([options] {
    std::printf("pel bench executor: %zu transfers per block, %u threads, %u hardware threads\n",
                options->txns, options->threads, std::thread::hardware_concurrency());
    std::vector<TransferBenchRow> rows = run_transfer_bench(*options);
    std::printf("%s", format_transfer_bench(rows).c_str());
    print_summary(rows);
  });
}

}  // namespace pel::cli
