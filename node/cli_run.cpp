// `pel run`: the validator node.
#include <iostream>

#include "node/cli.hpp"
#include "node/run_node.hpp"

namespace pel::cli {

void add_run_command(CLI::App& app) {
  auto options = std::make_shared<RunOptions>();
  auto* run = app.add_subcommand("run", "start the validator node");
  run->add_option("--datadir", options->datadir, "data directory (RocksDB)")->capture_default_str();
  run->add_option("--genesis", options->genesis, "genesis file in geth's format")
      ->capture_default_str();
  run->callback([options] {
    int code = run_node(*options, std::cout, std::cerr);
    // CLI11 turns a RuntimeError into this exit code without printing anything more.
    if (code != 0) throw CLI::RuntimeError(code);
  });
}

}  // namespace pel::cli
