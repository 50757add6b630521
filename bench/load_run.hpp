#pragma once
// One run of the load driver, from options to figures: read the chain, fund the
// wallets, sign (all before the clock), submit, wait for inclusion. The pel-load binary
// is this plus a command line; tests call it against stand-in servers.

#include <functional>
#include <string>

#include "bench/load_report.hpp"
#include "core/result.hpp"

namespace pel::load {

struct LoadOptions {
  std::string rpc = "http://127.0.0.1:8545";
  std::string funder_key;  // hex; empty: the dev chain's account 0
  size_t wallets = 100;
  size_t txns = 10'000;
  uint64_t seed = 1;
  size_t connections = 4;
  size_t batch = 100;
  uint64_t tip_wei = 1'000'000'000;
  uint64_t value_wei = 1;
  unsigned timeout_s = 120;
  unsigned poll_ms = 10;
  size_t window = 0;   // submitted but not yet included transfers at most (0: no limit)
  size_t threads = 0;  // signing threads (0: all cores)
  double rate = 0;     // offered load, transfers per second (0: as fast as answered)
  bool fund = true;
  bool self_test = false;  // submit to an in-process decoding sink instead of --rpc
  unsigned sink_threads = 2;
  bool verify = false;  // check every returned hash
};

using Progress = std::function<void(const std::string&)>;

// An error when the run could not start (bad options, node unreachable, funding
// failed); otherwise the figures, which say themselves whether all transfers made it.
Result<LoadReport> run_load(const LoadOptions& options, const Progress& progress);

// Whether every transfer was accepted (and, against a node, included) without errors.
bool run_complete(const LoadOptions& options, const LoadReport& report);

// The dev chain's account 0 (docs/dev-chain.md): keccak256("pel dev account 0").
PrivateKey dev_account_zero();

}  // namespace pel::load
