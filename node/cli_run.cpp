// `pel run`: the validator node.
#include <iostream>

#include "node/cli.hpp"
#include "node/run_node.hpp"

namespace pel::cli {

void add_run_command(CLI::App& app) {
  auto options = std::make_shared<RunOptions>();
  auto key = std::make_shared<std::string>();
  // A command-line error is one line on stderr ("pel: --http.port: Value x could not be
  // converted"), not CLI11's two, so scripts that start the node can show it as is.
  app.failure_message([](const CLI::App*, const CLI::Error& error) {
    return "pel: " + std::string(error.what()) + "\n";
  });
  auto* run = app.add_subcommand("run", "start the validator node");
  run->add_option("--datadir", options->datadir, "data directory (RocksDB)")->capture_default_str();
  run->add_option("--genesis", options->genesis, "genesis file in geth's format")
      ->capture_default_str();
  run->add_option("--http.addr", options->http_addr, "JSON-RPC listen address")
      ->capture_default_str();
  run->add_option("--http.port", options->http_port, "JSON-RPC listen port (0: any free port)")
      ->capture_default_str();
  run->add_option("--block-time", options->block_time,
                  "time between blocks, e.g. 500ms or 2s (default: the genesis clique period, "
                  "or 1s)");
  run->add_option("--threads", options->threads, "executor threads (default: all cores)");
  run->add_option("--validator.key", *key,
                  "file holding the signer's hex private key (default: the dev chain's key of "
                  "the genesis signer)");
  run->add_option("--log.level", options->log_level,
                  "trace, debug, info, warn, error, critical or off")
      ->capture_default_str();
  run->add_option("--metrics.port", options->metrics_port,
                  "serve Prometheus metrics at /metrics on this port (0: off)")
      ->capture_default_str();
  run->callback([options, key, run] {
    if (run->count("--validator.key") > 0) options->validator_key = *key;
    int code = run_node(*options, std::cout, std::cerr);
    // CLI11 turns a RuntimeError into this exit code without printing anything more.
    if (code != 0) throw CLI::RuntimeError(code);
  });
}

}  // namespace pel::cli
