// `pel replay --datadir DIR [--from N] [--to M] [--threads T] [--sequential]
// [--compare] [--repeat R] [--spread S] [--json] [--plot FILE]`: re-executes stored blocks in a
// scratch copy of the data directory and verifies them; with --compare, measures the parallel
// executor against the sequential one block by block.
#include <unistd.h>

#include <iostream>

#include "node/cli.hpp"
#include "node/replay.hpp"

namespace pel::cli {

namespace {

struct ReplayCliOptions {
  ReplayOptions replay;
  std::optional<uint64_t> from;
  std::optional<uint64_t> to;
  bool json = false;
  bool no_adaptive = false;
  bool block_stm = false;
  std::string plot;
};

void draw_progress(uint64_t done, uint64_t of, const BlockReplay& block) {
  constexpr int kWidth = 40;
  const int filled = of == 0 ? kWidth : static_cast<int>(done * kWidth / of);
  std::cerr << "\r[" << std::string(filled, '#') << std::string(kWidth - filled, ' ') << "] "
            << done << "/" << of << " block " << block.number;
  if (done == of) std::cerr << "\n";
  std::cerr << std::flush;
}

int run_replay(ReplayCliOptions& options) {
  options.replay.from = options.from;
  options.replay.to = options.to;
  options.replay.adaptive = !options.no_adaptive;
  options.replay.declared_access = !options.block_stm;
  const bool bar = !options.json && isatty(STDERR_FILENO) != 0;
  auto summary =
      replay_blocks(options.replay, [&](const BlockReplay& b, uint64_t done, uint64_t of) {
        if (bar) draw_progress(done, of, b);
      });
  if (!summary) {
    std::cerr << "pel replay: " << summary.error().message << "\n";
    return 1;
  }
  if (bar && !summary->verified) std::cerr << "\n";
  std::cout << (options.json ? replay_json(*summary) : replay_text(*summary));
  if (!options.plot.empty()) {
    if (Status plotted = replay_plot(*summary, options.plot); !plotted) {
      std::cerr << "pel replay: " << plotted.error().message << "\n";
      return 1;
    }
    if (!options.json) std::cout << "wrote " << options.plot << "\n";
  }
  if (!summary->verified) {
    std::cerr << "pel replay: " << summary->error << "\n";
    return 1;
  }
  return 0;
}

}  // namespace

void add_replay_command(CLI::App& app) {
  auto options = std::make_shared<ReplayCliOptions>();
  auto* command = app.add_subcommand(
      "replay", "re-execute stored blocks in a scratch copy, verify and measure them");
  command->add_option("--datadir", options->replay.datadir, "data directory (RocksDB)")->required();
  command->add_option("--from", options->from, "first block (default 1)");
  command->add_option("--to", options->to, "last block (default: the head)");
  command->add_option("--threads", options->replay.threads, "executor threads (0: one per core)")
      ->capture_default_str();
  command->add_flag("--sequential", options->replay.sequential, "execute sequentially only");
  command->add_flag("--compare", options->replay.compare,
                    "execute every block sequentially and in parallel, and compare");
  command->add_flag("--json", options->json, "print one JSON object");
  command
      ->add_option("--repeat", options->replay.repeat,
                   "with --compare: runs of each way per block, fastest kept")
      ->capture_default_str();
  command
      ->add_option("--spread", options->replay.spread_seconds,
                   "with --compare: seconds over which each block's runs are spread (0: "
                   "back to back)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  command->add_flag("--no-adaptive", options->no_adaptive,
                    "run every block in parallel (no fallback to sequential)");
  command->add_flag("--block-stm", options->block_stm,
                    "run Block-STM even for transactions that declare their accesses");
  command->add_option("--plot", options->plot, "PNG of per-block speedup against gas (gnuplot)");
  command->callback([options] {
    if (int code = run_replay(*options); code != 0) throw CLI::RuntimeError(code);
  });
}

}  // namespace pel::cli
