// The `pel` binary: a validator node and its tools.
#include <CLI/CLI.hpp>
#include <cstdio>

int main(int argc, char** argv) {
  CLI::App app{"pel: a validator node with a Block-STM parallel executor"};
  app.set_version_flag("--version", std::string("pel ") + PEL_VERSION);
  app.require_subcommand(1);
  auto* run = app.add_subcommand("run", "start the validator node");
  std::string datadir = "./data";
  std::string genesis = "./genesis.json";
  run->add_option("--datadir", datadir, "data directory (RocksDB)");
  run->add_option("--genesis", genesis, "genesis file in geth's format");
  run->callback([&] { std::printf("pel %s\n", PEL_VERSION); });
  CLI11_PARSE(app, argc, argv);
  return 0;
}
