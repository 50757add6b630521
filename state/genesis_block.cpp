#include "state/genesis_block.hpp"

#include <algorithm>

#include "crypto/keccak.hpp"
#include "crypto/sha256.hpp"
#include "state/trie_builder.hpp"

namespace pel {

namespace {

Bytes hash_bytes(const Hash& hash) {
  return Bytes(hash.bytes.begin(), hash.bytes.end());
}

Result<Hash> storage_root(const GenesisAccount& account, TrieNodeBatch* nodes) {
  std::vector<TrieEntry> entries;
  for (const auto& [slot, value] : account.storage) {
    auto word = U256::from_be_bytes(value.view());
    if (!word) return word.error();
    Bytes rlp = trie_storage_value_rlp(*word);
    if (rlp.empty()) continue;  // zero slots are not stored
    entries.push_back({hash_bytes(keccak256(slot.view())), std::move(rlp)});
  }
  std::sort(entries.begin(), entries.end(), TrieKeyLess{});
  return trie_root_from_sorted(entries, nodes);
}

}  // namespace

Result<GenesisState> build_genesis_state(const Genesis& genesis, bool collect_nodes) {
  GenesisState state;
  TrieNodeBatch* nodes = collect_nodes ? &state.nodes : nullptr;
  state.accounts.reserve(genesis.alloc.size());
  std::vector<TrieEntry> entries;
  entries.reserve(genesis.alloc.size());
  for (const auto& [address, alloc] : genesis.alloc) {
    Account account;
    account.nonce = alloc.nonce;
    account.balance = alloc.balance;
    if (!alloc.code.empty()) account.code_hash = keccak256(alloc.code);
    if (!alloc.storage.empty()) {
      auto root = storage_root(alloc, nodes);
      if (!root)
        return make_error("genesis account " + address.hex() + ": " + root.error().message);
      account.storage_root = *root;
    }
    entries.push_back({hash_bytes(keccak256(address.view())), account.trie_rlp()});
    state.accounts.emplace_back(address, account);
  }
  std::sort(entries.begin(), entries.end(), TrieKeyLess{});
  auto root = trie_root_from_sorted(entries, nodes);
  if (!root) return root.error();
  state.state_root = *root;
  return state;
}

BlockHeader make_genesis_header(const Genesis& genesis, const Hash& state_root) {
  BlockHeader header;
  header.parent_hash = genesis.parent_hash;
  header.ommers_hash = kEmptyOmmersHash;
  header.beneficiary = genesis.coinbase;
  header.state_root = state_root;
  header.transactions_root = kEmptyTrieRoot;
  header.receipts_root = kEmptyTrieRoot;
  header.difficulty = genesis.difficulty;
  header.number = genesis.number;
  header.gas_limit = genesis.header_gas_limit();
  header.gas_used = genesis.gas_used;
  header.timestamp = genesis.timestamp;
  header.extra_data = genesis.extra_data;
  header.mix_hash = genesis.mix_hash;
  for (int i = 0; i < 8; ++i)
    header.nonce.bytes[i] = static_cast<uint8_t>(genesis.nonce >> (56 - 8 * i));

  // Fork fields: each is present only if every earlier one is (the header's layout
  // is a prefix of the fork order), which the chain config's fork order ensures.
  header.base_fee_per_gas = genesis.header_base_fee();
  const ChainConfig& config = genesis.config;
  if (config.is_shanghai(genesis.timestamp)) header.withdrawals_root = kEmptyTrieRoot;
  if (config.is_cancun(genesis.timestamp)) {
    header.blob_gas_used = genesis.blob_gas_used.value_or(0);
    header.excess_blob_gas = genesis.excess_blob_gas.value_or(0);
    header.parent_beacon_block_root = Hash{};
  }
  if (config.is_prague(genesis.timestamp)) header.requests_hash = sha256({});
  return header;
}

BlockBody make_genesis_body(const Genesis& genesis) {
  BlockBody body;
  if (genesis.config.is_shanghai(genesis.timestamp)) body.withdrawals.emplace();
  return body;
}

}  // namespace pel
