// `pel rollback --datadir DIR --to N`: undoes blocks head..N+1 from their change
// sets (each block in one atomic batch) so that block N is the head again.
#include <iostream>

#include "node/cli.hpp"
#include "state/chain_store.hpp"

namespace pel::cli {

namespace {

struct RollbackOptions {
  std::string datadir = "./data";
  uint64_t to = 0;
};

int run_rollback(const RollbackOptions& options) {
  ChainStore::Options store_options;
  store_options.database.create_if_missing = false;
  auto store = ChainStore::open(options.datadir, store_options);
  if (!store) {
    std::cerr << "pel rollback: " << store.error().message << "\n";
    return 1;
  }
  const auto before = (*store)->head();
  if (!before) {
    std::cerr << "pel rollback: the database in " << options.datadir << " has no chain yet\n";
    return 1;
  }
  if (auto status = (*store)->rollback_to(options.to); !status) {
    std::cerr << "pel rollback: " << status.error().message << "\n";
    return 1;
  }
  const auto after = (*store)->head();
  std::cout << "rolled back " << (before->number - after->number) << " block(s): head is block "
            << after->number << " " << after->hash.hex() << ", state root "
            << after->header.state_root.hex() << "\n";
  return 0;
}

}  // namespace

void add_rollback_command(CLI::App& app) {
  auto options = std::make_shared<RollbackOptions>();
  auto* rollback = app.add_subcommand("rollback", "undo blocks down to a given block number");
  rollback->add_option("--datadir", options->datadir, "data directory (RocksDB)")
      ->capture_default_str();
  rollback->add_option("--to", options->to, "block number that becomes the head")->required();
  rollback->callback([options] {
    if (int code = run_rollback(*options); code != 0) throw CLI::RuntimeError(code);
  });
}

}  // namespace pel::cli
