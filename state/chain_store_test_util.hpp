#pragma once
// Helpers shared by the chain store tests (header only: not part of pel_state):
// temporary data directories, a small genesis, and a reference model of the
// state whose root is computed from scratch.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include "core/genesis.hpp"
#include "crypto/keccak.hpp"
#include "state/chain_store.hpp"
#include "state/trie_builder.hpp"
#include "state/write_set.hpp"

namespace pel::store_test {

namespace fs = std::filesystem;

inline fs::path state_source_dir() {
  return fs::path(__FILE__).parent_path();
}

inline std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << "cannot open " << path;
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

inline Genesis parse_ok(const std::string& text) {
  auto genesis = parse_genesis(text);
  EXPECT_TRUE(genesis.ok()) << genesis.error().message;
  return genesis.ok() ? std::move(genesis).value() : Genesis{};
}

// A fresh directory per test, removed afterwards.
class TempDir {
 public:
  explicit TempDir(const std::string& suffix = "") {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::temp_directory_path() / ("pel_store_test_" + std::to_string(::getpid()) + "_" +
                                         info->test_suite_name() + "_" + info->name() + suffix);
    fs::remove_all(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string str() const { return path_.string(); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

inline ChainStore::Options fast_options() {
  ChainStore::Options options;
  options.database.sync_writes = false;  // tests do not survive power loss
  options.database.block_cache_bytes = 8 << 20;
  return options;
}

inline std::unique_ptr<ChainStore> open_ok(const std::string& dir,
                                           const ChainStore::Options& options = fast_options()) {
  auto store = ChainStore::open(dir, options);
  EXPECT_TRUE(store.ok()) << store.error().message;
  return store.ok() ? std::move(store).value() : nullptr;
}

inline Address address_of(uint64_t i) {
  Address address;
  for (int b = 0; b < 8; ++b) address.bytes[12 + b] = static_cast<uint8_t>(i >> (56 - 8 * b));
  address.bytes[0] = 0xaa;
  return address;
}
inline Hash slot_of(uint64_t i) {
  Hash slot;
  for (int b = 0; b < 8; ++b) slot.bytes[24 + b] = static_cast<uint8_t>(i >> (56 - 8 * b));
  return slot;
}

// The state as plain maps; its root is computed from scratch.
struct ModelAccount {
  uint64_t nonce = 0;
  U256 balance;
  Hash code_hash = kEmptyCodeHash;
  std::map<Hash, U256> storage;  // no zero values

  bool empty() const {
    return nonce == 0 && balance.is_zero() && code_hash == kEmptyCodeHash && storage.empty();
  }
};

struct Model {
  std::map<Address, ModelAccount> accounts;

  Hash storage_root(const ModelAccount& account) const {
    std::vector<TrieEntry> entries;
    for (const auto& [slot, value] : account.storage) {
      const Hash key = keccak256(slot.view());
      entries.push_back({Bytes(key.bytes.begin(), key.bytes.end()), trie_storage_value_rlp(value)});
    }
    return trie_root(std::move(entries)).value();
  }
  Hash state_root() const {
    std::vector<TrieEntry> entries;
    for (const auto& [address, account] : accounts) {
      const Hash key = keccak256(address.view());
      entries.push_back({Bytes(key.bytes.begin(), key.bytes.end()),
                         trie_account_rlp(account.nonce, account.balance, storage_root(account),
                                          account.code_hash)});
    }
    return trie_root(std::move(entries)).value();
  }

  // Applies a block's final values; touched accounts left empty disappear (EIP-161).
  void apply(const StateChanges& changes) {
    std::map<Address, bool> touched;
    for (const auto& [key, value] : changes.values) {
      ModelAccount& account = accounts[key.address];
      touched[key.address] = true;
      switch (key.field) {
        case StateField::kBalance:
          account.balance = value;
          break;
        case StateField::kNonce:
          account.nonce = value.low64();
          break;
        case StateField::kCodeHash:
          account.code_hash = value.is_zero() ? kEmptyCodeHash : code_hash_of_word(value);
          break;
        case StateField::kStorage:
          if (value.is_zero()) {
            account.storage.erase(key.slot);
          } else {
            account.storage[key.slot] = value;
          }
          break;
      }
    }
    for (const auto& [address, unused] : touched) {
      if (accounts[address].empty()) accounts.erase(address);
    }
  }

  U256 read(const StateKey& key) const {
    auto it = accounts.find(key.address);
    if (it == accounts.end()) return U256();
    const ModelAccount& account = it->second;
    switch (key.field) {
      case StateField::kBalance:
        return account.balance;
      case StateField::kNonce:
        return U256(account.nonce);
      case StateField::kCodeHash:
        return account.code_hash == kEmptyCodeHash ? U256() : code_hash_word(account.code_hash);
      case StateField::kStorage: {
        auto slot = account.storage.find(key.slot);
        return slot == account.storage.end() ? U256() : slot->second;
      }
    }
    return U256();
  }
};

// A small genesis: `accounts` funded accounts (address_of(i)), two with storage and
// code, one empty (geth keeps it in the genesis state).
inline Genesis small_genesis(size_t accounts = 20) {
  Genesis genesis;
  genesis.config.chain_id = 1337;
  genesis.config.london_block = 0;
  genesis.gas_limit = 30'000'000;
  for (size_t i = 0; i < accounts; ++i) {
    GenesisAccount account;
    account.balance = U256(1'000'000 + i);
    account.nonce = i % 3;
    genesis.alloc[address_of(i)] = account;
  }
  GenesisAccount& contract = genesis.alloc[address_of(1)];
  contract.code = {0x60, 0x00, 0x60, 0x00, 0xf3};
  contract.storage[slot_of(1)] = slot_of(7);
  contract.storage[slot_of(2)] = slot_of(0);  // zero: not stored
  genesis.alloc[address_of(2)].storage[slot_of(3)] = slot_of(9);
  genesis.alloc[address_of(9999)] = GenesisAccount{};  // empty
  return genesis;
}

inline Model model_of(const Genesis& genesis) {
  Model model;
  for (const auto& [address, alloc] : genesis.alloc) {
    ModelAccount account;
    account.nonce = alloc.nonce;
    account.balance = alloc.balance;
    if (!alloc.code.empty()) account.code_hash = keccak256(alloc.code);
    for (const auto& [slot, value] : alloc.storage) {
      U256 word = U256::from_be_bytes(value.view()).value();
      if (!word.is_zero()) account.storage[slot] = word;
    }
    model.accounts[address] = account;
  }
  return model;
}

// The next block's header fields that do not depend on its contents.
inline Block next_block(const ChainHead& head) {
  Block block;
  block.header.parent_hash = head.hash;
  block.header.number = head.number + 1;
  block.header.gas_limit = head.header.gas_limit;
  block.header.timestamp = head.header.timestamp + 12;
  block.header.base_fee_per_gas = head.header.base_fee_per_gas;
  block.header.withdrawals_root = head.header.withdrawals_root;
  if (head.header.withdrawals_root) block.body.withdrawals.emplace();
  return block;
}

// Commits `changes` as the next empty block, roots filled in.
inline Result<CommittedBlock> commit_changes(ChainStore& store, const StateChanges& changes) {
  return store.commit_block(next_block(*store.head()), {}, changes, RootsMode::kFill);
}

// Random final values over `pool` addresses: balances, nonces, code, storage,
// sometimes zeros, sometimes an account emptied completely.
inline StateChanges random_changes(std::mt19937_64& rng, const Model& model, size_t pool,
                                   size_t touches) {
  std::map<StateKey, U256> values;
  StateChanges changes;
  for (size_t t = 0; t < touches; ++t) {
    const Address address = address_of(rng() % pool);
    switch (rng() % 8) {
      case 0:
      case 1:
        values[StateKey::balance(address)] = rng() % 5 == 0 ? U256() : U256(rng(), rng() % 3, 0, 0);
        break;
      case 2:
        values[StateKey::nonce(address)] = U256(rng() % 4 == 0 ? 0 : rng() % 1000);
        break;
      case 3: {
        Bytes code(1 + rng() % 40);
        for (auto& byte : code) byte = static_cast<uint8_t>(rng());
        const Hash hash = keccak256(code);
        values[StateKey::code_hash(address)] = code_hash_word(hash);
        changes.code.push_back({hash, std::make_shared<const Bytes>(std::move(code))});
        break;
      }
      case 7: {  // empty the account: every field and slot to zero
        values[StateKey::balance(address)] = U256();
        values[StateKey::nonce(address)] = U256();
        values[StateKey::code_hash(address)] = U256();
        auto it = model.accounts.find(address);
        if (it != model.accounts.end()) {
          for (const auto& [slot, unused] : it->second.storage) {
            values[StateKey::storage(address, slot)] = U256();
          }
        }
        break;
      }
      default:
        values[StateKey::storage(address, slot_of(rng() % 10))] =
            rng() % 4 == 0 ? U256() : U256(rng() % 100000, rng() % 2 ? rng() : 0, 0, 0);
        break;
    }
  }
  for (const auto& [key, value] : values) changes.values.emplace_back(key, value);
  std::shuffle(changes.values.begin(), changes.values.end(), rng);
  return changes;
}

}  // namespace pel::store_test
