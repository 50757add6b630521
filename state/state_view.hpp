#pragma once
// The narrow, read-only window through which a VM sees state, and the interface a
// state store implements (the in-memory state here, RocksDB in state/).
//
// Contract for implementations:
//  - const reads are safe from many threads at once: the parallel executor calls them
//    concurrently from its workers;
//  - a view is a fixed snapshot for as long as a block executes;
//  - reads cannot fail. A store that meets an I/O error cannot produce a consensus
//    result; it records the error where its owner checks it after the block (or
//    aborts), and returns zero meanwhile.
//
// During parallel execution, a read may find that a lower transaction's value is not
// known yet. The view then returns an arbitrary value and the executor throws the
// execution away, so a VM must accept any value without crashing (it must anyway:
// state is input) and must stay bounded (gas).

#include <cstdint>
#include <memory>
#include <span>

#include "core/bytes.hpp"
#include "core/uint256.hpp"
#include "state/state_key.hpp"

namespace pel {

// Code is content-addressed and immutable, so it is shared, never copied.
using CodePtr = std::shared_ptr<const Bytes>;

// Converts between a code hash and the word a kCodeHash key holds.
inline U256 code_hash_word(const Hash& hash) {
  U256 word;
  for (size_t i = 0; i < 4; ++i) {
    uint64_t limb = 0;
    for (size_t j = 0; j < 8; ++j) limb = (limb << 8) | hash.bytes[(3 - i) * 8 + j];
    word.limbs[i] = limb;
  }
  return word;
}
inline Hash code_hash_of_word(const U256& word) {
  Hash hash;
  word.to_be_bytes(hash.data());
  return hash;
}

// An account's fields as words, as read() gives them.
struct AccountWords {
  U256 balance;
  U256 nonce;
  U256 code_hash;
};

class StateView {
 public:
  virtual ~StateView() = default;

  // The word stored under `key`; zero when absent.
  virtual U256 read(const StateKey& key) const = 0;

  // The code whose hash is `code_hash`; null when unknown. Code is looked up by hash
  // (immutable content), so these lookups are not conflicts. The zero hash is "no code".
  virtual CodePtr code(const Hash& code_hash) const = 0;

  // A hint that the accounts at `addresses` are about to be read: a store may load
  // their records in one batch (and from several threads at once). Never needed for
  // a correct result; the default does nothing.
  virtual void prefetch_accounts(std::span<const Address> /*addresses*/) const {}

  // read() of the account's balance, nonce and code hash at once: a store that keeps
  // accounts as records answers with one lookup instead of three.
  virtual AccountWords read_account(const Address& address) const {
    return {read(StateKey::balance(address)), read(StateKey::nonce(address)),
            read(StateKey::code_hash(address))};
  }

  U256 balance(const Address& address) const { return read(StateKey::balance(address)); }
  // Nonces are 64-bit (EIP-2681); the word's higher limbs are always zero.
  uint64_t nonce(const Address& address) const { return read(StateKey::nonce(address)).low64(); }
  Hash code_hash(const Address& address) const {
    return code_hash_of_word(read(StateKey::code_hash(address)));
  }
  U256 storage(const Address& address, const Hash& slot) const {
    return read(StateKey::storage(address, slot));
  }
};

}  // namespace pel
