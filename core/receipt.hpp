#pragma once
// Transaction receipts and their logs, as the receipts trie stores them (EIP-2718:
// a legacy receipt is an RLP list, a typed one is type || RLP list).
//
// The bloom of a receipt is computed from its logs with keccak256, so that
// computation lives in crypto/logs_bloom.hpp; here the bloom is a stored field.

#include <optional>
#include <vector>

#include "core/bloom.hpp"
#include "core/bytes.hpp"
#include "core/fixed_bytes.hpp"
#include "core/result.hpp"
#include "core/transaction.hpp"

namespace pel {

struct Log {
  Address address;
  std::vector<Hash> topics;  // at most 4 (LOG0..LOG4); not enforced by the encoding
  Bytes data;
  friend bool operator==(const Log&, const Log&) = default;
};

struct Receipt {
  TxnType type = TxnType::kLegacy;  // the type of the transaction it belongs to
  bool success = false;             // the status field (EIP-658, Byzantium on)
  // Receipts before Byzantium carry the state root after the transaction instead of a
  // status. Only legacy receipts can; when set, `success` is not encoded.
  std::optional<Hash> post_state;
  uint64_t cumulative_gas_used = 0;
  Bloom logs_bloom;
  std::vector<Log> logs;
  friend bool operator==(const Receipt&, const Receipt&) = default;
};

// The receipts-trie value: rlp([status, cumulativeGasUsed, logsBloom, logs]), prefixed
// with the type byte for typed transactions.
Bytes encode_receipt(const Receipt& receipt);

// The inverse of encode_receipt. Strict: canonical RLP, exactly four fields, status
// empty (0) or 0x01 or a 32-byte state root (legacy only), no trailing bytes;
// unsupported types are errors.
Result<Receipt> decode_receipt(BytesView raw);

void encode_log(Bytes& out, const Log& log);

}  // namespace pel
