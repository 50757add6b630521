#pragma once
// What the eth_ methods share: the context the node gave them, and the lookups that
// turn block parameters (numbers, tags, hashes, EIP-1898 objects) into blocks and
// states, with geth's errors. Thread-safe: every method may run on any RPC thread.
//
// Tags: this is a single-signer chain whose blocks are final when sealed, so "safe",
// "finalized" and "pending" all name the head ("pending" has no block of its own:
// the pool's transactions are not executed ahead of their block).

#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "core/block.hpp"
#include "core/receipt.hpp"
#include "core/result.hpp"
#include "rpc/error.hpp"
#include "rpc/eth_backend.hpp"
#include "rpc/eth_block_state.hpp"
#include "rpc/params.hpp"

namespace pel::rpc {

struct BlockRef {
  BlockHeader header;
  Hash hash;
};

class EthReader {
 public:
  explicit EthReader(EthContext context);

  const EthContext& context() const { return context_; }
  const ChainStore& chain() const { return *context_.chain; }

  // The head; an error only before genesis (never in a running node).
  Result<ChainHead> head() const;

  // The block a number or tag names; nullopt when there is none (above the head).
  Result<std::optional<BlockRef>> find_block(const BlockNumberOrTag& block) const;
  // Any stored block by hash, canonical or not.
  Result<std::optional<BlockRef>> find_block(const Hash& hash) const;
  // A BlockId; with requireCanonical a side block counts as not found.
  Result<std::optional<BlockRef>> find_block(const BlockId& block) const;

  // The canonical block whose state a state method reads, or geth's errors:
  // "header not found" (a number above the head), "header for hash not found",
  // "hash is not currently canonical".
  Result<BlockRef> state_block(const BlockId& block) const;
  Result<std::unique_ptr<EthBlockState>> state_at(const BlockId& block) const;
  Result<std::unique_ptr<EthBlockState>> state_at(const BlockRef& block) const;

  // A stored block's body and receipts; missing ones are errors (the store keeps
  // them for every block it has a header of).
  Result<BlockBody> body(const BlockRef& block) const;
  Result<std::vector<Receipt>> receipts(const BlockRef& block) const;

  // The sum of the difficulties from genesis to `block` (geth's totalDifficulty).
  // Checkpoints every kTdCheckpoint blocks keep it cheap on long chains.
  Result<U256> total_difficulty(const BlockRef& block) const;

  static std::vector<Hash> txn_hashes(std::span<const Transaction> txns);
  // The signers of a block's transactions (recovered in parallel).
  static Result<std::vector<Address>> senders(std::span<const Transaction> txns);

  static constexpr uint64_t kTdCheckpoint = 256;

 private:
  Result<bool> is_canonical(const BlockRef& block) const;

  EthContext context_;
  mutable std::mutex td_mutex_;
  // Block hash -> total difficulty: checkpoints (kept) and recent blocks (dropped
  // when there are too many).
  mutable std::unordered_map<Hash, U256> td_checkpoints_;
  mutable std::unordered_map<Hash, U256> td_recent_;
};

// Errors of the store and of block lookups reach clients as -32000 with their message.
inline RpcError rpc_error(const Error& error) {
  return server_error(error.message);
}

}  // namespace pel::rpc
