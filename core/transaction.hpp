#pragma once
// Ethereum transactions: legacy (with EIP-155 replay protection), EIP-2930
// access-list and EIP-1559 dynamic-fee transactions.
//
// API CONTRACT (other modules code against this; the implementation may add to it).
// Hashing and sender recovery need keccak/secp256k1 and so live in crypto/txn_crypto.hpp.

#include <optional>
#include <vector>

#include "core/bytes.hpp"
#include "core/fixed_bytes.hpp"
#include "core/result.hpp"
#include "core/rlp.hpp"
#include "core/uint256.hpp"

namespace pel {

enum class TxnType : uint8_t { kLegacy = 0, kAccessList = 1, kDynamicFee = 2 };

struct AccessListEntry {
  Address address;
  std::vector<Hash> storage_keys;
  friend bool operator==(const AccessListEntry&, const AccessListEntry&) = default;
};

struct Transaction {
  TxnType type = TxnType::kLegacy;
  // Legacy: absent for pre-EIP-155 signatures. Typed: always present.
  std::optional<uint64_t> chain_id;
  uint64_t nonce = 0;
  // Legacy and EIP-2930 transactions have one gas price: both fields hold it.
  U256 max_priority_fee_per_gas;
  U256 max_fee_per_gas;
  uint64_t gas_limit = 0;
  std::optional<Address> to;  // absent: contract creation
  U256 value;
  Bytes data;
  std::vector<AccessListEntry> access_list;
  // Signature. y_parity is 0 or 1 (for legacy, derived from v).
  uint8_t y_parity = 0;
  U256 r;
  U256 s;

  friend bool operator==(const Transaction&, const Transaction&) = default;
};

// Decodes a transaction as it travels over the wire and in eth_sendRawTransaction:
// an RLP list (legacy) or type byte || RLP payload (typed). Blob (type 3) and
// unknown types are errors.
Result<Transaction> decode_transaction(BytesView raw);

// The inverse of decode_transaction.
Bytes encode_transaction(const Transaction& txn);

// How a transaction sits inside a block body's RLP list: legacy as a list, typed as an
// RLP string wrapping type || payload.
void encode_transaction_in_block(Bytes& out, const Transaction& txn);

// The bytes whose keccak256 the sender signed (EIP-155 for legacy with a chain id).
Bytes signing_payload(const Transaction& txn);

// Intrinsic gas: 21000 (+32000 for creation), 4/16 per zero/non-zero data byte (EIP-2028),
// 2400 per access-list address and 1900 per storage key (EIP-2930).
uint64_t intrinsic_gas(const Transaction& txn);

// Price per gas actually paid under a base fee: min(max_fee, base_fee + max_priority_fee).
// Precondition: max_fee_per_gas >= base_fee.
U256 effective_gas_price(const Transaction& txn, const U256& base_fee);

// ---- Additions to the contract ----

// Reads one transaction from a block body's transaction list (the inverse of
// encode_transaction_in_block): a list item is a legacy transaction, a string item
// holds type || payload.
Result<Transaction> decode_transaction_in_block(rlp::Decoder& list);

// The legacy `v` as it travels on the wire: chain_id * 2 + 35 + y_parity (EIP-155), or
// 27 + y_parity without a chain id. For typed transactions, y_parity.
U256 legacy_v(const Transaction& txn);

// EIP-3860 (Shanghai): creations pay 2 gas per 32-byte word of initcode on top of
// intrinsic_gas; 0 for calls. Callers add it from Shanghai on.
uint64_t initcode_word_gas(const Transaction& txn);

// EIP-3860: the largest initcode a creation may carry (2 * the EIP-170 code size limit).
inline constexpr size_t kMaxInitcodeSize = 49152;

}  // namespace pel
