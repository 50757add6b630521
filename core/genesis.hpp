#pragma once
// Genesis files in geth's format: the chain config, the genesis header's fields
// and the initial state (alloc). Parsing is pure: the caller reads the file.
//
// Fields are kept as the file gives them; where geth fills in a default when it
// builds the genesis header, a helper below says so. What the header needs from the
// active forks (for whoever builds it):
//   London at genesis   -> baseFeePerGas (header_base_fee()).
//   Shanghai at genesis -> withdrawalsRoot = the empty trie's root.
//   Cancun at genesis   -> blobGasUsed and excessBlobGas (0 when absent), parentBeaconBlockRoot =
//   0. Prague at genesis   -> requestsHash = sha256 of nothing (no requests).

#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "core/base_fee.hpp"  // kInitialBaseFee
#include "core/bytes.hpp"
#include "core/chain_config.hpp"
#include "core/fixed_bytes.hpp"
#include "core/result.hpp"
#include "core/uint256.hpp"

namespace pel {

struct GenesisAccount {
  U256 balance;
  uint64_t nonce = 0;
  Bytes code;
  // Slot -> value, both 32 bytes big-endian, as written (a zero value is kept here;
  // the storage trie leaves it out).
  std::map<Hash, Hash> storage;

  friend bool operator==(const GenesisAccount&, const GenesisAccount&) = default;
};

// geth's defaults for the genesis header.
inline constexpr uint64_t kDefaultGenesisGasLimit = 4'712'388;  // when gasLimit is 0

struct Genesis {
  ChainConfig config;

  uint64_t nonce = 0;
  uint64_t timestamp = 0;
  Bytes extra_data;
  uint64_t gas_limit = 0;
  U256 difficulty;
  Hash mix_hash;
  Address coinbase;
  std::optional<U256> base_fee_per_gas;
  uint64_t number = 0;
  uint64_t gas_used = 0;
  Hash parent_hash;
  std::optional<uint64_t> excess_blob_gas;
  std::optional<uint64_t> blob_gas_used;

  // Sorted by address, so that every walk over the initial state is deterministic.
  std::map<Address, GenesisAccount> alloc;

  // With clique configured: the initial signers listed in extraData, in file order.
  // Empty otherwise.
  std::vector<Address> clique_signers;

  // The header's gas limit: geth uses 4,712,388 when the file says 0.
  uint64_t header_gas_limit() const { return gas_limit == 0 ? kDefaultGenesisGasLimit : gas_limit; }
  // The header's base fee: absent before London; the file's value, else 1 gwei, after.
  std::optional<U256> header_base_fee() const {
    if (!config.is_london(number)) return std::nullopt;
    return base_fee_per_gas.value_or(U256(kInitialBaseFee));
  }

  friend bool operator==(const Genesis&, const Genesis&) = default;
};

// Parses a genesis file's text. Required, as in geth: config (with chainId),
// gasLimit, difficulty, alloc, and a balance for every account. Numbers in the
// header and alloc may be hex strings, decimal strings or JSON numbers; config
// values are JSON numbers. Every error names the field:
//   "genesis: alloc 0x12ab...: balance: invalid hex digit".
Result<Genesis> parse_genesis(std::string_view json_text);

// Clique's extraData layout: 32 bytes of vanity, the signers (20 bytes each), and a
// 65-byte seal (zero in the genesis block). Checkpoint headers use the same layout.
inline constexpr size_t kCliqueVanityBytes = 32;
inline constexpr size_t kCliqueSealBytes = 65;
Result<std::vector<Address>> parse_clique_signers(BytesView extra_data);

}  // namespace pel
