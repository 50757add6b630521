// `pel init --genesis FILE --datadir DIR`: writes the genesis block and its state,
// like `geth init`, and prints the genesis hash and state root. Running it again
// with the same genesis is harmless; a datadir that holds another chain is refused.
#include <iostream>

#include "node/cli.hpp"
#include "node/genesis_file.hpp"
#include "state/chain_store.hpp"

namespace pel::cli {

namespace {

struct InitOptions {
  std::string datadir = "./data";
  std::string genesis;
};

int run_init(const InitOptions& options) {
  auto genesis = load_genesis_file(options.genesis);
  if (!genesis) {
    std::cerr << "pel init: " << genesis.error().message << "\n";
    return 1;
  }
  auto store = ChainStore::open(options.datadir);
  if (!store) {
    std::cerr << "pel init: " << store.error().message << "\n";
    return 1;
  }
  auto init = (*store)->init_genesis(*genesis);
  if (!init) {
    std::cerr << "pel init: " << init.error().message << "\n";
    return 1;
  }
  std::cout << (init->created ? "Wrote genesis block " : "Genesis block already present: block ")
            << init->header.number << " in " << options.datadir << "\n"
            << "  hash:       " << init->hash.hex() << "\n"
            << "  state root: " << init->header.state_root.hex() << "\n"
            << "  chain id:   " << genesis->config.chain_id << ", " << genesis->alloc.size()
            << " accounts\n";
  return 0;
}

}  // namespace

void add_init_command(CLI::App& app) {
  auto options = std::make_shared<InitOptions>();
  auto* init = app.add_subcommand("init", "write the genesis block and state to a data directory");
  init->add_option("--genesis", options->genesis, "genesis file in geth's format")->required();
  init->add_option("--datadir", options->datadir, "data directory (RocksDB)")
      ->capture_default_str();
  init->callback([options] {
    if (int code = run_init(*options); code != 0) throw CLI::RuntimeError(code);
  });
}

}  // namespace pel::cli
