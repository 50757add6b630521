#include "core/transaction.hpp"

#include <algorithm>
#include <cassert>

#include "core/rlp_fields.hpp"

namespace pel {

namespace {

// Bytes that start an RLP list; below 0x80 a first byte is an EIP-2718 type.
constexpr uint8_t kFirstListByte = 0xc0;
constexpr uint8_t kFirstStringByte = 0x80;

// What a legacy signature covers: the six fields alone before EIP-155, the six
// followed by (chain_id, 0, 0) after it.
enum class Fields { kSigned, kForSigning };

// ---- Encoding ----

void encode_to(Bytes& out, const std::optional<Address>& to) {
  if (to) {
    rlp::encode_fixed(out, *to);
  } else {
    rlp::encode_bytes(out, {});
  }
}

void encode_access_list(Bytes& out, const std::vector<AccessListEntry>& access_list) {
  Bytes entries;
  for (const AccessListEntry& entry : access_list) {
    Bytes keys;
    for (const Hash& key : entry.storage_keys) rlp::encode_fixed(keys, key);
    Bytes fields;
    rlp::encode_fixed(fields, entry.address);
    rlp::encode_list(fields, keys);
    rlp::encode_list(entries, fields);
  }
  rlp::encode_list(out, entries);
}

// The payload (list contents) of a legacy transaction.
Bytes legacy_payload(const Transaction& txn, Fields fields) {
  Bytes out;
  rlp::encode_uint(out, txn.nonce);
  rlp::encode_uint(out, txn.max_fee_per_gas);  // the gas price
  rlp::encode_uint(out, txn.gas_limit);
  encode_to(out, txn.to);
  rlp::encode_uint(out, txn.value);
  rlp::encode_bytes(out, txn.data);
  if (fields == Fields::kSigned) {
    rlp::encode_uint(out, legacy_v(txn));
    rlp::encode_uint(out, txn.r);
    rlp::encode_uint(out, txn.s);
  } else if (txn.chain_id) {
    rlp::encode_uint(out, *txn.chain_id);
    rlp::encode_uint(out, uint64_t{0});
    rlp::encode_uint(out, uint64_t{0});
  }
  return out;
}

// The payload (list contents) of an EIP-2930 or EIP-1559 transaction.
Bytes typed_payload(const Transaction& txn, Fields fields) {
  assert(txn.type != TxnType::kLegacy);
  Bytes out;
  rlp::encode_uint(out, txn.chain_id.value_or(0));
  rlp::encode_uint(out, txn.nonce);
  if (txn.type == TxnType::kDynamicFee) rlp::encode_uint(out, txn.max_priority_fee_per_gas);
  rlp::encode_uint(out, txn.max_fee_per_gas);  // the gas price for EIP-2930
  rlp::encode_uint(out, txn.gas_limit);
  encode_to(out, txn.to);
  rlp::encode_uint(out, txn.value);
  rlp::encode_bytes(out, txn.data);
  encode_access_list(out, txn.access_list);
  if (fields == Fields::kSigned) {
    rlp::encode_uint(out, uint64_t{txn.y_parity});
    rlp::encode_uint(out, txn.r);
    rlp::encode_uint(out, txn.s);
  }
  return out;
}

Bytes encode(const Transaction& txn, Fields fields) {
  if (txn.type == TxnType::kLegacy) return rlp::wrap_list(legacy_payload(txn, fields));
  Bytes payload = typed_payload(txn, fields);
  Bytes out;
  out.reserve(1 + rlp::header_size(payload.size()) + payload.size());
  out.push_back(static_cast<uint8_t>(txn.type));
  rlp::encode_list(out, payload);
  return out;
}

// ---- Decoding ----

Status read_to(rlp::Decoder& list, std::optional<Address>& out) {
  if (list.empty()) return rlp::missing_field("to");
  auto bytes = list.read_bytes();
  if (!bytes) return rlp::field_error("to", bytes.error());
  if (bytes->empty()) {
    out.reset();
  } else if (bytes->size() == Address::kSize) {
    out = Address::from_view(*bytes);
  } else {
    return make_error("to: expected empty (creation) or 20 bytes, got " +
                      std::to_string(bytes->size()));
  }
  return {};
}

Status read_access_list(rlp::Decoder& list, std::vector<AccessListEntry>& out) {
  if (list.empty()) return rlp::missing_field("accessList");
  auto entries = list.read_list();
  if (!entries) return rlp::field_error("accessList", entries.error());
  while (!entries->empty()) {
    auto entry = entries->read_list();
    if (!entry) return rlp::field_error("accessList entry", entry.error());
    AccessListEntry decoded;
    PEL_TRY(rlp::read_field(*entry, "accessList address", decoded.address));
    if (entry->empty()) return rlp::missing_field("accessList storageKeys");
    auto keys = entry->read_list();
    if (!keys) return rlp::field_error("accessList storageKeys", keys.error());
    while (!keys->empty()) {
      Hash key;
      PEL_TRY(rlp::read_field(*keys, "accessList storage key", key));
      decoded.storage_keys.push_back(key);
    }
    PEL_TRY(rlp::expect_end(*entry, "accessList entry"));
    out.push_back(std::move(decoded));
  }
  return {};
}

// Splits a legacy v into chain id and y parity: 27/28 carry no chain id, 35 and up
// carry one (EIP-155); anything else is not a valid signature.
Status split_legacy_v(const U256& v, Transaction& txn) {
  if (v == U256(27) || v == U256(28)) {
    txn.chain_id.reset();
    txn.y_parity = static_cast<uint8_t>(v.low64() - 27);
    return {};
  }
  if (v < U256(35)) return make_error("v: invalid legacy signature value " + v.to_hex());
  U256 w = v - U256(35);  // chain_id * 2 + y_parity
  // chain_id = w >> 1 must fit in 64 bits: w below 2^65.
  if (w.limbs[3] != 0 || w.limbs[2] != 0 || w.limbs[1] > 1) {
    return make_error("v: chain id does not fit in 64 bits");
  }
  txn.y_parity = static_cast<uint8_t>(w.limbs[0] & 1);
  txn.chain_id = (w.limbs[0] >> 1) | (w.limbs[1] << 63);
  return {};
}

Result<Transaction> decode_legacy(BytesView raw) {
  auto list = rlp::decode_list(raw);
  if (!list) return list.error();
  Transaction txn;
  txn.type = TxnType::kLegacy;
  PEL_TRY(rlp::read_field(*list, "nonce", txn.nonce));
  PEL_TRY(rlp::read_field(*list, "gasPrice", txn.max_fee_per_gas));
  txn.max_priority_fee_per_gas = txn.max_fee_per_gas;
  PEL_TRY(rlp::read_field(*list, "gas", txn.gas_limit));
  PEL_TRY(read_to(*list, txn.to));
  PEL_TRY(rlp::read_field(*list, "value", txn.value));
  PEL_TRY(rlp::read_field(*list, "data", txn.data));
  U256 v;
  PEL_TRY(rlp::read_field(*list, "v", v));
  PEL_TRY(split_legacy_v(v, txn));
  PEL_TRY(rlp::read_field(*list, "r", txn.r));
  PEL_TRY(rlp::read_field(*list, "s", txn.s));
  PEL_TRY(rlp::expect_end(*list, "legacy transaction"));
  return txn;
}

// `payload` is what follows the type byte.
Result<Transaction> decode_typed(TxnType type, BytesView payload) {
  auto list = rlp::decode_list(payload);
  if (!list) return list.error();
  Transaction txn;
  txn.type = type;
  uint64_t chain_id = 0;
  PEL_TRY(rlp::read_field(*list, "chainId", chain_id));
  txn.chain_id = chain_id;
  PEL_TRY(rlp::read_field(*list, "nonce", txn.nonce));
  if (type == TxnType::kDynamicFee) {
    PEL_TRY(rlp::read_field(*list, "maxPriorityFeePerGas", txn.max_priority_fee_per_gas));
    PEL_TRY(rlp::read_field(*list, "maxFeePerGas", txn.max_fee_per_gas));
  } else {
    PEL_TRY(rlp::read_field(*list, "gasPrice", txn.max_fee_per_gas));
    txn.max_priority_fee_per_gas = txn.max_fee_per_gas;
  }
  PEL_TRY(rlp::read_field(*list, "gas", txn.gas_limit));
  PEL_TRY(read_to(*list, txn.to));
  PEL_TRY(rlp::read_field(*list, "value", txn.value));
  PEL_TRY(rlp::read_field(*list, "data", txn.data));
  PEL_TRY(read_access_list(*list, txn.access_list));
  uint64_t y_parity = 0;
  PEL_TRY(rlp::read_field(*list, "yParity", y_parity));
  if (y_parity > 1) return make_error("yParity: must be 0 or 1");
  txn.y_parity = static_cast<uint8_t>(y_parity);
  PEL_TRY(rlp::read_field(*list, "r", txn.r));
  PEL_TRY(rlp::read_field(*list, "s", txn.s));
  PEL_TRY(rlp::expect_end(*list, "typed transaction"));
  return txn;
}

}  // namespace

Result<Transaction> decode_transaction(BytesView raw) {
  if (raw.empty()) return make_error("transaction: empty input");
  uint8_t first = raw[0];
  if (first >= kFirstListByte) return decode_legacy(raw);
  if (first >= kFirstStringByte) {
    return make_error("transaction: expected an RLP list or a transaction type byte");
  }
  switch (first) {
    case static_cast<uint8_t>(TxnType::kAccessList):
      return decode_typed(TxnType::kAccessList, raw.subspan(1));
    case static_cast<uint8_t>(TxnType::kDynamicFee):
      return decode_typed(TxnType::kDynamicFee, raw.subspan(1));
    default:
      // Blob transactions (type 3) cannot be executed without blob sidecars; like
      // unknown types they are refused, with geth's wording.
      return make_error("transaction type not supported");
  }
}

Bytes encode_transaction(const Transaction& txn) {
  return encode(txn, Fields::kSigned);
}

void encode_transaction_in_block(Bytes& out, const Transaction& txn) {
  if (txn.type == TxnType::kLegacy) {
    rlp::encode_list(out, legacy_payload(txn, Fields::kSigned));
  } else {
    rlp::encode_bytes(out, encode_transaction(txn));
  }
}

Result<Transaction> decode_transaction_in_block(rlp::Decoder& list) {
  auto header = list.peek_header();
  if (!header) return header.error();
  if (header->is_list) {
    auto raw = list.read_raw();
    if (!raw) return raw.error();
    return decode_transaction(*raw);
  }
  auto envelope = list.read_bytes();
  if (!envelope) return envelope.error();
  // A string holds type || payload; a legacy list has no business being wrapped.
  if (envelope->empty() || (*envelope)[0] >= kFirstStringByte) {
    return make_error("transaction: block body string item is not a typed transaction");
  }
  return decode_transaction(*envelope);
}

Bytes signing_payload(const Transaction& txn) {
  return encode(txn, Fields::kForSigning);
}

U256 legacy_v(const Transaction& txn) {
  if (txn.type != TxnType::kLegacy) return U256(txn.y_parity);
  if (!txn.chain_id) return U256(27 + uint64_t{txn.y_parity});
  U256 chain_id(*txn.chain_id);
  return chain_id + chain_id + U256(35 + uint64_t{txn.y_parity});
}

uint64_t intrinsic_gas(const Transaction& txn) {
  constexpr uint64_t kTxGas = 21000;
  constexpr uint64_t kCreationGas = 32000;
  constexpr uint64_t kZeroByteGas = 4;
  constexpr uint64_t kNonZeroByteGas = 16;  // EIP-2028
  constexpr uint64_t kAccessListAddressGas = 2400;
  constexpr uint64_t kAccessListStorageKeyGas = 1900;

  uint64_t gas = kTxGas;
  if (!txn.to) gas += kCreationGas;
  uint64_t zeros = static_cast<uint64_t>(std::count(txn.data.begin(), txn.data.end(), 0));
  gas += zeros * kZeroByteGas + (txn.data.size() - zeros) * kNonZeroByteGas;
  for (const AccessListEntry& entry : txn.access_list) {
    gas += kAccessListAddressGas + entry.storage_keys.size() * kAccessListStorageKeyGas;
  }
  return gas;
}

uint64_t initcode_word_gas(const Transaction& txn) {
  constexpr uint64_t kInitcodeWordGas = 2;
  if (txn.to) return 0;
  return kInitcodeWordGas * ((txn.data.size() + 31) / 32);
}

U256 effective_gas_price(const Transaction& txn, const U256& base_fee) {
  assert(txn.max_fee_per_gas >= base_fee);
  if (txn.max_fee_per_gas < base_fee) return txn.max_fee_per_gas;
  // min(max_fee, base_fee + priority) without overflowing the sum.
  if (txn.max_priority_fee_per_gas >= txn.max_fee_per_gas - base_fee) return txn.max_fee_per_gas;
  return base_fee + txn.max_priority_fee_per_gas;
}

}  // namespace pel
