// `pel bench ...`: measurements of Pel's components. (Not cli_bench.cpp: *_bench.cpp files are
// Google Benchmark drivers to the build.) `pel bench executor`: the Block-STM paper's grid of
// p2p-transfer blocks, parallel against sequential in one run (node/executor_grid.hpp).
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>

#include "node/cli.hpp"
#include "node/executor_grid.hpp"

namespace pel::cli {
namespace {

// CLI11 exits quietly on a RuntimeError: say why first.
[[noreturn]] void fail(const std::string& message) {
  std::fprintf(stderr, "pel bench executor: %s\n", message.c_str());
  throw CLI::RuntimeError(1);
}

}  // namespace

void add_bench_command(CLI::App& app) {
  auto* bench = app.add_subcommand("bench", "measure Pel's components");
  bench->require_subcommand(1);

  auto options = std::make_shared<ExecutorGridOptions>();
  auto* executor = bench->add_subcommand(
      "executor",
      "the Block-STM paper's grid: accounts x block size x threads, p2p transfers, parallel "
      "against sequential");
  add_executor_grid_options(*executor, *options);
  executor->callback([options] {
    // Problems with the plot surface before the run, not after it.
    if (!options->plot_file.empty()) {
      if (Status gnuplot = check_gnuplot(); !gnuplot) fail(gnuplot.error().message);
      if (!std::ofstream(options->plot_file, std::ios::binary))
        fail("cannot write " + options->plot_file);
    }
    if (!options->json) {
      std::printf("%s%s", executor_grid_header(*options).c_str(),
                  executor_grid_table_head().c_str());
      std::fflush(stdout);
    }
    auto cells = run_executor_grid(*options, [&](const ExecutorGridCell& cell) {
      std::printf("%s", options->json ? (executor_grid_json(cell) + "\n").c_str()
                                      : executor_grid_table_row(cell).c_str());
      std::fflush(stdout);
    });
    if (!cells) fail(cells.error().message);
    if (!options->plot_file.empty()) {
      if (Status plotted = plot_executor_grid(*cells, options->plot_file); !plotted)
        fail(plotted.error().message);
      std::fprintf(stderr, "wrote %s\n", options->plot_file.c_str());
    }
  });
}

}  // namespace pel::cli
