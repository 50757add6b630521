#pragma once
// Reading typed fields out of JSON documents in the forms geth writes them
// (genesis files, later RPC payloads), with errors as values.
//
// Every reader returns an Error whose message describes only the value ("invalid
// hex digit", "expected a string, got number"); the caller prefixes the field's
// name, so that the final message says where the problem is.

#include <nlohmann/json.hpp>
#include <string_view>

#include "core/bytes.hpp"
#include "core/fixed_bytes.hpp"
#include "core/result.hpp"
#include "core/uint256.hpp"

namespace pel::json_fields {

using Json = nlohmann::json;

// Parses JSON text without throwing. Unlike nlohmann's own parser, integer literals
// too large for 64 bits keep their exact digits (geth writes 256-bit balances and
// total difficulties as bare numbers) instead of being rounded to a double; the
// readers below understand them. Nesting deeper than `max_depth` is an error.
Result<Json> parse(std::string_view text, size_t max_depth = 64);

// Go's encoding/json matches member names case-insensitively (Sepolia's genesis
// writes "mixhash" for "mixHash"): this does the same, preferring an exact match.
// A member whose value is null counts as absent, as it does for geth's optional fields.
const Json* find_member(const Json& object, std::string_view name);

// "number", "string", ...; a big integer literal is a "number".
std::string type_name(const Json& value);

// A JSON number that is a non-negative integer (not a string): geth's *big.Int and
// uint64 config fields.
Result<uint64_t> read_uint64_number(const Json& value);
Result<U256> read_u256_number(const Json& value);

// geth's HexOrDecimal: a "0x"-prefixed hex string, a decimal string, or a JSON
// number. Values that do not fit the type are errors.
Result<uint64_t> read_uint64_quantity(const Json& value);
Result<U256> read_u256_quantity(const Json& value);

// A hex string of any even length, with or without "0x" (code, extraData).
Result<Bytes> read_hex_bytes(const Json& value);

// Up to 32 bytes of hex, with or without "0x", left-padded with zeros to 32 bytes:
// storage slots and values (an odd digit count is allowed: "0x1" is slot 1).
Result<Hash> read_storage_word(const Json& value);

// Exactly N bytes of hex, with or without "0x" (hashes, addresses).
Result<std::string_view> read_string(const Json& value);
template <size_t N>
Result<FixedBytes<N>> read_fixed_bytes(const Json& value) {
  auto text = read_string(value);
  if (!text) return text.error();
  return FixedBytes<N>::from_hex(*text);
}

}  // namespace pel::json_fields
