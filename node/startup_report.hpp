#pragma once
// What `pel run` prints when it starts, as dev nodes do (geth --dev, anvil): the
// chain it loaded, where its data goes, and the funded accounts, with the private
// keys of the well-known dev accounts among them.

#include <ostream>
#include <string>

#include "core/genesis.hpp"
#include "core/uint256.hpp"

namespace pel {

// What the running node adds to the report (absent when only the genesis is shown).
struct NodeStartup {
  uint64_t head_number = 0;
  std::string head_hash;
  bool initialized = false;  // the datadir was empty and now holds the genesis
  std::string genesis_hash;
  std::string validator;   // the signer's address
  std::string block_time;  // "1000ms"
  unsigned threads = 0;
  std::string rpc_url;      // "http://127.0.0.1:8545"
  std::string metrics_url;  // empty without a metrics server
};

struct StartupInfo {
  std::string version;
  std::string genesis_path;
  std::string datadir;
  const Genesis& genesis;
  const NodeStartup* node = nullptr;
};

// At most this many funded accounts are listed; the rest are counted.
inline constexpr size_t kListedAccounts = 20;

// With `info.node`, the report ends with the line "RPC listening on <url>": the node
// is serving once it is printed.
void print_startup_report(std::ostream& out, const StartupInfo& info);

// Wei as ether in decimal, without trailing zeros: "10000", "0.5", "0.000000000000000001".
std::string format_ether(const U256& wei);

}  // namespace pel
