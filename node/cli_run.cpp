// `pel run`: the validator node.
#include <cstdio>

#include "node/cli.hpp"

namespace pel::cli {

void add_run_command(CLI::App& app) {
  struct Options {
    std::string datadir = "./data";
    std::string genesis = "./genesis.json";
  };
  auto options = std::make_shared<Options>();
  auto* run = app.add_subcommand("run", "start the validator node");
  run->add_option("--datadir", options->datadir, "data directory (RocksDB)");
  run->add_option("--genesis", options->genesis, "genesis file in geth's format");
  run->callback([options] { std::printf("pel %s\n", PEL_VERSION); });
}

}  // namespace pel::cli
