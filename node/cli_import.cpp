// `pel import --datadir D --genesis G FILE`: executes and verifies every block of a
// chain file (concatenated RLP, as `pel export` and `geth export` write it) on top
// of the data directory, initializing it with the genesis if it is empty. Stops at
// the first block that does not verify, naming the block and the field.
#include <iostream>

#include "node/cli.hpp"
#include "node/export_import.hpp"
#include "node/genesis_file.hpp"
#include "state/chain_store.hpp"

namespace pel::cli {

namespace {

struct ImportCliOptions {
  std::string datadir = "./data";
  std::string genesis;
  std::string file;
  unsigned threads = 0;
};

int fail(const std::string& message) {
  std::cerr << "pel import: " << message << "\n";
  return 1;
}

int run_import(const ImportCliOptions& options) {
  auto genesis = load_genesis_file(options.genesis);
  if (!genesis) return fail(genesis.error().message);
  auto file = read_binary_file(options.file);
  if (!file) return fail(file.error().message);
  auto blocks = split_block_file(*file);
  if (!blocks) return fail(blocks.error().message);
  auto store = ChainStore::open_with_genesis(options.datadir, *genesis);
  if (!store) return fail(store.error().message);

  std::cout << "importing " << blocks->size() << " blocks from " << options.file << " into "
            << options.datadir << "\n";
  ImportOptions import_options;
  import_options.threads = options.threads;
  auto summary =
      import_blocks(**store, *genesis, *blocks, import_options, [](const ImportProgress& p) {
        if (p.number % 50 != 0) return;
        std::cout << "  block " << p.number << ": " << p.txns << " txns, " << p.gas_used << " gas, "
                  << static_cast<int>(p.seconds * 1000) << " ms\n";
      });
  if (!summary) return fail(summary.error().message);
  std::cout << "imported " << summary->imported << " blocks";
  if (summary->imported > 0) std::cout << " (" << summary->first << ".." << summary->last << ")";
  std::cout << ", skipped " << summary->skipped << " already present; " << summary->txns
            << " transactions, " << summary->gas_used << " gas in " << summary->seconds << " s\n";
  const auto head = (*store)->head();
  std::cout << "head: block " << head->number << " " << head->hash.hex() << "\n";
  return 0;
}

}  // namespace

void add_import_command(CLI::App& app) {
  auto options = std::make_shared<ImportCliOptions>();
  auto* command =
      app.add_subcommand("import", "execute and verify the blocks of an RLP chain file");
  command->add_option("--datadir", options->datadir, "data directory (RocksDB)")
      ->capture_default_str();
  command->add_option("--genesis", options->genesis, "genesis file in geth's format")->required();
  command->add_option("--threads", options->threads, "executor threads (0: one per core)")
      ->capture_default_str();
  command->add_option("file", options->file, "chain file (concatenated RLP blocks)")->required();
  command->callback([options] {
    if (int code = run_import(*options); code != 0) throw CLI::RuntimeError(code);
  });
}

}  // namespace pel::cli
