#pragma once
// Block 0 from a genesis file, by geth's rules: the state from `alloc`, the
// header from the file's fields with geth's defaults, and the fields each fork
// active at the genesis adds (London: base fee; Shanghai: withdrawals root;
// Cancun: blob gas fields and a zero parent beacon root; Prague: requests hash).

#include <utility>
#include <vector>

#include "core/block.hpp"
#include "core/genesis.hpp"
#include "core/result.hpp"
#include "state/account.hpp"
#include "state/trie_node_store.hpp"

namespace pel {

struct GenesisState {
  Hash state_root;
  // Every account of `alloc`, sorted by address, with its storage root and code
  // hash. Like geth, accounts that are empty stay (EIP-161 removes only accounts
  // a transaction touches).
  std::vector<std::pair<Address, Account>> accounts;
  // The nodes of the account trie and of every storage trie (when asked for).
  TrieNodeBatch nodes;
};

Result<GenesisState> build_genesis_state(const Genesis& genesis, bool collect_nodes);

BlockHeader make_genesis_header(const Genesis& genesis, const Hash& state_root);
BlockBody make_genesis_body(const Genesis& genesis);

}  // namespace pel
