#pragma once
// Hashes and signatures of transactions.
//
// API CONTRACT (other modules code against this; the implementation may add to it).

#include "core/transaction.hpp"
#include "crypto/secp256k1.hpp"

namespace pel {

// keccak256 of the transaction's wire encoding (encode_transaction).
Hash txn_hash(const Transaction& txn);

// The signer of the transaction: EIP-155 chain id rules for legacy, EIP-2 low s.
Result<Address> recover_sender(const Transaction& txn);

// Fills y_parity, r and s by signing signing_payload(txn) with `key`.
Status sign_transaction(Transaction& txn, const PrivateKey& key);

// ---- Additions to the contract ----

// keccak256(signing_payload(txn)): the message hash the sender signed.
Hash signing_hash(const Transaction& txn);

}  // namespace pel
