#include "core/genesis.hpp"

#include "core/json_fields.hpp"

namespace pel {

namespace {

using json_fields::Json;

Error genesis_error(std::string_view where, const Error& error) {
  return make_error("genesis: " + std::string(where) + ": " + error.message);
}

// Reads member `name` of `object` with `read` into `out` when present (not null).
// `where` prefixes the name in errors ("alloc 0x12..: " for account fields).
template <class T, class Reader>
Status read_field(const Json& object, std::string_view where, const char* name, Reader read, T& out,
                  bool required = false) {
  const Json* value = json_fields::find_member(object, name);
  if (value == nullptr) {
    if (required) return make_error("genesis: " + std::string(where) + name + ": missing");
    return {};
  }
  auto parsed = read(*value);
  if (!parsed) return genesis_error(std::string(where) + name, parsed.error());
  out = std::move(*parsed);
  return {};
}

Status read_header_fields(const Json& root, Genesis& genesis) {
  using namespace json_fields;
  constexpr std::string_view top;
  PEL_TRY(read_field(root, top, "nonce", read_uint64_quantity, genesis.nonce));
  PEL_TRY(read_field(root, top, "timestamp", read_uint64_quantity, genesis.timestamp));
  PEL_TRY(read_field(root, top, "extraData", read_hex_bytes, genesis.extra_data));
  PEL_TRY(read_field(root, top, "gasLimit", read_uint64_quantity, genesis.gas_limit, true));
  PEL_TRY(read_field(root, top, "difficulty", read_u256_quantity, genesis.difficulty, true));
  PEL_TRY(read_field(root, top, "mixHash", read_fixed_bytes<32>, genesis.mix_hash));
  PEL_TRY(read_field(root, top, "coinbase", read_fixed_bytes<20>, genesis.coinbase));
  PEL_TRY(read_field(root, top, "baseFeePerGas", read_u256_quantity, genesis.base_fee_per_gas));
  PEL_TRY(read_field(root, top, "number", read_uint64_quantity, genesis.number));
  PEL_TRY(read_field(root, top, "gasUsed", read_uint64_quantity, genesis.gas_used));
  PEL_TRY(read_field(root, top, "parentHash", read_fixed_bytes<32>, genesis.parent_hash));
  PEL_TRY(read_field(root, top, "excessBlobGas", read_uint64_quantity, genesis.excess_blob_gas));
  PEL_TRY(read_field(root, top, "blobGasUsed", read_uint64_quantity, genesis.blob_gas_used));
  return {};
}

Result<std::map<Hash, Hash>> read_storage(const Json& storage, const std::string& where) {
  if (!storage.is_object()) {
    return make_error("genesis: " + where + "storage: expected an object, got " +
                      json_fields::type_name(storage));
  }
  std::map<Hash, Hash> slots;
  for (const auto& [slot_text, value_json] : storage.get_ref<const Json::object_t&>()) {
    std::string slot_where = where + "storage " + slot_text;
    auto slot = json_fields::read_storage_word(Json(slot_text));
    if (!slot)
      return genesis_error(slot_where, make_error("invalid slot: " + slot.error().message));
    if (value_json.is_null()) continue;
    auto value = json_fields::read_storage_word(value_json);
    if (!value)
      return genesis_error(slot_where, make_error("invalid value: " + value.error().message));
    if (!slots.emplace(*slot, *value).second) {
      return make_error("genesis: " + slot_where + ": slot listed twice");
    }
  }
  return slots;
}

Result<GenesisAccount> read_account(const Json& account, const std::string& where) {
  using namespace json_fields;
  if (!account.is_object()) {
    return make_error("genesis: " + where + "expected an object, got " + type_name(account));
  }
  GenesisAccount out;
  PEL_TRY(read_field(account, where, "balance", read_u256_quantity, out.balance, true));
  PEL_TRY(read_field(account, where, "nonce", read_uint64_quantity, out.nonce));
  PEL_TRY(read_field(account, where, "code", read_hex_bytes, out.code));
  if (const Json* storage = find_member(account, "storage")) {
    auto slots = read_storage(*storage, where);
    if (!slots) return slots.error();
    out.storage = std::move(*slots);
  }
  return out;
}

Status read_alloc(const Json& root, Genesis& genesis) {
  const Json* alloc = json_fields::find_member(root, "alloc");
  if (alloc == nullptr) return make_error("genesis: alloc: missing");
  if (!alloc->is_object()) {
    return make_error("genesis: alloc: expected an object, got " + json_fields::type_name(*alloc));
  }
  for (const auto& [address_text, account_json] : alloc->get_ref<const Json::object_t&>()) {
    std::string where = "alloc " + address_text;
    auto address = Address::from_hex(address_text);
    if (!address)
      return genesis_error(where, make_error("invalid address: " + address.error().message));
    auto account = read_account(account_json, where + ": ");
    if (!account) return account.error();
    if (!genesis.alloc.emplace(*address, std::move(*account)).second) {
      return make_error("genesis: " + where + ": address listed twice");
    }
  }
  return {};
}

}  // namespace

Result<std::vector<Address>> parse_clique_signers(BytesView extra_data) {
  constexpr size_t kFixed = kCliqueVanityBytes + kCliqueSealBytes;
  if (extra_data.size() < kFixed) {
    return make_error("extraData is " + std::to_string(extra_data.size()) +
                      " bytes, clique needs at least " + std::to_string(kFixed) +
                      " (32 vanity + signers + 65 seal)");
  }
  size_t signer_bytes = extra_data.size() - kFixed;
  if (signer_bytes % Address::kSize != 0) {
    return make_error("extraData's signer section is " + std::to_string(signer_bytes) +
                      " bytes, not a multiple of 20 (32 vanity + 20 per signer + 65 seal)");
  }
  std::vector<Address> signers;
  for (size_t offset = kCliqueVanityBytes; offset < kCliqueVanityBytes + signer_bytes;
       offset += Address::kSize) {
    signers.push_back(Address::from_view(extra_data.subspan(offset, Address::kSize)));
  }
  return signers;
}

Result<Genesis> parse_genesis(std::string_view json_text) {
  auto document = json_fields::parse(json_text);
  if (!document) return make_error("genesis: invalid JSON: " + document.error().message);
  const Json& root = *document;
  if (!root.is_object()) {
    return make_error("genesis: expected a JSON object, got " + json_fields::type_name(root));
  }

  Genesis genesis;
  const Json* config = json_fields::find_member(root, "config");
  if (config == nullptr) return make_error("genesis: config: missing");
  auto chain_config = chain_config_from_json(*config);
  if (!chain_config) return make_error("genesis: " + chain_config.error().message);
  genesis.config = std::move(*chain_config);

  PEL_TRY(read_header_fields(root, genesis));
  PEL_TRY(read_alloc(root, genesis));

  if (genesis.config.clique) {
    auto signers = parse_clique_signers(genesis.extra_data);
    if (!signers) return make_error("genesis: extraData: " + signers.error().message);
    if (signers->empty()) return make_error("genesis: extraData: clique needs at least one signer");
    genesis.clique_signers = std::move(*signers);
  }
  return genesis;
}

}  // namespace pel
