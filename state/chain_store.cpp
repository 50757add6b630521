// ChainStore: opening, the head, and reads of the chain and of historical state.
// Commit, rollback, genesis and verification live in chain_store_*.cpp.

#include "state/chain_store.hpp"

#include <filesystem>

#include "core/rlp.hpp"
#include "crypto/header_hash.hpp"
#include "crypto/keccak.hpp"
#include "state/store_parallel.hpp"
#include "state/trie_builder.hpp"

namespace pel {

ChainStore::ChainStore(std::unique_ptr<Database> db, const Options& options)
    : options_(options),
      db_(std::move(db)),
      trie_journal_(*db_),
      trie_nodes_(*db_, &trie_journal_),
      account_trie_nodes_(trie_nodes_),
      account_trie_(&account_trie_nodes_) {}

ChainStore::~ChainStore() = default;

namespace {

// RocksDB creates a database in several steps (files, then column families, then
// Pel's schema marker): a process killed in between leaves a directory that is
// neither empty nor a complete Pel database. So a new database is created in a
// sibling directory and renamed into place once complete; an interrupted
// creation leaves only that sibling, which the next attempt removes.
Status create_database(const std::string& datadir, const Database::Options& options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path target(datadir);
  if (fs::exists(target, ec) && (!fs::is_directory(target, ec) || !fs::is_empty(target, ec))) {
    return {};  // not a new database: Database::open reports what it is
  }
  fs::path staging = target;
  staging += ".creating";
  fs::remove_all(staging, ec);
  {
    auto db = Database::open(staging.string(), options);
    if (!db) return db.error();
  }
  fs::rename(staging, target, ec);  // replaces an empty directory
  if (ec) return make_error("cannot create the database in " + datadir + ": " + ec.message());
  return {};
}

}  // namespace

Result<std::unique_ptr<ChainStore>> ChainStore::open(const std::string& datadir,
                                                     const Options& options) {
  if (options.database.create_if_missing) PEL_TRY(create_database(datadir, options.database));
  auto db = Database::open(datadir, options.database);
  if (!db) return db.error();
  PEL_TRY(apply_trie_journals(**db));
  std::unique_ptr<ChainStore> store(new ChainStore(std::move(*db), options));
  PEL_TRY(store->load_head());
  return store;
}

Result<std::unique_ptr<ChainStore>> ChainStore::open_with_genesis(const std::string& datadir,
                                                                  const Genesis& genesis,
                                                                  const Options& options) {
  auto store = open(datadir, options);
  if (!store) return store.error();
  auto init = (*store)->init_genesis(genesis);
  if (!init) return init.error();
  return store;
}

Status ChainStore::load_head() {
  auto raw = db_->get(Column::kMeta, as_view(schema::kHeadKey));
  if (!raw) return raw.error();
  if (!raw->has_value()) return {};  // no genesis yet
  auto pointer = schema::decode_head(**raw);
  if (!pointer) return pointer.error();
  auto header = header_by_hash(pointer->hash);
  if (!header) return header.error();
  if (!header->has_value()) {
    return make_error("database in " + db_->path() + " is corrupted: head block " +
                      std::to_string(pointer->number) + " (" + pointer->hash.hex() +
                      ") has no header");
  }
  if ((*header)->number != pointer->number) {
    return make_error("database in " + db_->path() + " is corrupted: head pointer says block " +
                      std::to_string(pointer->number) + ", its header says " +
                      std::to_string((*header)->number));
  }
  set_head(ChainHead{pointer->number, pointer->hash, std::move(**header)});
  reset_account_trie();
  if (options_.preload_account_trie) PEL_TRY(preload_account_trie());
  return {};
}

Status ChainStore::preload_account_trie() {
  std::vector<std::pair<Address, Account>> accounts;
  std::optional<Error> error;
  PEL_TRY(db_->for_each(Column::kAccounts, {}, [&](BytesView key, BytesView value) {
    auto account = schema::decode_account(value);
    if (key.size() != 20 || !account) {
      error = make_error("corrupted account record under key " + to_hex(key));
      return false;
    }
    accounts.emplace_back(Address::from_view(key), *account);
    return true;
  }));
  if (error) return *error;
  std::vector<TrieEntry> leaves(accounts.size());
  store_detail::parallel_for_each_index(accounts.size(), [&](size_t i) {
    const Hash key = keccak256(accounts[i].first.view());
    leaves[i] = {Bytes(key.bytes.begin(), key.bytes.end()), accounts[i].second.trie_rlp()};
  });
  accounts = {};
  std::sort(leaves.begin(), leaves.end(), TrieKeyLess{});
  auto trie = Trie::from_sorted(leaves, &account_trie_nodes_);
  if (!trie) return trie.error();
  leaves = {};
  // Every node of a trie whose root the head names is in the database already:
  // the batch commit() hands out is not written again.
  (void)trie->commit();
  const Hash root = trie->root_hash();
  if (root != head_->header.state_root) {
    return make_error("database in " + db_->path() + ": the flat state gives state root " +
                      root.hex() + ", the head block has " + head_->header.state_root.hex() +
                      " (run pel verify)");
  }
  account_trie_ = std::move(*trie);
  if (options_.resident_trie_depth < ChainStoreOptions::kWholeTrie) {
    account_trie_.unload(options_.resident_trie_depth);
  } else {
    account_trie_fully_loaded_ = true;
  }
  return {};
}

void ChainStore::set_head(ChainHead head) {
  auto shared = std::make_shared<const ChainHead>(std::move(head));
  std::lock_guard lock(head_mutex_);
  head_ = std::move(shared);
}

void ChainStore::reset_account_trie() {
  std::shared_ptr<const ChainHead> head;
  {
    std::lock_guard lock(head_mutex_);
    head = head_;
  }
  account_trie_nodes_.clear();
  account_trie_fully_loaded_ = false;
  account_trie_ =
      head ? Trie(&account_trie_nodes_, head->header.state_root) : Trie(&account_trie_nodes_);
}

std::optional<ChainHead> ChainStore::head() const {
  std::lock_guard lock(head_mutex_);
  if (!head_) return std::nullopt;
  return *head_;
}

std::unique_ptr<FlatStateView> ChainStore::head_state() const {
  auto snapshot = db_->snapshot();
  // The head as the snapshot has it: a commit may land between these two lines
  // and the snapshot, not head_, says which block the flat state is at.
  auto raw = db_->get(Column::kMeta, as_view(schema::kHeadKey), snapshot.get());
  if (!raw || !raw->has_value()) return nullptr;
  auto pointer = schema::decode_head(**raw);
  if (!pointer) return nullptr;
  return std::make_unique<FlatStateView>(db_, std::move(snapshot), pointer->number, pointer->hash);
}

Result<std::optional<Hash>> ChainStore::canonical_hash(uint64_t number) const {
  auto raw = db_->get(Column::kCanonical, schema::number_key(number));
  if (!raw) return raw.error();
  if (!raw->has_value()) return std::optional<Hash>();
  if ((*raw)->size() != 32)
    return make_error("corrupted canonical index at block " + std::to_string(number));
  return std::optional<Hash>(Hash::from_view(**raw));
}

Result<std::optional<BlockHeader>> ChainStore::header_by_hash(const Hash& hash) const {
  auto raw = db_->get(Column::kHeaders, hash.view());
  if (!raw) return raw.error();
  if (!raw->has_value()) return std::optional<BlockHeader>();
  auto header = decode_block_header(**raw);
  if (!header) return make_error("corrupted header " + hash.hex() + ": " + header.error().message);
  return std::optional<BlockHeader>(std::move(*header));
}

Result<std::optional<BlockHeader>> ChainStore::header_by_number(uint64_t number) const {
  auto hash = canonical_hash(number);
  if (!hash) return hash.error();
  if (!hash->has_value()) return std::optional<BlockHeader>();
  return header_by_hash(**hash);
}

Result<std::optional<BlockBody>> ChainStore::body_by_hash(const Hash& hash) const {
  auto raw = db_->get(Column::kBodies, hash.view());
  if (!raw) return raw.error();
  if (!raw->has_value()) return std::optional<BlockBody>();
  auto body = decode_block_body(**raw);
  if (!body) return make_error("corrupted body " + hash.hex() + ": " + body.error().message);
  return std::optional<BlockBody>(std::move(*body));
}

Result<std::optional<std::vector<Receipt>>> ChainStore::receipts_by_hash(const Hash& hash) const {
  auto raw = db_->get(Column::kReceipts, hash.view());
  if (!raw) return raw.error();
  if (!raw->has_value()) return std::optional<std::vector<Receipt>>();
  auto receipts = schema::decode_receipts(**raw);
  if (!receipts) return receipts.error();
  return std::optional<std::vector<Receipt>>(std::move(*receipts));
}

Result<std::optional<schema::TxnLocation>> ChainStore::txn_location(const Hash& txn_hash) const {
  auto raw = db_->get(Column::kTxIndex, txn_hash.view());
  if (!raw) return raw.error();
  if (!raw->has_value()) return std::optional<schema::TxnLocation>();
  auto location = schema::decode_txn_location(**raw);
  if (!location) return location.error();
  return std::optional<schema::TxnLocation>(*location);
}

Result<Hash> ChainStore::state_root_at(uint64_t number) const {
  auto header = header_by_number(number);
  if (!header) return header.error();
  if (!header->has_value()) return make_error("block " + std::to_string(number) + " not found");
  return (*header)->state_root;
}

namespace {

Result<Account> decode_trie_account(BytesView rlp) {
  auto list = rlp::decode_list(rlp);
  if (!list) return list.error();
  Account account;
  auto nonce = list->read_u64();
  if (!nonce) return nonce.error();
  auto balance = list->read_u256();
  if (!balance) return balance.error();
  auto storage_root = list->read_fixed<32>();
  if (!storage_root) return storage_root.error();
  auto code_hash = list->read_fixed<32>();
  if (!code_hash) return code_hash.error();
  if (!list->empty()) return make_error("account RLP has extra fields");
  return Account{*nonce, *balance, *code_hash, *storage_root};
}

}  // namespace

Result<std::optional<Account>> ChainStore::account_at(uint64_t number,
                                                      const Address& address) const {
  auto root = state_root_at(number);
  if (!root) return root.error();
  const Trie trie(&trie_nodes_, *root);
  auto leaf = trie.get(keccak256(address.view()).view());
  if (!leaf) return leaf.error();
  if (!leaf->has_value()) return std::optional<Account>();
  auto account = decode_trie_account(**leaf);
  if (!account) {
    return make_error("corrupted account " + address.hex() +
                      " in the state trie: " + account.error().message);
  }
  return std::optional<Account>(*account);
}

Result<U256> ChainStore::storage_at(uint64_t number, const Address& address,
                                    const Hash& slot) const {
  auto account = account_at(number, address);
  if (!account) return account.error();
  if (!account->has_value() || (*account)->storage_root == kEmptyTrieRoot) return U256();
  const Trie trie(&trie_nodes_, (*account)->storage_root);
  auto leaf = trie.get(keccak256(slot.view()).view());
  if (!leaf) return leaf.error();
  if (!leaf->has_value()) return U256();
  rlp::Decoder decoder(**leaf);
  auto value = decoder.read_u256();
  if (!value || !decoder.empty()) {
    return make_error("corrupted storage slot " + slot.hex() + " of " + address.hex());
  }
  return *value;
}

Result<CodePtr> ChainStore::code_by_hash(const Hash& code_hash) const {
  if (code_hash.is_zero() || code_hash == kEmptyCodeHash) return std::make_shared<const Bytes>();
  auto raw = db_->get(Column::kCode, code_hash.view());
  if (!raw) return raw.error();
  if (!raw->has_value()) return CodePtr();
  return CodePtr(std::make_shared<const Bytes>(std::move(**raw)));
}

}  // namespace pel
