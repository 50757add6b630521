#include "crypto/txn_crypto.hpp"

#include "crypto/keccak.hpp"

namespace pel {

Hash txn_hash(const Transaction& txn) {
  return keccak256(encode_transaction(txn));
}

Hash signing_hash(const Transaction& txn) {
  return keccak256(signing_payload(txn));
}

Result<Address> recover_sender(const Transaction& txn) {
  // recover_address enforces the ranges of r and s and EIP-2's low s.
  Signature signature{txn.r, txn.s, txn.y_parity};
  return recover_address(signing_hash(txn), signature);
}

Status sign_transaction(Transaction& txn, const PrivateKey& key) {
  auto signature = sign(signing_hash(txn), key);
  if (!signature) return signature.error();
  txn.r = signature->r;
  txn.s = signature->s;
  txn.y_parity = signature->y_parity;
  return {};
}

}  // namespace pel
