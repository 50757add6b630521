#pragma once
// Codecs for the values Ethereum JSON-RPC methods take and return, with geth's
// rules (its hexutil package) and close to its wording, so clients see familiar errors:
//
//   quantity  "0x0", "0x1f": 0x prefix, at least one digit, no leading zeros.
//             "0x", "0x01", "1f" and "0xg" are errors. uint64 or U256.
//   data      "0x", "0x00ff": 0x prefix, an even number of digits (any, even 0).
//   address   data of exactly 20 bytes; hash: data of exactly 32 bytes.
//   block     "latest" | "earliest" | "pending" | "safe" | "finalized" | quantity;
//             where a hash is allowed too (BlockId, EIP-1898): a 32-byte hash string,
//             {"blockHash": h, "requireCanonical": bool?} or {"blockNumber": tag or quantity}.
//
// parse_* read text, decode_* read JSON values (and reject non-strings).
// Error messages do not name the argument; bind_params (param_binding.hpp) and
// decode_field prefix them with the argument or field they came from.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/bytes.hpp"
#include "core/fixed_bytes.hpp"
#include "core/result.hpp"
#include "core/uint256.hpp"

namespace pel::rpc {

enum class BlockTag : uint8_t { kNumber, kLatest, kEarliest, kPending, kSafe, kFinalized };

// A block by number or by tag ("eth_getBlockByNumber" style).
struct BlockNumberOrTag {
  BlockTag tag = BlockTag::kLatest;
  uint64_t number = 0;  // meaningful only when tag == kNumber

  static BlockNumberOrTag at(uint64_t number) { return {BlockTag::kNumber, number}; }
  friend bool operator==(const BlockNumberOrTag&, const BlockNumberOrTag&) = default;
};

// A block by hash (EIP-1898). With require_canonical, a hash that is not on the
// canonical chain is an error rather than a lookup of a side block.
struct BlockHashRef {
  Hash hash;
  bool require_canonical = false;
  friend bool operator==(const BlockHashRef&, const BlockHashRef&) = default;
};

// Any block parameter that accepts a hash as well as a number or tag.
using BlockId = std::variant<BlockNumberOrTag, BlockHashRef>;

// ---- Parsing text ----
Result<uint64_t> parse_quantity_u64(std::string_view text);
Result<U256> parse_quantity_u256(std::string_view text);
Result<Bytes> parse_data(std::string_view text);
Result<Address> parse_address(std::string_view text);
Result<Hash> parse_hash(std::string_view text);
Result<BlockNumberOrTag> parse_block_number_or_tag(std::string_view text);

// ---- Decoding JSON values (a non-string is an error naming what was expected) ----
Result<uint64_t> decode_quantity_u64(const nlohmann::json& value);
Result<U256> decode_quantity_u256(const nlohmann::json& value);
Result<Bytes> decode_data(const nlohmann::json& value);
Result<Address> decode_address(const nlohmann::json& value);
Result<Hash> decode_hash(const nlohmann::json& value);
Result<BlockNumberOrTag> decode_block_number_or_tag(const nlohmann::json& value);
Result<BlockId> decode_block_id(const nlohmann::json& value);

// ---- Encoding results ----
std::string encode_quantity(uint64_t value);     // "0x0", "0x1f"
std::string encode_quantity(const U256& value);  // same form, up to 64 digits
std::string encode_data(BytesView bytes);        // "0x", "0x00ff"
inline std::string encode_address(const Address& address) {
  return address.hex();
}
inline std::string encode_hash(const Hash& hash) {
  return hash.hex();
}
// "latest", ..., or the number as a quantity.
std::string encode_block_number_or_tag(const BlockNumberOrTag& block);

}  // namespace pel::rpc
