#pragma once
// How the chain store lays records out in its RocksDB columns (the table in
// state/README.md). Every encoding here is fixed-width big-endian or RLP, so keys
// sort the way the store walks them: block numbers in order, storage grouped by
// account.

#include <array>
#include <optional>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "core/fixed_bytes.hpp"
#include "core/receipt.hpp"
#include "core/result.hpp"
#include "core/uint256.hpp"
#include "state/account.hpp"
#include "state/trie_node_store.hpp"

namespace pel::schema {

// kAccounts: address(20) -> nonce(8 BE) || balance(32) || code_hash(32) || storage_root(32).
inline constexpr size_t kAccountRecordSize = 8 + 32 + 32 + 32;
Bytes encode_account(const Account& account);
Result<Account> decode_account(BytesView record);

// kStorage: address(20) || slot(32) -> the value's minimal big-endian bytes. Zero
// values are not stored.
inline constexpr size_t kStorageKeySize = 20 + 32;
using StorageKey = std::array<uint8_t, kStorageKeySize>;
StorageKey storage_key(const Address& address, const Hash& slot);
Bytes encode_slot_value(const U256& value);  // empty for zero
Result<U256> decode_slot_value(BytesView value);

// kCanonical and kChangeSets: block number, 8 bytes big-endian.
using NumberKey = std::array<uint8_t, 8>;
NumberKey number_key(uint64_t number);
Result<uint64_t> decode_number(BytesView bytes);

// kMeta "head": number(8 BE) || hash(32), written in the batch of every block.
inline constexpr std::string_view kHeadKey = "head";
// kMeta "genesis": the hash of the genesis block whose state an unfinished
// `init` was writing (large genesis states take several batches).
inline constexpr std::string_view kGenesisInitKey = "genesis-init";
// kMeta "trie-journal" || number(8 BE): the trie nodes block `number` created, written
// in the block's batch as repeated hash(32) || length(4 BE) || node RLP. A background
// thread then copies them into kTrieNodes and deletes the record in one batch;
// opening the store finishes any record a stopped process left (TrieJournalApplier).
inline constexpr std::string_view kTrieJournalPrefix = "trie-journal";
Bytes trie_journal_key(uint64_t number);
Bytes encode_trie_journal(const TrieNodeBatch& nodes);
Result<TrieNodeBatch> decode_trie_journal(BytesView value);

struct HeadPointer {
  uint64_t number = 0;
  Hash hash;
};
Bytes encode_head(const HeadPointer& head);
Result<HeadPointer> decode_head(BytesView value);

// kTxIndex: txn hash -> block number(8 BE) || position in the block(4 BE).
struct TxnLocation {
  uint64_t block_number = 0;
  uint32_t index = 0;
  friend bool operator==(const TxnLocation&, const TxnLocation&) = default;
};
Bytes encode_txn_location(const TxnLocation& location);
Result<TxnLocation> decode_txn_location(BytesView value);

// kReceipts: block hash -> rlp([encode_receipt(r0), encode_receipt(r1), ...]), each
// receipt an RLP string holding its trie encoding (typed receipts start with the type).
Bytes encode_receipts(const std::vector<Receipt>& receipts);
Result<std::vector<Receipt>> decode_receipts(BytesView value);

}  // namespace pel::schema
