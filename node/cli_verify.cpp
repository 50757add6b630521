// `pel verify --datadir DIR`: recomputes the head's state root from the flat state
// and checks the canonical chain (every block from genesis to the head has its
// header, body, receipts and change set). Exit 0 with the root printed, 1 with
// the mismatch named.
#include <iostream>

#include "node/cli.hpp"
#include "state/chain_store.hpp"

namespace pel::cli {

namespace {

int run_verify(const std::string& datadir) {
  ChainStore::Options options;
  options.database.create_if_missing = false;
  auto store = ChainStore::open(datadir, options);
  if (!store) {
    std::cerr << "pel verify: " << store.error().message << "\n";
    return 1;
  }
  auto chain = (*store)->verify_canonical_chain();
  if (!chain) {
    std::cerr << "pel verify: chain check failed: " << chain.error().message << "\n";
    return 1;
  }
  auto state = (*store)->verify_head_state();
  if (!state) {
    std::cerr << "pel verify: " << state.error().message << "\n";
    return 1;
  }
  std::cout << "chain: blocks " << chain->genesis << ".." << chain->head << " complete\n"
            << "state: block " << state->number << ", root " << state->state_root.hex()
            << " matches the header (" << state->accounts << " accounts, " << state->slots
            << " storage slots)\n";
  return 0;
}

}  // namespace

void add_verify_command(CLI::App& app) {
  auto datadir = std::make_shared<std::string>("./data");
  auto* verify = app.add_subcommand(
      "verify", "recompute the head state root from the flat state and check the chain");
  verify->add_option("--datadir", *datadir, "data directory (RocksDB)")->capture_default_str();
  verify->callback([datadir] {
    if (int code = run_verify(*datadir); code != 0) throw CLI::RuntimeError(code);
  });
}

}  // namespace pel::cli
