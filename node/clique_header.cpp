#include "node/clique_header.hpp"

#include <algorithm>
#include <string>

#include "core/base_fee.hpp"
#include "crypto/clique.hpp"
#include "crypto/sha256.hpp"

namespace pel {
namespace {

// Signers in ascending order: the order clique's turns follow.
std::vector<Address> sorted(std::span<const Address> signers) {
  std::vector<Address> out(signers.begin(), signers.end());
  std::sort(out.begin(), out.end());
  return out;
}

std::optional<size_t> index_of(const std::vector<Address>& signers, const Address& signer) {
  auto it = std::find(signers.begin(), signers.end(), signer);
  if (it == signers.end()) return std::nullopt;
  return static_cast<size_t>(it - signers.begin());
}

bool is_checkpoint(uint64_t number, const CliqueConfig& clique) {
  return clique.epoch != 0 && number % clique.epoch == 0;
}

}  // namespace

Result<BlockHeader> clique_child_header(const BlockHeader& parent, const Hash& parent_hash,
                                        const ChainConfig& config, uint64_t timestamp,
                                        const Address& signer, std::span<const Address> signers) {
  if (!config.clique) return make_error("the chain config has no clique section");
  const std::vector<Address> turns = sorted(signers);
  std::optional<size_t> index = index_of(turns, signer);
  if (!index) return make_error(signer.hex() + " is not a clique signer of this chain");

  BlockHeader header;
  header.parent_hash = parent_hash;
  header.ommers_hash = kEmptyOmmersHash;
  header.number = parent.number + 1;
  header.gas_limit = parent.gas_limit;
  header.timestamp = std::max(timestamp, parent.timestamp + config.clique->period);
  header.difficulty = clique_difficulty(header.number, *index, turns.size());
  header.beneficiary = kCliqueNoVoteBeneficiary;
  header.nonce = kCliqueNonceDrop;
  header.extra_data.assign(kCliqueVanityLength, 0);
  if (is_checkpoint(header.number, *config.clique)) {
    for (const Address& a : turns)
      header.extra_data.insert(header.extra_data.end(), a.bytes.begin(), a.bytes.end());
  }
  header.extra_data.resize(header.extra_data.size() + kCliqueSealLength, 0);
  if (config.is_london(header.number)) {
    auto base_fee = next_base_fee(parent, config);
    if (!base_fee) return base_fee.error();
    header.base_fee_per_gas = *base_fee;
  }
  if (config.is_shanghai(header.timestamp)) header.withdrawals_root = Hash{};  // filled at commit
  if (config.is_cancun(header.timestamp)) {
    header.blob_gas_used = 0;  // no blob transactions
    header.excess_blob_gas = 0;
    header.parent_beacon_block_root = Hash{};
  }
  if (config.is_prague(header.timestamp))
    header.requests_hash = sha256(BytesView{});  // no requests
  return header;
}

Status verify_clique_header(const BlockHeader& header, const BlockHeader& parent,
                            const ChainConfig& config, std::span<const Address> signers) {
  const std::string block = "block " + std::to_string(header.number) + ": ";
  if (!config.clique) return make_error(block + "the chain config has no clique section");
  const size_t list_bytes = is_checkpoint(header.number, *config.clique) ? signers.size() * 20 : 0;
  if (header.extra_data.size() != kCliqueVanityLength + list_bytes + kCliqueSealLength) {
    return make_error(block + "extraData has " + std::to_string(header.extra_data.size()) +
                      " bytes, clique expects " +
                      std::to_string(kCliqueVanityLength + list_bytes + kCliqueSealLength));
  }
  auto signer = clique_signer(header);
  if (!signer) return make_error(block + "seal: " + signer.error().message);
  const std::vector<Address> turns = sorted(signers);
  std::optional<size_t> index = index_of(turns, *signer);
  if (!index) return make_error(block + "sealed by " + signer->hex() + ", not a signer");
  if (list_bytes != 0) {
    auto listed = clique_checkpoint_signers(header);
    if (!listed || *listed != turns) return make_error(block + "checkpoint signer list mismatch");
  }
  if (header.difficulty != clique_difficulty(header.number, *index, turns.size())) {
    return make_error(block + "difficulty " + header.difficulty.to_hex() + " is wrong for signer " +
                      signer->hex());
  }
  if (header.timestamp < parent.timestamp + config.clique->period) {
    return make_error(block + "timestamp " + std::to_string(header.timestamp) +
                      " is less than the clique period after its parent's");
  }
  if (!valid_gas_limit(parent, header, config)) {
    return make_error(block + "gas limit " + std::to_string(header.gas_limit) +
                      " is out of bounds");
  }
  if (config.is_london(header.number)) {
    auto expected = next_base_fee(parent, config);
    if (!expected) return make_error(block + expected.error().message);
    if (header.base_fee_per_gas != *expected) {
      return make_error(block + "base fee mismatch: expected " + expected->to_hex());
    }
  } else if (header.base_fee_per_gas) {
    return make_error(block + "base fee before London");
  }
  return {};
}

}  // namespace pel
