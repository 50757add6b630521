#pragma once
// The values Ethereum's state tries store, in their RLP form.

#include <cstdint>

#include "core/bytes.hpp"
#include "core/fixed_bytes.hpp"
#include "core/uint256.hpp"

namespace pel {

// keccak256 of empty code: the code hash of every account without code.
inline constexpr Hash kEmptyCodeHash{{0xc5, 0xd2, 0x46, 0x01, 0x86, 0xf7, 0x23, 0x3c,
                                      0x92, 0x7e, 0x7d, 0xb2, 0xdc, 0xc7, 0x03, 0xc0,
                                      0xe5, 0x00, 0xb6, 0x53, 0xca, 0x82, 0x27, 0x3b,
                                      0x7b, 0xfa, 0xd8, 0x04, 0x5d, 0x85, 0xa4, 0x70}};

// An account's leaf in the state trie (key keccak256(address)):
// rlp([nonce, balance, storage_root, code_hash]).
Bytes trie_account_rlp(uint64_t nonce, const U256& balance, const Hash& storage_root,
                       const Hash& code_hash);

// A storage slot's leaf in its account's storage trie (key keccak256(slot)):
// the RLP of the value's minimal big-endian bytes. Zero gives empty bytes,
// which the trie takes as "remove the slot" (zero slots are not stored).
Bytes trie_storage_value_rlp(const U256& value);

}  // namespace pel
