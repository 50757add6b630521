#pragma once
// Clique proof-of-authority (EIP-225) as geth implements it: the signer's seal in a
// header's extraData, the hash it signs, and the header conventions around it.
//
//   extraData = 32-byte vanity || signers (20 bytes each; checkpoint and genesis
//               blocks only) || 65-byte seal r || s || v, v the recovery id 0 or 1
//
// The seal signs keccak256 of the header's RLP with the seal cut from extraData and
// every other field as it is, the post-London optional fields included.

#include <vector>

#include "core/block_header.hpp"
#include "core/result.hpp"
#include "crypto/secp256k1.hpp"

namespace pel {

inline constexpr size_t kCliqueVanityLength = 32;
inline constexpr size_t kCliqueSealLength = 65;

// Difficulty of a block sealed by the signer whose turn it is, and by any other.
inline constexpr uint64_t kCliqueDifficultyInTurn = 2;
inline constexpr uint64_t kCliqueDifficultyNoTurn = 1;

// Votes: the beneficiary names the address voted on and the nonce says which way.
// A block that casts no vote has a zero beneficiary and kCliqueNonceDrop, as geth's
// sealer writes it. (Pel credits fees to the header's beneficiary; which one a block
// carries is the producer's choice.)
inline constexpr BlockNonce kCliqueNonceAuthorize{{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}};
inline constexpr BlockNonce kCliqueNonceDrop{};
inline constexpr Address kCliqueNoVoteBeneficiary{};

// The hash the signer signs. extraData shorter than the seal is treated as holding
// only the seal (hashed as empty); clique_seal and clique_signer reject such headers
// before hashing.
Hash clique_seal_hash(const BlockHeader& header);

// Signs the header and writes the seal into the last 65 bytes of its extraData. An
// error (the header unchanged) when extraData is shorter than vanity plus seal or
// the key is invalid.
Status clique_seal(BlockHeader& header, const PrivateKey& key);

// The address that sealed the header. An error when extraData is shorter than vanity
// plus seal, or the seal is not a valid signature (r or s zero or not below n, v not
// 0 or 1). Like geth, a seal with s above n/2 is accepted.
Result<Address> clique_signer(const BlockHeader& header);

// In-turn (2) when `number % signer_count == signer_index`, where signer_index is the
// sealer's position in the ascending list of authorized signers; otherwise 1.
// signer_count must not be 0.
U256 clique_difficulty(uint64_t number, size_t signer_index, size_t signer_count);

// The signers a checkpoint (or genesis) header lists between vanity and seal. An error
// when extraData is too short or the list is not a whole number of addresses.
Result<std::vector<Address>> clique_checkpoint_signers(const BlockHeader& header);

}  // namespace pel
