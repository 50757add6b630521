#pragma once
// The transaction object of eth_call and eth_estimateGas (geth's TransactionArgs):
// every field optional; "input" and its older name "data" (equal when both are given).
// Decoding checks each field's form; the rules between fields (fees, chain id) are
// checked when the call runs, with geth's messages.

#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "core/bytes.hpp"
#include "core/fixed_bytes.hpp"
#include "core/result.hpp"
#include "core/transaction.hpp"
#include "core/uint256.hpp"
#include "rpc/param_binding.hpp"

namespace pel::rpc {

struct CallArgs {
  std::optional<Address> from;  // absent: the zero address
  std::optional<Address> to;    // absent: a contract creation
  std::optional<uint64_t> gas;
  std::optional<U256> gas_price;
  std::optional<U256> max_fee_per_gas;
  std::optional<U256> max_priority_fee_per_gas;
  std::optional<U256> value;
  std::optional<uint64_t> nonce;  // accepted and ignored, as geth's calls do
  Bytes input;
  std::optional<std::vector<AccessListEntry>> access_list;
  std::optional<uint64_t> chain_id;
};

// Errors name the field: `field "gas": hex number with leading zero digits`.
Result<CallArgs> decode_call_args(const nlohmann::json& value);

template <>
struct ParamCodec<CallArgs> {
  static Result<CallArgs> decode(const nlohmann::json& value) { return decode_call_args(value); }
};

}  // namespace pel::rpc
