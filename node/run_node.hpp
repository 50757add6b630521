#pragma once
// `pel run`: the validator node. Loads the genesis, picks the validator key, opens or
// initializes the data directory, starts block production and the JSON-RPC server,
// prints what it runs (ending with "RPC listening on http://ADDR:PORT"), then serves
// until SIGINT or SIGTERM, after which it finishes the block in flight, closes the
// store and returns 0.

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

namespace pel {

struct RunOptions {
  std::string datadir = "./data";
  std::string genesis = "./genesis.json";
  std::string http_addr = "127.0.0.1";
  uint16_t http_port = 8545;
  // A duration ("500ms", "2s"); empty: the genesis clique period, or 1s when it is 0.
  std::string block_time;
  unsigned threads = 0;  // 0: one per hardware thread
  // File holding the hex private key; absent: the dev key of the genesis signer.
  std::optional<std::string> validator_key;
  std::string log_level = "info";
  uint16_t metrics_port = 0;  // 0: no metrics server
};

// Returns the process exit code: 0 after a clean stop, or 1 after one line on `err`
// ("pel: ...") when the options, genesis, key or data directory are refused.
int run_node(const RunOptions& options, std::ostream& out, std::ostream& err);

}  // namespace pel
