#include "crypto/clique.hpp"

#include <cassert>
#include <cstring>

#include "crypto/keccak.hpp"

namespace pel {
namespace {

// n, the order of secp256k1's group.
constexpr U256 kCurveOrder(0xBFD25E8CD0364141ULL, 0xBAAEDCE6AF48A03BULL, 0xFFFFFFFFFFFFFFFEULL,
                           0xFFFFFFFFFFFFFFFFULL);

Status check_extra_length(const BlockHeader& header) {
  if (header.extra_data.size() < kCliqueVanityLength + kCliqueSealLength) {
    return make_error("clique: extraData of " + std::to_string(header.extra_data.size()) +
                      " bytes, need at least " +
                      std::to_string(kCliqueVanityLength + kCliqueSealLength));
  }
  return {};
}

}  // namespace

Hash clique_seal_hash(const BlockHeader& header) {
  BlockHeader unsealed = header;
  const size_t size = unsealed.extra_data.size();
  unsealed.extra_data.resize(size > kCliqueSealLength ? size - kCliqueSealLength : 0);
  return keccak256(encode_block_header(unsealed));
}

Status clique_seal(BlockHeader& header, const PrivateKey& key) {
  PEL_TRY(check_extra_length(header));
  auto signature = sign(clique_seal_hash(header), key);
  if (!signature) return signature.error();
  uint8_t* seal = header.extra_data.data() + header.extra_data.size() - kCliqueSealLength;
  signature->r.to_be_bytes(seal);
  signature->s.to_be_bytes(seal + 32);
  seal[64] = signature->y_parity;
  return {};
}

Result<Address> clique_signer(const BlockHeader& header) {
  PEL_TRY(check_extra_length(header));
  const uint8_t* seal = header.extra_data.data() + header.extra_data.size() - kCliqueSealLength;
  Signature signature;
  signature.r = *U256::from_be_bytes({seal, 32});
  signature.s = *U256::from_be_bytes({seal + 32, 32});
  if (seal[64] > 1) return make_error("clique: seal recovery id above 1");
  signature.y_parity = seal[64];
  if (signature.s.is_zero() || signature.s >= kCurveOrder) {
    return make_error("clique: seal s out of range");
  }
  // geth recovers without EIP-2's low-s rule; (r, n - s) with the other recovery id
  // names the same key, and that form passes recover_address's check.
  if (signature.s > (kCurveOrder >> 1)) {
    signature.s = kCurveOrder - signature.s;
    signature.y_parity ^= 1;
  }
  auto signer = recover_address(clique_seal_hash(header), signature);
  if (!signer) return make_error("clique: bad seal: " + signer.error().message);
  return *signer;
}

U256 clique_difficulty(uint64_t number, size_t signer_index, size_t signer_count) {
  assert(signer_count > 0);
  if (signer_count == 0) return U256(kCliqueDifficultyNoTurn);
  return U256(number % signer_count == signer_index ? kCliqueDifficultyInTurn
                                                    : kCliqueDifficultyNoTurn);
}

Result<std::vector<Address>> clique_checkpoint_signers(const BlockHeader& header) {
  PEL_TRY(check_extra_length(header));
  const size_t list_size = header.extra_data.size() - kCliqueVanityLength - kCliqueSealLength;
  if (list_size % Address::kSize != 0) {
    return make_error("clique: checkpoint signer list of " + std::to_string(list_size) +
                      " bytes is not a multiple of 20");
  }
  std::vector<Address> signers(list_size / Address::kSize);
  const uint8_t* list = header.extra_data.data() + kCliqueVanityLength;
  for (size_t i = 0; i < signers.size(); ++i) {
    std::memcpy(signers[i].data(), list + i * Address::kSize, Address::kSize);
  }
  return signers;
}

}  // namespace pel
