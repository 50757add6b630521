#pragma once
// JSON of transactions, receipts, logs and blocks in the shapes of the Ethereum
// execution API (the fields geth prints, hex quantities, null where a pending
// transaction has no block yet), so that ethers.js, viem and web3.js read them.

#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <vector>

#include "core/block.hpp"
#include "core/fixed_bytes.hpp"
#include "core/receipt.hpp"
#include "core/transaction.hpp"
#include "core/uint256.hpp"

namespace pel::rpc {

// Where a mined transaction sits.
struct TxnPosition {
  Hash block_hash;
  uint64_t block_number = 0;
  uint64_t index = 0;
  std::optional<U256> base_fee;  // the block's; absent before London
  uint64_t block_timestamp = 0;
};

// What a transaction actually paid per gas in its block: min(max fee, base fee + tip)
// under a base fee, its gas price before London.
U256 paid_gas_price(const Transaction& txn, const std::optional<U256>& base_fee);

// A transaction object. `position` absent: a pending transaction (blockHash,
// blockNumber and transactionIndex null, and gasPrice its max fee per gas).
nlohmann::json txn_json(const Transaction& txn, const Hash& hash, const Address& sender,
                        const std::optional<TxnPosition>& position);

// The address a creation by `sender` with `nonce` deploys to: keccak256(rlp([sender,
// nonce]))[12:].
Address created_address(const Address& sender, uint64_t nonce);

// One receipt of a block. `gas_used` is this transaction's own gas (cumulative minus the
// previous receipt's), `first_log_index` the index in the block of its first log.
struct ReceiptFacts {
  const Transaction& txn;
  const Hash& txn_hash;
  const Address& sender;
  const TxnPosition& position;
  uint64_t gas_used = 0;
  uint64_t first_log_index = 0;
};
nlohmann::json receipt_json(const Receipt& receipt, const ReceiptFacts& facts);

// The receipts of a whole block (eth_getBlockReceipts), from its transactions, their
// hashes and senders.
nlohmann::json block_receipts_json(std::span<const Receipt> receipts,
                                   std::span<const Transaction> txns, std::span<const Hash> hashes,
                                   std::span<const Address> senders, const Hash& block_hash,
                                   const BlockHeader& header);

// A block object. With `senders` (one per transaction), "transactions" holds full
// transaction objects; without, their hashes.
struct BlockFacts {
  const BlockHeader& header;
  const Hash& hash;
  const BlockBody& body;
  std::span<const Hash> txn_hashes;
  const std::vector<Address>* senders = nullptr;
  U256 total_difficulty;
};
nlohmann::json block_json(const BlockFacts& facts);

// The quantity form of an access list: [{address, storageKeys}].
nlohmann::json access_list_json(const std::vector<AccessListEntry>& access_list);

}  // namespace pel::rpc
