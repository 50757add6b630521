#pragma once
// A chain's rules: its id, the block numbers and timestamps at which each fork
// activates, and the consensus engine's parameters (the "config" object of a
// geth genesis file).

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/uint256.hpp"

namespace pel {

// Clique proof-of-authority (EIP-225).
struct CliqueConfig {
  uint64_t period = 0;  // seconds between blocks
  uint64_t epoch = 0;   // blocks between checkpoints that reset votes and list the signers

  friend bool operator==(const CliqueConfig&, const CliqueConfig&) = default;
};

// Clique's epoch when the config gives 0 or none (geth's value).
inline constexpr uint64_t kDefaultCliqueEpoch = 30000;

struct ChainConfig {
  uint64_t chain_id = 0;

  // Block-activated forks; absent means the fork never activates.
  std::optional<uint64_t> homestead_block;
  std::optional<uint64_t> eip150_block;
  std::optional<uint64_t> eip155_block;
  std::optional<uint64_t> eip158_block;
  std::optional<uint64_t> byzantium_block;
  std::optional<uint64_t> constantinople_block;
  std::optional<uint64_t> petersburg_block;
  std::optional<uint64_t> istanbul_block;
  std::optional<uint64_t> muir_glacier_block;
  std::optional<uint64_t> berlin_block;
  std::optional<uint64_t> london_block;
  std::optional<uint64_t> arrow_glacier_block;
  std::optional<uint64_t> gray_glacier_block;
  std::optional<uint64_t> merge_netsplit_block;

  // Timestamp-activated forks (after the merge), in seconds since the epoch.
  std::optional<uint64_t> shanghai_time;
  std::optional<uint64_t> cancun_time;
  std::optional<uint64_t> prague_time;
  std::optional<uint64_t> osaka_time;

  std::optional<U256> terminal_total_difficulty;
  std::optional<CliqueConfig> clique;

  bool is_eip155(uint64_t block) const { return active(eip155_block, block); }
  bool is_berlin(uint64_t block) const { return active(berlin_block, block); }
  bool is_london(uint64_t block) const { return active(london_block, block); }
  bool is_shanghai(uint64_t timestamp) const { return active(shanghai_time, timestamp); }
  bool is_cancun(uint64_t timestamp) const { return active(cancun_time, timestamp); }
  bool is_prague(uint64_t timestamp) const { return active(prague_time, timestamp); }
  bool is_osaka(uint64_t timestamp) const { return active(osaka_time, timestamp); }

  friend bool operator==(const ChainConfig&, const ChainConfig&) = default;

 private:
  static bool active(const std::optional<uint64_t>& activation, uint64_t at) {
    return activation.has_value() && at >= *activation;
  }
};

// One configured fork: "london" at block 0, "shanghai" at time 1677557088.
struct ForkActivation {
  std::string_view name;  // geth's name without the Block/Time suffix: "london", "muirGlacier"
  bool by_timestamp = false;
  uint64_t at = 0;  // block number or timestamp
  // The difficulty-bomb delays (the glaciers) and the merge netsplit marker: geth lets
  // them be skipped, and they change no execution rules.
  bool optional = false;
};

// The forks the config enables, block forks then timestamp forks, each in geth's order.
std::vector<ForkActivation> fork_schedule(const ChainConfig& config);

// Reads geth's "config" object. Fork blocks, timestamps, chainId and the clique
// parameters are JSON numbers, as geth requires; unknown members are ignored.
// Checks geth's fork-order rules: a fork may not be enabled while an earlier
// mandatory fork is not, nor activate before it. Error messages name the field
// ("config.londonBlock: ...") without the "genesis: " prefix.
Result<ChainConfig> chain_config_from_json(const nlohmann::json& config);

}  // namespace pel
