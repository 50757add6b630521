#pragma once
// Helpers for the pool's tests and benchmarks: accounts held in a map, deterministic
// keys, and signed transactions built from a few fields. No GoogleTest dependency, so
// the benchmark uses them too.

#include <cassert>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "core/transaction.hpp"
#include "crypto/secp256k1.hpp"
#include "crypto/txn_crypto.hpp"
#include "node/txpool.hpp"

namespace pel::txpool_test {

inline constexpr uint64_t kGwei = 1'000'000'000;

// AccountReader over a map; safe to update while the pool reads it.
class MapAccounts : public AccountReader {
 public:
  TxPoolAccount account(const Address& address) const override {
    std::lock_guard lock(mutex_);
    auto found = accounts_.find(address);
    return found == accounts_.end() ? TxPoolAccount{} : found->second;
  }
  void set(const Address& address, uint64_t nonce, const U256& balance) {
    std::lock_guard lock(mutex_);
    accounts_[address] = TxPoolAccount{nonce, balance};
  }
  void set_nonce(const Address& address, uint64_t nonce) {
    std::lock_guard lock(mutex_);
    accounts_[address].nonce = nonce;
  }

 private:
  mutable std::mutex mutex_;
  std::unordered_map<Address, TxPoolAccount> accounts_;
};

// The i-th test key: a fixed non-trivial prefix and the index in the low bytes.
inline PrivateKey test_key(uint32_t index) {
  PrivateKey key;
  key.bytes[0] = 0x4b;
  key.bytes[28] = static_cast<uint8_t>(index >> 24);
  key.bytes[29] = static_cast<uint8_t>(index >> 16);
  key.bytes[30] = static_cast<uint8_t>(index >> 8);
  key.bytes[31] = static_cast<uint8_t>(index + 1);
  return key;
}

inline Address address_of_key(const PrivateKey& key) {
  auto address = address_of(key);
  assert(address.ok());
  return *address;
}

struct TxnSpec {
  uint64_t nonce = 0;
  U256 tip = 1 * kGwei;      // max_priority_fee_per_gas (legacy: ignored)
  U256 max_fee = 2 * kGwei;  // max_fee_per_gas (legacy: the gas price)
  uint64_t gas = 21'000;
  U256 value = 1;
  std::optional<uint64_t> chain_id = 1;
  TxnType type = TxnType::kDynamicFee;
  Bytes data;
  bool create = false;
};

inline Transaction signed_txn(const PrivateKey& key, const TxnSpec& spec) {
  Transaction txn;
  txn.type = spec.type;
  txn.chain_id = spec.chain_id;
  txn.nonce = spec.nonce;
  if (spec.type == TxnType::kDynamicFee) {
    txn.max_priority_fee_per_gas = spec.tip;
    txn.max_fee_per_gas = spec.max_fee;
  } else {
    txn.max_priority_fee_per_gas = spec.max_fee;
    txn.max_fee_per_gas = spec.max_fee;
  }
  txn.gas_limit = spec.gas;
  if (!spec.create) {
    Address to;
    to.bytes[19] = 0xee;
    txn.to = to;
  }
  txn.value = spec.value;
  txn.data = spec.data;
  [[maybe_unused]] Status signed_ok = sign_transaction(txn, key);
  assert(signed_ok.ok());
  return txn;
}

inline Bytes signed_raw(const PrivateKey& key, const TxnSpec& spec) {
  return encode_transaction(signed_txn(key, spec));
}

}  // namespace pel::txpool_test
