#include "bench/load_run.hpp"

#include <tbb/global_control.h>

#include <cstdio>
#include <optional>

#include "bench/clock.hpp"
#include "bench/funding.hpp"
#include "bench/inclusion_tracker.hpp"
#include "bench/load_plan.hpp"
#include "bench/sink_server.hpp"
#include "bench/submitter.hpp"
#include "crypto/keccak.hpp"

namespace pel::load {

namespace {

constexpr uint64_t kGwei = 1'000'000'000;

Result<uint64_t> read_head(const RpcUrl& url) {
  RpcConnection connection(url);
  auto head = connection.call("eth_blockNumber", nlohmann::json::array());
  if (!head) return head.error();
  return quantity_of(*head);
}

Status fund(const LoadOptions& options, const RpcUrl& url, const TransferTerms& terms,
            const std::vector<Wallet>& wallets, const Progress& progress) {
  FundingOptions funding;
  funding.terms = terms;
  funding.timeout = std::chrono::seconds(options.timeout_s);
  funding.poll_interval = std::chrono::milliseconds(options.poll_ms);
  if (options.funder_key.empty()) {
    funding.funder = dev_account_zero();
  } else {
    auto key = PrivateKey::from_hex(options.funder_key);
    if (!key) return make_error("--funder-key: " + key.error().message);
    funding.funder = *key;
  }
  U256 per_txn = U256(terms.gas_limit) * terms.max_fee_per_gas + terms.value;
  funding.amount = U256(txns_of_wallet(0, options.txns, options.wallets)) * per_txn;
  funding.amount += funding.amount / U256(10);  // headroom
  progress("funding " + std::to_string(wallets.size()) + " wallets with " +
           funding.amount.to_dec() + " wei each");
  auto funded = fund_wallets(url, funding, wallets);
  if (!funded) return funded.error();
  char line[128];
  std::snprintf(line, sizeof line, "funded in %.2f s over %zu blocks", funded->seconds,
                funded->blocks);
  progress(line);
  return {};
}

}  // namespace

PrivateKey dev_account_zero() {
  std::string_view text = "pel dev account 0";
  return PrivateKey::from_view(keccak256(as_view(text)).view());
}

Result<LoadReport> run_load(const LoadOptions& options, const Progress& progress) {
  if (options.wallets == 0 || options.txns == 0 || options.connections == 0 || options.batch == 0)
    return make_error("--wallets, --txns, --connections and --batch must be positive");
  if (options.txns > UINT32_MAX) return make_error("--txns is limited to 2^32 - 1");
  std::optional<tbb::global_control> threads;
  if (options.threads > 0)
    threads.emplace(tbb::global_control::max_allowed_parallelism, options.threads);

  std::unique_ptr<SinkServer> sink;
  RpcUrl url;
  ChainInfo chain;
  if (options.self_test) {
    chain.chain_id = 1337;
    chain.base_fee = kGwei;
    sink = std::make_unique<SinkServer>(chain.chain_id, options.sink_threads);
    if (auto started = sink->start(); !started)
      return make_error("self-test server: " + started.error().message);
    url = sink->url();
  } else {
    auto parsed = RpcUrl::parse(options.rpc);
    if (!parsed) return parsed.error();
    url = *parsed;
    RpcConnection connection(url);
    auto read = read_chain(connection);
    if (!read) return read.error();
    chain = *read;
  }

  TransferTerms terms;
  terms.chain_id = chain.chain_id;
  terms.max_fee_per_gas = chain.base_fee * U256(2) + U256(options.tip_wei);
  terms.max_priority_fee_per_gas = options.tip_wei;
  terms.value = options.value_wei;
  std::vector<Wallet> wallets = make_wallets(options.seed, options.wallets);

  if (!options.self_test) {
    RpcConnection connection(url);
    PEL_TRY(read_nonces(connection, wallets));
    if (options.fund) PEL_TRY(fund(options, url, terms, wallets, progress));
  }

  progress("signing " + std::to_string(options.txns) + " transfers");
  int64_t sign_start = now_ns();
  auto signed_txns = sign_transfers(wallets, terms, options.txns, options.seed);
  if (!signed_txns) return make_error("signing: " + signed_txns.error().message);
  size_t connections = std::min(options.connections, options.wallets);
  auto requests =
      build_requests(partition_by_connection(options.txns, options.wallets, connections),
                     *signed_txns, options.batch);
  double sign_seconds = static_cast<double>(now_ns() - sign_start) / 1e9;

  std::unique_ptr<InclusionTracker> tracker;
  SubmitOptions submit_options;
  submit_options.verify_hashes = options.verify;
  submit_options.rate = options.rate;
  if (!options.self_test) {
    auto head = read_head(url);
    if (!head) return head.error();
    std::vector<Hash> hashes;
    hashes.reserve(signed_txns->size());
    for (const auto& txn : *signed_txns) hashes.push_back(txn.hash);
    tracker = std::make_unique<InclusionTracker>(url, hashes, *head + 1,
                                                 std::chrono::milliseconds(options.poll_ms));
    tracker->start();
    submit_options.included = &tracker->included_counter();
    submit_options.window = options.window;
  }

  progress("submitting");
  double cpu_start = process_cpu_seconds();
  SubmitOutcome outcome = submit_all(url, requests, *signed_txns, submit_options);
  LoadReport report = report_submission(outcome);
  report.submit_cpu_seconds = process_cpu_seconds() - cpu_start;
  if (tracker) {
    progress("waiting for inclusion");
    tracker->wait_for(outcome.accepted,
                      std::chrono::steady_clock::now() + std::chrono::seconds(options.timeout_s));
    tracker->stop();
    add_inclusion(report, outcome, *tracker);
  }
  report.run_cpu_seconds = process_cpu_seconds() - cpu_start;
  report.mode = options.self_test ? "self-test" : "node";
  report.rpc = url.text();
  report.txns = options.txns;
  report.wallets = options.wallets;
  report.connections = connections;
  report.batch = options.batch;
  report.rate = options.rate;
  report.sign_seconds = sign_seconds;
  return report;
}

bool run_complete(const LoadOptions& options, const LoadReport& report) {
  return report.accepted == options.txns && report.errors.empty() &&
         (options.self_test || report.included == options.txns);
}

}  // namespace pel::load
