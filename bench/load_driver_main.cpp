// pel-load: the node load benchmark of issue 5. Funds M wallets, pre-signs N transfers,
// submits them as eth_sendRawTransaction over keep-alive HTTP, and measures submitted
// tx/s, included tx/s and inclusion latency. --self-test measures the driver's own
// ceiling against an in-process server that only decodes.
#include <CLI/CLI.hpp>
#include <iostream>

#include "bench/load_run.hpp"

int main(int argc, char** argv) {
  pel::load::LoadOptions options;
  bool json = false;
  CLI::App app{"pel-load: submit pre-signed transfers to a node and measure their inclusion"};
  app.add_option("--rpc", options.rpc, "the node's JSON-RPC URL")->capture_default_str();
  app.add_option("--funder-key", options.funder_key,
                 "hex private key that funds the wallets (default: dev account 0)");
  app.add_option("--wallets", options.wallets, "sending wallets (M)")->capture_default_str();
  app.add_option("--txns", options.txns, "transfers to submit (N)")->capture_default_str();
  app.add_option("--seed", options.seed, "derives the wallet keys and recipients")
      ->capture_default_str();
  app.add_option("--connections", options.connections, "concurrent HTTP connections (C)")
      ->capture_default_str();
  app.add_option("--batch", options.batch, "transactions per JSON-RPC batch (1: no batches)")
      ->capture_default_str();
  app.add_option("--tip", options.tip_wei, "max priority fee per gas, wei")->capture_default_str();
  app.add_option("--value", options.value_wei, "wei per transfer")->capture_default_str();
  app.add_option("--timeout", options.timeout_s, "seconds to wait for inclusion (and funding)")
      ->capture_default_str();
  app.add_option("--poll-ms", options.poll_ms, "block polling interval")->capture_default_str();
  app.add_option("--window", options.window,
                 "at most this many submitted but not yet included transfers (0: no limit)")
      ->capture_default_str();
  app.add_option("--rate", options.rate,
                 "offered load in transfers per second, paced per connection (0: unpaced)")
      ->capture_default_str();
  app.add_option("--threads", options.threads, "signing threads (0: all cores)")
      ->capture_default_str();
  app.add_flag("!--no-fund", options.fund, "the wallets are already funded: skip funding");
  app.add_flag("--json", json, "print one JSON object with the figures");
  app.add_flag("--self-test,--sink", options.self_test,
               "submit to an in-process server that only decodes: the driver's own ceiling");
  app.add_option("--sink-threads", options.sink_threads, "I/O threads of the self-test server")
      ->capture_default_str();
  app.add_flag("--verify-responses", options.verify,
               "parse every response and check each returned hash");
  CLI11_PARSE(app, argc, argv);

  auto progress = [json](const std::string& line) {
    if (!json) std::cerr << line << "\n";
  };
  auto report = pel::load::run_load(options, progress);
  if (!report) {
    std::cerr << "pel-load: " << report.error().message << "\n";
    return 2;
  }
  if (json) {
    std::cout << pel::load::report_json(*report).dump() << std::endl;
  } else {
    std::cout << pel::load::report_text(*report) << std::flush;
  }
  return pel::load::run_complete(options, *report) ? 0 : 1;
}
