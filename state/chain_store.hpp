#pragma once
// Pel's chain and state store on RocksDB: the flat state, the state tries, the
// canonical chain with its bodies and receipts, and per-block change sets.
//
// Every block is committed in one atomic WriteBatch that also moves the head
// pointer, so after a crash the database is at the last fully committed block.
// The batch carries the block's trie nodes as one journal record, which a
// background thread then spreads into kTrieNodes (trie_journal_applier.hpp).
// The account trie stays in memory between blocks (its upper levels; deeper ones
// are reloaded from kTrieNodes as blocks touch them), so a block rehashes only the
// paths it changed. State roots, transactions and receipts roots are Ethereum's.
//
// Threads: one writer (commit_block, rollback_to, init_genesis are serialized by
// the store); any number of readers at the same time. Readers see whole blocks:
// head_state() pins a snapshot, and head() changes only after a block's batch has
// been written.
//
// Layout of the columns: state/schema.hpp and state/README.md.

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/block.hpp"
#include "core/genesis.hpp"
#include "core/receipt.hpp"
#include "core/result.hpp"
#include "state/account.hpp"
#include "state/database.hpp"
#include "state/flat_state_view.hpp"
#include "state/schema.hpp"
#include "state/trie.hpp"
#include "state/trie_node_cache.hpp"
#include "state/trie_node_db.hpp"
#include "state/write_set.hpp"

namespace pel {

struct ChainHead {
  uint64_t number = 0;
  Hash hash;
  BlockHeader header;
};

// How commit_block treats the header's derived fields: state root, transactions
// root, receipts root, withdrawals root (when the body has withdrawals), logs
// bloom and gas used.
enum class RootsMode {
  kFill,   // the block producer: computed values are written into the header
  kCheck,  // import and replay: the header's values must equal the computed ones
};

struct CommitTimings {
  double state_read_ms = 0;  // previous account records and slot values
  double state_root_ms = 0;  // storage tries, account trie, state root
  // Transactions/receipts/withdrawals roots, bloom and hashes run beside the state
  // root: block_roots_ms is the wait for them after it (plus the header hash),
  // block_roots_cpu_ms their own duration.
  double block_roots_ms = 0;
  double block_roots_cpu_ms = 0;
  double batch_ms = 0;  // encoding records into the write batch
  double write_ms = 0;  // writing the batch (WAL fsync) and unloading the trie
  // Trie nodes are moved from a block's journal by a background thread after
  // its commit returned: how long the last move before this commit's write
  // took (0 before the first), and how long this commit waited for it (part
  // of write_ms).
  double previous_trie_move_ms = 0;
  double trie_move_wait_ms = 0;
};

struct CommittedBlock {
  BlockHeader header;  // as written
  Hash hash;
  CommitTimings timings;
};

struct GenesisInit {
  BlockHeader header;
  Hash hash;
  bool created = false;  // false: the database already held this genesis
};

struct StateVerification {
  uint64_t number = 0;
  Hash state_root;  // recomputed from the flat state; equals the head header's
  size_t accounts = 0;
  size_t slots = 0;
};

struct ChainStoreOptions {
  Database::Options database;
  // Levels of the account trie kept in memory between blocks. Deeper nodes are
  // dropped after each commit and reloaded when a block touches them. 5 keeps
  // every branch of a million-account trie (about 70 MB) and reloads leaves;
  // kWholeTrie keeps every node a block has loaded.
  static constexpr size_t kWholeTrie = 66;  // no path is longer: 64 nibbles + a leaf
  size_t resident_trie_depth = 5;
  // Build the account trie from the flat state when the store opens (checking it
  // against the head's state root), rather than loading paths as blocks touch
  // them. With kWholeTrie, blocks then never read trie nodes from the database,
  // at the cost of holding the whole account trie in memory.
  bool preload_account_trie = false;
};

struct ChainVerification {
  uint64_t genesis = 0;  // the lowest canonical block
  uint64_t head = 0;
};

class ChainStore {
 public:
  using Options = ChainStoreOptions;

  // Opens the store in `datadir`, creating an empty database if there is none. An
  // empty store has no head until init_genesis. Errors name the problem: a
  // directory that is not Pel's, a corrupted or in-use database, a database whose
  // head block is missing.
  static Result<std::unique_ptr<ChainStore>> open(const std::string& datadir,
                                                  const Options& options = {});
  // open() then init_genesis(): what a node's start calls.
  static Result<std::unique_ptr<ChainStore>> open_with_genesis(const std::string& datadir,
                                                               const Genesis& genesis,
                                                               const Options& options = {});
  ~ChainStore();

  // Writes the genesis block and its state (geth's rules for the header), or, when
  // the store already holds a chain, checks that its genesis is this one: a
  // different genesis is an error that names both hashes.
  Result<GenesisInit> init_genesis(const Genesis& genesis);

  // The last committed block; nullopt before genesis.
  std::optional<ChainHead> head() const;
  // The state after the head block, pinned at a snapshot; null before genesis.
  std::unique_ptr<FlatStateView> head_state() const;

  // Commits the next block: `block` must extend the head (number head + 1, parent
  // the head's hash), `receipts` are its transactions' receipts in order (their
  // blooms are recomputed from their logs), `changes` the final value of every
  // state key the block wrote (the executor's StateChanges) and the code it
  // deployed. Accounts the block leaves empty are removed (EIP-161).
  // In kCheck mode a mismatch writes nothing and names the field. On any error the
  // store is left at the previous head.
  // `executed_on`, when given, is the view the block was executed against: its
  // cached account records spare the commit reading them again (ignored unless
  // it is at the head).
  // `seal`, in kFill mode, runs on the header once its roots are filled and before
  // it is hashed: the block producer signs it there (clique). Its error aborts the
  // commit.
  using HeaderSealer = std::function<Status(BlockHeader&)>;
  Result<CommittedBlock> commit_block(Block block, std::vector<Receipt> receipts,
                                      const StateChanges& changes, RootsMode mode,
                                      const FlatStateView* executed_on = nullptr,
                                      const HeaderSealer& seal = {});

  // Undoes blocks head..number+1 from their change sets, newest first, each in one
  // atomic batch. Blocks stay readable by hash; they leave the canonical chain and
  // the transaction index.
  Status rollback_to(uint64_t number);

  // Recomputes the head's state root from the flat state alone (every account and
  // storage slot, built with trie_root_from_sorted) and compares it, and every
  // account's storage root, with what is recorded. An error names the mismatch.
  Result<StateVerification> verify_head_state() const;
  // Checks the canonical chain from genesis to the head: every block has its
  // canonical entry, a header with that number whose hash it is and whose parent
  // is the block before, a body, receipts (one per transaction) and, above the
  // genesis, a change set; nothing canonical lies above the head.
  Result<ChainVerification> verify_canonical_chain() const;

  // ---- Chain reads (nullopt: not found) ----
  Result<std::optional<Hash>> canonical_hash(uint64_t number) const;
  Result<std::optional<BlockHeader>> header_by_hash(const Hash& hash) const;
  Result<std::optional<BlockHeader>> header_by_number(uint64_t number) const;
  Result<std::optional<BlockBody>> body_by_hash(const Hash& hash) const;
  Result<std::optional<std::vector<Receipt>>> receipts_by_hash(const Hash& hash) const;
  // Where a canonical transaction is: block number and index.
  Result<std::optional<schema::TxnLocation>> txn_location(const Hash& txn_hash) const;

  // ---- State at any canonical block, through the state trie at its root ----
  // (eth_getBalance / eth_getTransactionCount / eth_getStorageAt / eth_getCode with
  // a block number). An unknown block number is an error.
  Result<std::optional<Account>> account_at(uint64_t number, const Address& address) const;
  Result<U256> storage_at(uint64_t number, const Address& address, const Hash& slot) const;
  // Code by hash (kEmptyCodeHash or zero: empty code; unknown: null).
  Result<CodePtr> code_by_hash(const Hash& code_hash) const;

  const Database& database() const { return *db_; }

 private:
  explicit ChainStore(std::unique_ptr<Database> db, const Options& options);
  Status load_head();
  void set_head(ChainHead head);
  void reset_account_trie();
  Status preload_account_trie();
  Result<Hash> state_root_at(uint64_t number) const;
  Status rollback_one(const ChainHead& head);

  Options options_;
  std::shared_ptr<Database> db_;  // shared with the head_state() views
  // Moves each block's journaled trie nodes into place; stopped before db_ closes.
  TrieJournalApplier trie_journal_;
  DatabaseTrieNodes trie_nodes_;

  // Held by the writer for a whole commit, rollback or genesis init.
  std::mutex write_mutex_;
  // The account trie at the head's state root (only the writer touches it), and
  // the nodes it loaded during the current commit.
  CachingTrieNodes account_trie_nodes_;
  Trie account_trie_;
  // Every node of account_trie_ is in memory (preloaded, never unloaded): the
  // commit skips looking paths up before updating them.
  bool account_trie_fully_loaded_ = false;

  mutable std::mutex head_mutex_;
  std::shared_ptr<const ChainHead> head_;
};

}  // namespace pel
