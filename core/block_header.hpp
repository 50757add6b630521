#pragma once
// Ethereum block headers: the 15 fields of the Yellow Paper, then one field per fork
// that added one, appended in order (London, Shanghai, Cancun, Prague). A header
// carries a later field only if it carries every earlier one; the RLP list is exactly
// the present fields, so its length says which fork's layout it has.
//
// The header hash (keccak256 of encode_block_header) lives in crypto/header_hash.hpp.

#include <optional>

#include "core/bloom.hpp"
#include "core/bytes.hpp"
#include "core/fixed_bytes.hpp"
#include "core/result.hpp"
#include "core/rlp.hpp"
#include "core/uint256.hpp"

namespace pel {

using BlockNonce = FixedBytes<8>;

struct BlockHeader {
  Hash parent_hash;
  Hash ommers_hash;     // "sha3Uncles"; kEmptyOmmersHash since the merge
  Address beneficiary;  // "miner", the fee recipient
  Hash state_root;
  Hash transactions_root;
  Hash receipts_root;
  Bloom logs_bloom;
  U256 difficulty;  // 0 since the merge
  uint64_t number = 0;
  uint64_t gas_limit = 0;
  uint64_t gas_used = 0;
  uint64_t timestamp = 0;
  Bytes extra_data;
  Hash mix_hash;     // prevRandao since the merge
  BlockNonce nonce;  // zero since the merge

  std::optional<U256> base_fee_per_gas;          // London (EIP-1559)
  std::optional<Hash> withdrawals_root;          // Shanghai (EIP-4895)
  std::optional<uint64_t> blob_gas_used;         // Cancun (EIP-4844)
  std::optional<uint64_t> excess_blob_gas;       // Cancun (EIP-4844)
  std::optional<Hash> parent_beacon_block_root;  // Cancun (EIP-4788)
  std::optional<Hash> requests_hash;             // Prague (EIP-7685)

  friend bool operator==(const BlockHeader&, const BlockHeader&) = default;
};

// keccak256(rlp([])): the ommers hash of a block without ommers.
inline constexpr Hash kEmptyOmmersHash{{0x1d, 0xcc, 0x4d, 0xe8, 0xde, 0xc7, 0x5d, 0x7a,
                                        0xab, 0x85, 0xb5, 0x67, 0xb6, 0xcc, 0xd4, 0x1a,
                                        0xd3, 0x12, 0x45, 0x1b, 0x94, 0x8a, 0x74, 0x13,
                                        0xf0, 0xa1, 0x42, 0xfd, 0x40, 0xd4, 0x93, 0x47}};

// Whether the optional fields that are present form a prefix of the fork order (no
// later field without every earlier one). Decoded headers always do; encoding a
// header that does not is a programming error.
bool has_valid_optional_fields(const BlockHeader& header);

// Appends the header's RLP list to `out`.
void encode_block_header(Bytes& out, const BlockHeader& header);
Bytes encode_block_header(const BlockHeader& header);

// Strict: exactly one canonical RLP list of 15 to 21 fields, fixed-size fields of
// their exact size, no trailing bytes.
Result<BlockHeader> decode_block_header(BytesView raw);

}  // namespace pel
