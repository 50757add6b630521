#pragma once
// What `pel run` prints when it starts, as dev nodes do (geth --dev, anvil): the
// chain it loaded, where its data goes, and the funded accounts, with the private
// keys of the well-known dev accounts among them.

#include <ostream>
#include <string>

#include "core/genesis.hpp"
#include "core/uint256.hpp"

namespace pel {

struct StartupInfo {
  std::string version;
  std::string genesis_path;
  std::string datadir;
  const Genesis& genesis;
};

// At most this many funded accounts are listed; the rest are counted.
inline constexpr size_t kListedAccounts = 20;

void print_startup_report(std::ostream& out, const StartupInfo& info);

// Wei as ether in decimal, without trailing zeros: "10000", "0.5", "0.000000000000000001".
std::string format_ether(const U256& wei);

}  // namespace pel
