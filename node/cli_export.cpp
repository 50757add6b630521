// `pel export --datadir D [--from N] [--to M] FILE`: canonical blocks N..M (default
// 1..head) as concatenated RLP, the format of `geth export` and `pel import`.
#include <iostream>

#include "node/cli.hpp"
#include "node/export_import.hpp"
#include "state/chain_store.hpp"

namespace pel::cli {

namespace {

struct ExportOptions {
  std::string datadir = "./data";
  uint64_t from = 1;
  std::optional<uint64_t> to;
  std::string file;
};

int run_export(const ExportOptions& options) {
  ChainStore::Options store_options;
  store_options.database.create_if_missing = false;
  auto store = ChainStore::open(options.datadir, store_options);
  if (!store) {
    std::cerr << "pel export: " << store.error().message << "\n";
    return 1;
  }
  const auto head = (*store)->head();
  if (!head) {
    std::cerr << "pel export: the database in " << options.datadir << " has no chain yet\n";
    return 1;
  }
  const uint64_t to = options.to.value_or(head->number);
  if (to > head->number || options.from > to) {
    std::cerr << "pel export: cannot export blocks " << options.from << ".." << to
              << ": the head is block " << head->number << "\n";
    return 1;
  }
  auto bytes = export_blocks(**store, options.from, to);
  if (!bytes) {
    std::cerr << "pel export: " << bytes.error().message << "\n";
    return 1;
  }
  if (auto written = write_binary_file(options.file, *bytes); !written) {
    std::cerr << "pel export: " << written.error().message << "\n";
    return 1;
  }
  std::cout << "exported blocks " << options.from << ".." << to << " (" << (to - options.from + 1)
            << " blocks, " << bytes->size() << " bytes) to " << options.file << "\n";
  return 0;
}

}  // namespace

void add_export_command(CLI::App& app) {
  auto options = std::make_shared<ExportOptions>();
  auto* command = app.add_subcommand("export", "write canonical blocks to a file as RLP");
  command->add_option("--datadir", options->datadir, "data directory (RocksDB)")
      ->capture_default_str();
  command->add_option("--from", options->from, "first block")->capture_default_str();
  command->add_option("--to", options->to, "last block (default: the head)");
  command->add_option("file", options->file, "output file")->required();
  command->callback([options] {
    if (int code = run_export(*options); code != 0) throw CLI::RuntimeError(code);
  });
}

}  // namespace pel::cli
