#pragma once
// The chain the crash writer builds: a fixed genesis and a deterministic block
// for every number, so that the test can recompute what any committed block
// must hold. Shared by the writer and the test (header only).

#include <random>

#include "core/genesis.hpp"
#include "crypto/keccak.hpp"
#include "state/chain_store.hpp"

namespace pel::crash {

inline constexpr uint64_t kAccounts = 500;

inline Address account(uint64_t i) {
  Address address;
  address.bytes[0] = 0xcc;
  for (int b = 0; b < 8; ++b) address.bytes[12 + b] = static_cast<uint8_t>(i >> (56 - 8 * b));
  return address;
}

inline Genesis genesis() {
  Genesis genesis;
  genesis.config.chain_id = 4242;
  genesis.config.london_block = 0;
  genesis.gas_limit = 30'000'000;
  for (uint64_t i = 0; i < kAccounts; ++i) genesis.alloc[account(i)].balance = U256(1'000'000 + i);
  return genesis;
}

struct BlockContents {
  Block block;
  std::vector<Receipt> receipts;
  StateChanges changes;
};

// Block `head.number + 1`: a few transactions and receipts, balances, nonces
// and storage slots of random accounts (random from the block number).
inline BlockContents next_block(const ChainHead& head) {
  const uint64_t number = head.number + 1;
  std::mt19937_64 rng(number * 7919);
  BlockContents contents;
  BlockHeader& header = contents.block.header;
  header.parent_hash = head.hash;
  header.number = number;
  header.gas_limit = head.header.gas_limit;
  header.timestamp = head.header.timestamp + 1;
  header.base_fee_per_gas = head.header.base_fee_per_gas;
  const size_t txns = 1 + rng() % 4;
  for (size_t i = 0; i < txns; ++i) {
    Transaction txn;
    txn.type = TxnType::kDynamicFee;
    txn.chain_id = 4242;
    txn.nonce = number;
    txn.max_fee_per_gas = U256(1);
    txn.gas_limit = 21000;
    txn.to = account(rng() % kAccounts);
    txn.value = U256(number);
    txn.r = U256(number);
    txn.s = U256(i + 1);
    contents.block.body.transactions.push_back(txn);
    Receipt receipt;
    receipt.type = TxnType::kDynamicFee;
    receipt.success = true;
    receipt.cumulative_gas_used = 21000 * (i + 1);
    contents.receipts.push_back(receipt);
  }
  std::map<StateKey, U256> values;
  for (int t = 0; t < 200; ++t) {
    const Address address = account(rng() % (kAccounts + 50));  // some new accounts
    switch (rng() % 3) {
      case 0:
        values[StateKey::balance(address)] = U256(rng() % 1'000'000);
        break;
      case 1:
        values[StateKey::nonce(address)] = U256(number);
        break;
      default: {
        Hash slot;
        slot.bytes[31] = static_cast<uint8_t>(rng() % 16);
        values[StateKey::storage(address, slot)] = U256(rng() % 3 == 0 ? 0 : rng());
        break;
      }
    }
  }
  for (const auto& [key, value] : values) contents.changes.values.emplace_back(key, value);
  return contents;
}

}  // namespace pel::crash
