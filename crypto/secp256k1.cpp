#include "crypto/secp256k1.hpp"

#include <openssl/rand.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include <cassert>

#include "crypto/keccak.hpp"

namespace pel {

namespace {

// The group order n and floor(n / 2), the largest s that EIP-2 accepts.
constexpr U256 kCurveOrder(0xBFD25E8CD0364141ULL, 0xBAAEDCE6AF48A03BULL, 0xFFFFFFFFFFFFFFFEULL,
                           0xFFFFFFFFFFFFFFFFULL);
constexpr U256 kHalfCurveOrder(0xDFE92F46681B20A0ULL, 0x5D576E7357A4501DULL, 0xFFFFFFFFFFFFFFFFULL,
                               0x7FFFFFFFFFFFFFFFULL);

secp256k1_context* make_context() {
  secp256k1_context* context = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
  // Blinding against side channels while signing. Without randomness the context
  // still computes correct results, so a failure here is not fatal.
  unsigned char seed[32];
  if (RAND_bytes(seed, sizeof seed) == 1) {
    [[maybe_unused]] int randomized = secp256k1_context_randomize(context, seed);
  }
  return context;
}

// One context for the whole process, created on first use (C++ guarantees the
// initialisation runs once even when threads race to it). Every function used
// below takes it as const, which libsecp256k1 documents as safe to share between
// threads. It is never destroyed: threads may still recover senders while static
// destructors run at exit.
const secp256k1_context* context() {
  static const secp256k1_context* const instance = make_context();
  return instance;
}

Address address_of_public_key(const secp256k1_pubkey& public_key) {
  uint8_t serialized[65];
  size_t size = sizeof serialized;
  secp256k1_ec_pubkey_serialize(context(), serialized, &size, &public_key,
                                SECP256K1_EC_UNCOMPRESSED);
  // Skip the 0x04 tag of the uncompressed form: the address hashes x || y only.
  Hash hash = keccak256(BytesView(serialized + 1, 64));
  return Address::from_view(hash.view().subspan(12));
}

Status check_private_key(const PrivateKey& key) {
  if (secp256k1_ec_seckey_verify(context(), key.data()) != 1) {
    return make_error("invalid private key: must be nonzero and below the curve order");
  }
  return {};
}

}  // namespace

Result<Signature> sign(const Hash& message_hash, const PrivateKey& key) {
  PEL_TRY(check_private_key(key));
  secp256k1_ecdsa_recoverable_signature signature;
  // A null nonce function selects RFC 6979; libsecp256k1 always returns the low-s form.
  if (secp256k1_ecdsa_sign_recoverable(context(), &signature, message_hash.data(), key.data(),
                                       nullptr, nullptr) != 1) {
    return make_error("signing failed");
  }
  uint8_t compact[64];
  int recovery_id = 0;
  secp256k1_ecdsa_recoverable_signature_serialize_compact(context(), compact, &recovery_id,
                                                          &signature);
  // Recovery ids 2 and 3 mean r overflowed n (probability about 2^-127); Ethereum's
  // y_parity cannot express them.
  if (recovery_id != 0 && recovery_id != 1) return make_error("signature has no y parity form");

  Signature out;
  out.r = U256::from_be_bytes(BytesView(compact, 32)).value();
  out.s = U256::from_be_bytes(BytesView(compact + 32, 32)).value();
  out.y_parity = static_cast<uint8_t>(recovery_id);
  assert(out.s <= kHalfCurveOrder);
  return out;
}

Result<Address> recover_address(const Hash& message_hash, const Signature& signature) {
  if (signature.y_parity > 1) return make_error("invalid signature: y parity must be 0 or 1");
  if (signature.r.is_zero() || signature.r >= kCurveOrder) {
    return make_error("invalid signature: r out of range");
  }
  if (signature.s.is_zero() || signature.s >= kCurveOrder) {
    return make_error("invalid signature: s out of range");
  }
  if (signature.s > kHalfCurveOrder) {
    return make_error("invalid signature: s above half the curve order (EIP-2)");
  }

  uint8_t compact[64];
  signature.r.to_be_bytes(compact);
  signature.s.to_be_bytes(compact + 32);
  secp256k1_ecdsa_recoverable_signature parsed;
  if (secp256k1_ecdsa_recoverable_signature_parse_compact(context(), &parsed, compact,
                                                          signature.y_parity) != 1) {
    return make_error("invalid signature");
  }
  secp256k1_pubkey public_key;
  if (secp256k1_ecdsa_recover(context(), &public_key, &parsed, message_hash.data()) != 1) {
    // r is not the x coordinate of a curve point, or the result is the point at infinity.
    return make_error("invalid signature: no public key recovers from it");
  }
  return address_of_public_key(public_key);
}

Result<Address> address_of(const PrivateKey& key) {
  PEL_TRY(check_private_key(key));
  secp256k1_pubkey public_key;
  if (secp256k1_ec_pubkey_create(context(), &public_key, key.data()) != 1) {
    return make_error("invalid private key");
  }
  return address_of_public_key(public_key);
}

}  // namespace pel
