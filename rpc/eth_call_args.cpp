#include "rpc/eth_call_args.hpp"

namespace pel::rpc {

namespace {

using json = nlohmann::json;

Result<std::vector<AccessListEntry>> decode_access_list(const json& value) {
  if (!value.is_array())
    return make_error(std::string("expected an array, got ") + value.type_name());
  std::vector<AccessListEntry> entries;
  for (const json& item : value) {
    if (!item.is_object())
      return make_error(std::string("expected an object, got ") + item.type_name());
    AccessListEntry entry;
    auto address = item.find("address");
    if (address == item.end()) return make_error("missing address");
    auto decoded = decode_address(*address);
    if (!decoded) return make_error("address: " + decoded.error().message);
    entry.address = *decoded;
    if (auto keys = item.find("storageKeys"); keys != item.end() && !keys->is_null()) {
      if (!keys->is_array()) return make_error("storageKeys: expected an array");
      for (const json& key : *keys) {
        auto slot = decode_hash(key);
        if (!slot) return make_error("storageKeys: " + slot.error().message);
        entry.storage_keys.push_back(*slot);
      }
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

template <class T>
Status read_field(const json& object, std::string_view key, std::optional<T>& out) {
  auto decoded = decode_field<T>(object, key);
  if (!decoded) return decoded.error();
  out = std::move(*decoded);
  return {};
}

}  // namespace

Result<CallArgs> decode_call_args(const json& value) {
  if (!value.is_object()) {
    return make_error(std::string("expected a transaction object, got ") + value.type_name());
  }
  CallArgs args;
  PEL_TRY(read_field(value, "from", args.from));
  PEL_TRY(read_field(value, "to", args.to));
  PEL_TRY(read_field(value, "gas", args.gas));
  PEL_TRY(read_field(value, "gasPrice", args.gas_price));
  PEL_TRY(read_field(value, "maxFeePerGas", args.max_fee_per_gas));
  PEL_TRY(read_field(value, "maxPriorityFeePerGas", args.max_priority_fee_per_gas));
  PEL_TRY(read_field(value, "value", args.value));
  PEL_TRY(read_field(value, "nonce", args.nonce));
  PEL_TRY(read_field(value, "chainId", args.chain_id));
  auto input = decode_field<Bytes>(value, "input");
  if (!input) return input.error();
  auto data = decode_field<Bytes>(value, "data");
  if (!data) return data.error();
  if (*input && *data && **input != **data) {
    return make_error(
        "both \"data\" and \"input\" are set and not equal. Please use \"input\" to pass "
        "transaction call data");
  }
  if (*input) {
    args.input = std::move(**input);
  } else if (*data) {
    args.input = std::move(**data);
  }
  if (auto list = value.find("accessList"); list != value.end() && !list->is_null()) {
    auto decoded = decode_access_list(*list);
    if (!decoded) return make_error("field \"accessList\": " + decoded.error().message);
    args.access_list = std::move(*decoded);
  }
  return args;
}

}  // namespace pel::rpc
