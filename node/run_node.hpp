#pragma once
// `pel run`: start the validator node. For now it loads the genesis file and reports
// what it loaded; the database, block production and RPC come with later issues.

#include <ostream>
#include <string>

namespace pel {

struct RunOptions {
  std::string datadir = "./data";
  std::string genesis = "./genesis.json";
};

// Returns the process exit code: 0, or 1 after one line on `err` when the genesis
// file cannot be read or parsed.
int run_node(const RunOptions& options, std::ostream& out, std::ostream& err);

}  // namespace pel
