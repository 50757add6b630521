#pragma once
// An account as the state trie sees it: nonce, balance, code hash and the root of
// its storage trie. The flat state stores one record per account (state/schema.hpp);
// the account trie stores its RLP under keccak256(address).

#include <cstdint>

#include "core/fixed_bytes.hpp"
#include "core/uint256.hpp"
#include "state/trie_node_store.hpp"
#include "state/trie_values.hpp"

namespace pel {

struct Account {
  uint64_t nonce = 0;
  U256 balance;
  Hash code_hash = kEmptyCodeHash;
  Hash storage_root = kEmptyTrieRoot;

  // EIP-161: no nonce, no balance, no code. An account that ends a block like this
  // (and with empty storage) is removed from the state.
  bool empty() const {
    return nonce == 0 && balance.is_zero() && code_hash == kEmptyCodeHash &&
           storage_root == kEmptyTrieRoot;
  }
  Bytes trie_rlp() const { return trie_account_rlp(nonce, balance, storage_root, code_hash); }

  friend bool operator==(const Account&, const Account&) = default;
};

}  // namespace pel
