// pel-load: the node load benchmark of issue 5. Funds M wallets, pre-signs N transfers,
// submits them as eth_sendRawTransaction over keep-alive HTTP, and measures submitted
// tx/s, included tx/s and inclusion latency. --self-test measures the driver's own
// ceiling against an in-process server that only decodes.
#include <tbb/global_control.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <optional>
#include <thread>

#include "bench/clock.hpp"
#include "bench/funding.hpp"
#include "bench/inclusion_tracker.hpp"
#include "bench/load_plan.hpp"
#include "bench/load_report.hpp"
#include "bench/sink_server.hpp"
#include "bench/submitter.hpp"
#include "crypto/keccak.hpp"

namespace pel::load {
namespace {

struct Options {
  std::string rpc = "http://127.0.0.1:8545";
  std::string funder_key;  // empty: dev account 0
  size_t wallets = 100;
  size_t txns = 10'000;
  uint64_t seed = 1;
  size_t connections = 4;
  size_t batch = 100;
  uint64_t tip_wei = 1'000'000'000;
  uint64_t value_wei = 1;
  unsigned timeout_s = 120;
  unsigned poll_ms = 10;
  size_t window = 0;
  size_t threads = 0;
  bool fund = true;
  bool json = false;
  bool self_test = false;
  unsigned sink_threads = 2;
  bool verify = false;
};

constexpr U256 kGwei = 1'000'000'000;

void progress(const Options& options, const std::string& line) {
  if (!options.json) std::cerr << line << "\n";
}

// The dev chain's account 0 (docs/dev-chain.md): keccak256("pel dev account 0").
PrivateKey dev_account_zero() {
  std::string_view text = "pel dev account 0";
  return PrivateKey::from_view(keccak256(as_view(text)).view());
}

int fail(const std::string& message) {
  std::cerr << "pel-load: " << message << "\n";
  return 2;
}

int run(const Options& options) {
  if (options.wallets == 0 || options.txns == 0 || options.connections == 0 || options.batch == 0)
    return fail("--wallets, --txns, --connections and --batch must be positive");
  std::optional<tbb::global_control> threads;
  if (options.threads > 0)
    threads.emplace(tbb::global_control::max_allowed_parallelism, options.threads);

  LoadReport report;
  std::unique_ptr<SinkServer> sink;
  RpcUrl url;
  ChainInfo chain;
  if (options.self_test) {
    chain = {.chain_id = 1337, .head = 0, .base_fee = kGwei};
    sink = std::make_unique<SinkServer>(chain.chain_id, options.sink_threads);
    if (auto started = sink->start(); !started)
      return fail("self-test server: " + started.error().message);
    url = sink->url();
  } else {
    auto parsed = RpcUrl::parse(options.rpc);
    if (!parsed) return fail(parsed.error().message);
    url = *parsed;
    RpcConnection connection(url);
    auto read = read_chain(connection);
    if (!read) return fail(read.error().message);
    chain = *read;
  }

  TransferTerms terms{.chain_id = chain.chain_id,
                      .max_fee_per_gas = chain.base_fee * U256(2) + U256(options.tip_wei),
                      .max_priority_fee_per_gas = options.tip_wei,
                      .value = options.value_wei};
  std::vector<Wallet> wallets = make_wallets(options.seed, options.wallets);

  if (!options.self_test) {
    RpcConnection connection(url);
    if (auto nonces = read_nonces(connection, wallets); !nonces)
      return fail(nonces.error().message);
    if (options.fund) {
      FundingOptions funding;
      funding.terms = terms;
      funding.timeout = std::chrono::seconds(options.timeout_s);
      funding.poll_interval = std::chrono::milliseconds(options.poll_ms);
      if (options.funder_key.empty()) {
        funding.funder = dev_account_zero();
      } else {
        auto key = PrivateKey::from_hex(options.funder_key);
        if (!key) return fail("--funder-key: " + key.error().message);
        funding.funder = *key;
      }
      U256 per_txn = U256(terms.gas_limit) * terms.max_fee_per_gas + terms.value;
      funding.amount = U256(txns_of_wallet(0, options.txns, options.wallets)) * per_txn;
      funding.amount += funding.amount / U256(10);  // headroom
      progress(options, "funding " + std::to_string(wallets.size()) + " wallets with " +
                            funding.amount.to_dec() + " wei each");
      auto funded = fund_wallets(url, funding, wallets);
      if (!funded) return fail(funded.error().message);
      char line[128];
      std::snprintf(line, sizeof line, "funded in %.2f s over %zu blocks", funded->seconds,
                    funded->blocks);
      progress(options, line);
    }
  }

  progress(options, "signing " + std::to_string(options.txns) + " transfers");
  int64_t sign_start = now_ns();
  auto signed_txns = sign_transfers(wallets, terms, options.txns, options.seed);
  if (!signed_txns) return fail("signing: " + signed_txns.error().message);
  size_t connections = std::min(options.connections, options.wallets);
  auto requests =
      build_requests(partition_by_connection(options.txns, options.wallets, connections),
                     *signed_txns, options.batch);
  double sign_seconds = static_cast<double>(now_ns() - sign_start) / 1e9;

  std::unique_ptr<InclusionTracker> tracker;
  SubmitOptions submit_options{.verify_hashes = options.verify};
  if (!options.self_test) {
    RpcConnection connection(url);
    auto head = connection.call("eth_blockNumber", nlohmann::json::array());
    if (!head) return fail(head.error().message);
    auto head_number = quantity_of(*head);
    if (!head_number) return fail(head_number.error().message);
    std::vector<Hash> hashes;
    hashes.reserve(signed_txns->size());
    for (const auto& txn : *signed_txns) hashes.push_back(txn.hash);
    tracker = std::make_unique<InclusionTracker>(url, hashes, *head_number + 1,
                                                 std::chrono::milliseconds(options.poll_ms));
    tracker->start();
    submit_options.included = &tracker->included_counter();
    submit_options.window = options.window;
  }

  progress(options, "submitting");
  SubmitOutcome outcome = submit_all(url, requests, *signed_txns, submit_options);
  report = report_submission(outcome);
  if (tracker) {
    progress(options, "waiting for inclusion");
    tracker->wait_for(outcome.accepted,
                      std::chrono::steady_clock::now() + std::chrono::seconds(options.timeout_s));
    tracker->stop();
    add_inclusion(report, outcome, *tracker);
  }
  report.mode = options.self_test ? "self-test" : "node";
  report.rpc = url.text();
  report.txns = options.txns;
  report.wallets = options.wallets;
  report.connections = connections;
  report.batch = options.batch;
  report.sign_seconds = sign_seconds;

  if (options.json) {
    std::cout << report_json(report).dump() << std::endl;
  } else {
    std::cout << report_text(report) << std::flush;
  }
  bool complete = report.accepted == options.txns && report.errors.empty() &&
                  (options.self_test || report.included == options.txns);
  return complete ? 0 : 1;
}

}  // namespace
}  // namespace pel::load

int main(int argc, char** argv) {
  pel::load::Options options;
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
  app.add_option("--timeout", options.timeout_s, "seconds to wait for inclusion")
      ->capture_default_str();
  app.add_option("--poll-ms", options.poll_ms, "block polling interval")->capture_default_str();
  app.add_option("--window", options.window,
                 "at most this many submitted but not yet included transfers (0: no limit)")
      ->capture_default_str();
  app.add_option("--threads", options.threads, "signing threads (0: all cores)")
      ->capture_default_str();
  app.add_flag("!--no-fund", options.fund, "the wallets are already funded: skip funding");
  app.add_flag("--json", options.json, "print one JSON object with the figures");
  app.add_flag("--self-test,--sink", options.self_test,
               "submit to an in-process server that only decodes: the driver's own ceiling");
  app.add_option("--sink-threads", options.sink_threads, "I/O threads of the self-test server")
      ->capture_default_str();
  app.add_flag("--verify-responses", options.verify,
               "parse every response and check each returned hash");
  CLI11_PARSE(app, argc, argv);
  return pel::load::run(options);
}
