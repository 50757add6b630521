#pragma once
// A synthetic chain for replay when no real history is at hand (`pel gen-history`):
// a clique chain of value transfers whose senders and recipients follow a Zipf
// distribution over funded accounts (a few hot, exchange-like accounts), with a
// share of transfers to and from the validator's own account. Every block is
// executed and committed in a scratch data directory, sealed, then exported.
// Deterministic: the same options give the same files, byte for byte.

#include <cstdint>
#include <functional>
#include <string>

#include "core/result.hpp"
#include "crypto/secp256k1.hpp"

namespace pel {

struct GenHistoryOptions {
  std::string out;  // directory for genesis.json, validator.key, blocks.rlp
  uint64_t blocks = 100;
  size_t txns_per_block = 1000;
  size_t accounts = 10'000;
  double skew = 1.0;  // Zipf exponent of senders and recipients; 0 is uniform
  uint64_t seed = 1;
  unsigned threads = 0;  // signing and execution workers; 0: one per core
  // Shares of transfers paid to, and sent by, the validator's account.
  double to_validator_share = 0.02;
  double from_validator_share = 0.01;
};

struct GenHistorySummary {
  Address validator;
  uint64_t blocks = 0;
  uint64_t txns = 0;
  uint64_t gas_used = 0;
  size_t file_bytes = 0;  // blocks.rlp
  double seconds = 0;
};

using GenHistoryProgressFn = std::function<void(uint64_t number, uint64_t of)>;
Result<GenHistorySummary> generate_history(const GenHistoryOptions& options,
                                           const GenHistoryProgressFn& progress = {});

// The keys gen-history derives from a seed (for the tests and tools that sign more).
PrivateKey gen_history_validator_key(uint64_t seed);
PrivateKey gen_history_account_key(uint64_t seed, uint64_t index);

// The genesis.json text for these accounts (sorted by address in the file as
// written), `validator` the clique signer, gas limit `gas_limit`.
std::string gen_history_genesis_json(const Address& validator, const std::vector<Address>& accounts,
                                     uint64_t gas_limit);

}  // namespace pel
