#pragma once
// secp256k1 ECDSA signing and public-key recovery through libsecp256k1.
//
// API CONTRACT (other modules code against this).

#include "core/fixed_bytes.hpp"
#include "core/result.hpp"
#include "core/uint256.hpp"

namespace pel {

using PrivateKey = FixedBytes<32>;

struct Signature {
  U256 r;
  U256 s;
  uint8_t y_parity = 0;  // recovery id, 0 or 1
};

// Deterministic (RFC 6979) signature of a 32-byte message hash, low-s normalized.
Result<Signature> sign(const Hash& message_hash, const PrivateKey& key);

// The address (last 20 bytes of keccak256 of the uncompressed public key) that
// signed `message_hash`. Rejects r or s out of range, s above n/2 (EIP-2), and
// y_parity other than 0 or 1.
Result<Address> recover_address(const Hash& message_hash, const Signature& signature);

// The address of a private key; an error for a key that is zero or not below n.
Result<Address> address_of(const PrivateKey& key);

}  // namespace pel
