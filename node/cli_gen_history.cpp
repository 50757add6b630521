// `pel gen-history --out DIR --blocks N --txs-per-block K --accounts A --skew S
// [--seed X]`: a signed synthetic chain of Zipf-distributed transfers for `pel import`
// and `pel replay` (DIR/genesis.json, DIR/validator.key, DIR/blocks.rlp).
#include <iostream>

#include "node/cli.hpp"
#include "node/gen_history.hpp"

namespace pel::cli {

namespace {

int run_gen_history(const GenHistoryOptions& options) {
  std::cout << "generating " << options.blocks << " blocks x " << options.txns_per_block
            << " transfers over " << options.accounts << " accounts (skew " << options.skew
            << ", seed " << options.seed << ") into " << options.out << "\n";
  auto summary = generate_history(options, [](uint64_t number, uint64_t of) {
    if (number % 20 == 0 || number == of) {
      std::cout << "  block " << number << " of " << of << "\n" << std::flush;
    }
  });
  if (!summary) {
    std::cerr << "pel gen-history: " << summary.error().message << "\n";
    return 1;
  }
  std::cout << "wrote " << summary->blocks << " blocks, " << summary->txns << " transactions, "
            << summary->gas_used << " gas (" << summary->file_bytes << " bytes) in "
            << summary->seconds << " s\n"
            << "  validator: " << summary->validator.hex() << "\n"
            << "  import with: pel import --datadir DIR --genesis " << options.out
            << "/genesis.json " << options.out << "/blocks.rlp\n";
  return 0;
}

}  // namespace

void add_gen_history_command(CLI::App& app) {
  auto options = std::make_shared<GenHistoryOptions>();
  auto* command = app.add_subcommand("gen-history", "generate a signed synthetic chain");
  command->add_option("--out", options->out, "output directory")->required();
  command->add_option("--blocks", options->blocks, "blocks")->required();
  command->add_option("--txs-per-block", options->txns_per_block, "transfers per block")
      ->required();
  command->add_option("--accounts", options->accounts, "funded accounts")->required();
  command->add_option("--skew", options->skew, "Zipf exponent of senders and recipients")
      ->required();
  command->add_option("--seed", options->seed, "seed")->capture_default_str();
  command->add_option("--threads", options->threads, "workers (0: one per core)")
      ->capture_default_str();
  command->callback([options] {
    if (int code = run_gen_history(*options); code != 0) throw CLI::RuntimeError(code);
  });
}

}  // namespace pel::cli
