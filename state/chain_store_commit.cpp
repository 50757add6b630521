// ChainStore::commit_block: one block's state, tries and chain records in one batch.
//
//   1. group the write set by account; read the previous records and slot values
//      (in parallel: they are independent point reads);
//   2. update each touched account's storage trie (in parallel: separate tries)
//      and build its new record; EIP-161 removes accounts left empty;
//   3. apply the records to the account trie kept from the previous block and
//      take the state root; compute the block's other roots and its bloom;
//   4. write flat state, change set, trie nodes (one journal record), header, body,
//      receipts, tx index, canonical entry and head in one batch; only then let the
//      trie forget nodes, and hand the nodes to the thread that moves them into
//      kTrieNodes.

#include <algorithm>
#include <chrono>
#include <cstring>

#include "core/rlp.hpp"
#include "crypto/header_hash.hpp"
#include "crypto/keccak.hpp"
#include "crypto/logs_bloom.hpp"
#include "state/chain_store.hpp"
#include "state/change_set.hpp"
#include "state/store_parallel.hpp"
#include "state/trie_builder.hpp"

namespace pel {

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

Bytes to_bytes(const Hash& hash) {
  return Bytes(hash.bytes.begin(), hash.bytes.end());
}

// Byte order of hashes with one memcmp (the defaulted <=> compares byte by byte).
bool hash_less(const Hash& a, const Hash& b) {
  return std::memcmp(a.data(), b.data(), Hash::kSize) < 0;
}

// Everything the block does to one account.
struct AccountWork {
  Address address;
  std::optional<U256> balance;
  std::optional<U256> nonce;
  std::optional<Hash> code_hash;
  std::vector<std::pair<Hash, U256>> slots;  // new values, sorted by slot

  std::optional<Account> previous;
  std::vector<U256> previous_slots;  // parallel to `slots`
  Account next;
  TrieNodeBatch storage_nodes;
  std::optional<Error> error;

  bool removed() const { return next.empty(); }
  // Whether the account's record (and so its trie leaf) changes.
  bool record_changes() const {
    if (removed()) return previous.has_value();
    return !previous.has_value() || *previous != next;
  }
};

std::vector<AccountWork> group_by_account(const StateChanges& changes) {
  std::vector<const std::pair<StateKey, U256>*> sorted;
  sorted.reserve(changes.values.size());
  for (const auto& entry : changes.values) sorted.push_back(&entry);
  std::sort(sorted.begin(), sorted.end(),
            [](const auto* a, const auto* b) { return a->first < b->first; });

  std::vector<AccountWork> works;
  for (const auto* entry : sorted) {
    const auto& [key, value] = *entry;
    if (works.empty() || works.back().address != key.address) {
      works.emplace_back();
      works.back().address = key.address;
    }
    AccountWork& work = works.back();
    switch (key.field) {
      case StateField::kBalance:
        work.balance = value;
        break;
      case StateField::kNonce:
        work.nonce = value;
        break;
      case StateField::kCodeHash:
        work.code_hash = value.is_zero() ? kEmptyCodeHash : code_hash_of_word(value);
        break;
      case StateField::kStorage:
        work.slots.emplace_back(key.slot, value);
        break;
    }
  }
  return works;
}

Result<std::optional<Account>> read_account(const Database& db, const Address& address) {
  auto record = db.get(Column::kAccounts, address.view());
  if (!record) return record.error();
  if (!record->has_value()) return std::optional<Account>();
  auto account = schema::decode_account(**record);
  if (!account) return make_error("account " + address.hex() + ": " + account.error().message);
  return std::optional<Account>(*account);
}

// Reads what the block overwrites; account records from `view` (at the head) when
// given, where the executor's reads left them cached.
void read_previous(const Database& db, const FlatStateView* view, AccountWork& work) {
  auto previous = view != nullptr ? view->account(work.address) : read_account(db, work.address);
  if (!previous) {
    work.error = previous.error();
    return;
  }
  work.previous = *previous;
  work.previous_slots.reserve(work.slots.size());
  for (const auto& [slot, value] : work.slots) {
    auto raw = db.get(Column::kStorage, schema::storage_key(work.address, slot));
    if (!raw) {
      work.error = raw.error();
      return;
    }
    U256 previous;
    if (raw->has_value()) {
      auto decoded = schema::decode_slot_value(**raw);
      if (!decoded) {
        work.error = decoded.error();
        return;
      }
      previous = *decoded;
    }
    work.previous_slots.push_back(previous);
  }
}

// The account's next record, with its storage trie updated.
void update_account(const TrieNodeReader& trie_nodes, AccountWork& work) {
  work.next = work.previous.value_or(Account{});
  if (work.balance) work.next.balance = *work.balance;
  if (work.nonce) {
    if (!work.nonce->fits_u64()) {
      work.error = make_error("account " + work.address.hex() + ": nonce above 2^64-1");
      return;
    }
    work.next.nonce = work.nonce->low64();
  }
  if (work.code_hash) work.next.code_hash = *work.code_hash;

  std::vector<TrieEntry> entries;
  for (size_t i = 0; i < work.slots.size(); ++i) {
    if (work.slots[i].second == work.previous_slots[i]) continue;
    entries.push_back({to_bytes(keccak256(work.slots[i].first.view())),
                       trie_storage_value_rlp(work.slots[i].second)});
  }
  if (entries.empty()) return;
  Trie storage(&trie_nodes, work.next.storage_root);
  if (auto applied = storage.apply(entries); !applied) {
    work.error = make_error("storage of " + work.address.hex() + ": " + applied.error().message);
    return;
  }
  work.storage_nodes = storage.commit();
  work.next.storage_root = storage.root_hash();
}

Status first_error(const std::vector<AccountWork>& works) {
  for (const AccountWork& work : works) {
    if (work.error) return *work.error;
  }
  return {};
}

// The block's derived fields, computed from its body and receipts.
struct BlockRoots {
  Hash ommers_hash;
  Hash transactions_root;
  Hash receipts_root;
  std::optional<Hash> withdrawals_root;
  Bloom logs_bloom;
  uint64_t gas_used = 0;
  std::vector<Hash> txn_hashes;
  // The encodings the roots were computed from, and the stored records built
  // from them.
  std::vector<Bytes> encoded_txns;
  std::vector<Bytes> encoded_receipts;
  Bytes body_record;
  Bytes receipts_record;
  // (txn hash, index) in hash order, for the transaction index.
  std::vector<std::pair<Hash, uint32_t>> txn_index;
};

// encode_block_body, from transactions already encoded for the transactions root:
// a legacy transaction is its RLP list, a typed one an RLP string of its encoding.
Bytes encode_body(const BlockBody& body, const std::vector<Bytes>& encoded_txns) {
  Bytes txns;
  for (size_t i = 0; i < encoded_txns.size(); ++i) {
    if (body.transactions[i].type == TxnType::kLegacy) {
      txns.insert(txns.end(), encoded_txns[i].begin(), encoded_txns[i].end());
    } else {
      rlp::encode_bytes(txns, encoded_txns[i]);
    }
  }
  Bytes ommers;
  for (const BlockHeader& ommer : body.ommers) encode_block_header(ommers, ommer);
  Bytes payload;
  rlp::encode_list(payload, txns);
  rlp::encode_list(payload, ommers);
  if (body.withdrawals) {
    Bytes withdrawals;
    for (const Withdrawal& withdrawal : *body.withdrawals)
      encode_withdrawal(withdrawals, withdrawal);
    rlp::encode_list(payload, withdrawals);
  }
  return rlp::wrap_list(payload);
}

// schema::encode_receipts, from receipts already encoded for the receipts root.
Bytes encode_stored_receipts(const std::vector<Bytes>& encoded_receipts) {
  Bytes payload;
  for (const Bytes& receipt : encoded_receipts) rlp::encode_bytes(payload, receipt);
  return rlp::wrap_list(payload);
}

BlockRoots compute_block_roots(const BlockBody& body, std::vector<Receipt>& receipts) {
  BlockRoots roots;
  std::vector<Bytes>& encoded_txns = roots.encoded_txns;
  std::vector<Bytes>& encoded_receipts = roots.encoded_receipts;
  encoded_txns.resize(body.transactions.size());
  encoded_receipts.resize(receipts.size());
  roots.txn_hashes.resize(body.transactions.size());
  const size_t count = std::max(encoded_txns.size(), encoded_receipts.size());
  store_detail::parallel_for_each_index(count, [&](size_t i) {
    if (i < encoded_txns.size()) {
      encoded_txns[i] = encode_transaction(body.transactions[i]);
      roots.txn_hashes[i] = keccak256(encoded_txns[i]);
    }
    if (i < receipts.size()) {
      receipts[i].logs_bloom = logs_bloom(receipts[i].logs);
      encoded_receipts[i] = encode_receipt(receipts[i]);
    }
  });
  roots.transactions_root = ordered_trie_root(encoded_txns);
  roots.receipts_root = ordered_trie_root(encoded_receipts);
  roots.body_record = encode_body(body, encoded_txns);
  roots.receipts_record = encode_stored_receipts(encoded_receipts);
  roots.txn_index.resize(roots.txn_hashes.size());
  for (size_t i = 0; i < roots.txn_index.size(); ++i) {
    roots.txn_index[i] = {roots.txn_hashes[i], static_cast<uint32_t>(i)};
  }
  std::sort(roots.txn_index.begin(), roots.txn_index.end(),
            [](const auto& a, const auto& b) { return hash_less(a.first, b.first); });
  for (const Receipt& receipt : receipts) bloom_merge(roots.logs_bloom, receipt.logs_bloom);
  roots.gas_used = receipts.empty() ? 0 : receipts.back().cumulative_gas_used;

  Bytes ommers;
  for (const BlockHeader& ommer : body.ommers) encode_block_header(ommers, ommer);
  roots.ommers_hash = keccak256(rlp::wrap_list(ommers));
  if (body.withdrawals) {
    std::vector<Bytes> encoded;
    for (const Withdrawal& withdrawal : *body.withdrawals) {
      encoded.push_back(encode_withdrawal(withdrawal));
    }
    roots.withdrawals_root = ordered_trie_root(encoded);
  }
  return roots;
}

template <class T>
Status expect_equal(const char* field, const T& in_header, const T& computed,
                    std::string (*show)(const T&)) {
  if (in_header == computed) return {};
  return make_error(std::string(field) + " mismatch: header has " + show(in_header) +
                    ", block gives " + show(computed));
}

std::string show_hash(const Hash& hash) {
  return hash.hex();
}
std::string show_optional_hash(const std::optional<Hash>& hash) {
  return hash ? hash->hex() : "none";
}
std::string show_u64(const uint64_t& value) {
  return std::to_string(value);
}
std::string show_bloom(const Bloom& bloom) {
  return bloom.is_zero() ? "an empty bloom" : "a bloom of " + bloom.hex().substr(0, 18) + "...";
}

Status check_roots(const BlockHeader& header, const BlockRoots& roots, const Hash& state_root) {
  PEL_TRY(expect_equal("state root", header.state_root, state_root, show_hash));
  PEL_TRY(expect_equal("transactions root", header.transactions_root, roots.transactions_root,
                       show_hash));
  PEL_TRY(expect_equal("receipts root", header.receipts_root, roots.receipts_root, show_hash));
  PEL_TRY(expect_equal("withdrawals root", header.withdrawals_root, roots.withdrawals_root,
                       show_optional_hash));
  PEL_TRY(expect_equal("ommers hash", header.ommers_hash, roots.ommers_hash, show_hash));
  PEL_TRY(expect_equal("logs bloom", header.logs_bloom, roots.logs_bloom, show_bloom));
  PEL_TRY(expect_equal("gas used", header.gas_used, roots.gas_used, show_u64));
  return {};
}

void fill_roots(BlockHeader& header, const BlockRoots& roots, const Hash& state_root) {
  header.state_root = state_root;
  header.transactions_root = roots.transactions_root;
  header.receipts_root = roots.receipts_root;
  header.withdrawals_root = roots.withdrawals_root;
  header.ommers_hash = roots.ommers_hash;
  header.logs_bloom = roots.logs_bloom;
  header.gas_used = roots.gas_used;
}

}  // namespace

Result<CommittedBlock> ChainStore::commit_block(Block block, std::vector<Receipt> receipts,
                                                const StateChanges& changes, RootsMode mode,
                                                const FlatStateView* executed_on,
                                                const HeaderSealer& seal) {
  std::lock_guard write_lock(write_mutex_);
  const std::optional<ChainHead> parent = head();
  if (!parent) return make_error("cannot commit a block: the store has no genesis yet");
  BlockHeader& header = block.header;
  if (header.number != parent->number + 1) {
    return make_error("block " + std::to_string(header.number) +
                      " does not extend the head (block " + std::to_string(parent->number) + ")");
  }
  if (header.parent_hash != parent->hash) {
    return make_error("block " + std::to_string(header.number) + " has parent " +
                      header.parent_hash.hex() + ", the head is " + parent->hash.hex());
  }
  if (receipts.size() != block.body.transactions.size()) {
    return make_error("block " + std::to_string(header.number) + " has " +
                      std::to_string(block.body.transactions.size()) + " transactions and " +
                      std::to_string(receipts.size()) + " receipts");
  }
  for (const CodeBlob& blob : changes.code) {
    if (!blob.code || keccak256(*blob.code) != blob.hash) {
      return make_error("code blob " + blob.hash.hex() + " does not hash to its key");
    }
  }
  if (executed_on != nullptr && executed_on->block_hash() != parent->hash) executed_on = nullptr;

  CommittedBlock committed;
  // The transactions and receipts roots do not depend on the state: computed
  // beside the state root, on whatever core the state work leaves idle.
  BlockRoots roots;
  double block_roots_ms = 0;
  store_detail::TaskPair block_roots_task([&] {
    const auto roots_start = Clock::now();
    roots = compute_block_roots(block.body, receipts);
    block_roots_ms = ms_since(roots_start);
  });

  auto start = Clock::now();
  std::vector<AccountWork> works = group_by_account(changes);
  store_detail::parallel_for_each_index(
      works.size(), [&](size_t i) { read_previous(*db_, executed_on, works[i]); });
  PEL_TRY(first_error(works));
  committed.timings.state_read_ms = ms_since(start);

  start = Clock::now();
  // Storage tries, new records and account trie leaves: independent per account.
  std::vector<TrieEntry> leaves(works.size());
  store_detail::parallel_for_each_index(works.size(), [&](size_t i) {
    AccountWork& work = works[i];
    update_account(trie_nodes_, work);
    if (!work.error && work.record_changes()) {
      leaves[i] = {to_bytes(keccak256(work.address.view())),
                   work.removed() ? Bytes{} : work.next.trie_rlp()};
    }
  });
  PEL_TRY(first_error(works));
  std::erase_if(leaves, [](const TrieEntry& leaf) { return leaf.key.empty(); });
  std::sort(leaves.begin(), leaves.end(), TrieKeyLess{});

  // From here the account trie is ahead of the database: any failure resets it.
  struct ResetOnFailure {
    ChainStore* store;
    bool armed = true;
    ~ResetOnFailure() {
      if (armed) store->reset_account_trie();
    }
  } reset{this};

  // The walks below read the paths to the changed leaves from the database where
  // the trie has unloaded them: look them up in parallel first (into the node
  // cache), so the update finds them in memory. A wholly loaded trie has
  // nothing to read.
  if (!account_trie_fully_loaded_) {
    store_detail::parallel_for_each_index(
        leaves.size(), [&](size_t i) { (void)account_trie_.get(leaves[i].key); });
  }
  if (auto applied = account_trie_.apply(leaves); !applied) {
    return make_error("state trie: " + applied.error().message);
  }
  TrieNodeBatch nodes = account_trie_.commit();
  const Hash state_root = account_trie_.root_hash();
  committed.timings.state_root_ms = ms_since(start);

  start = Clock::now();
  block_roots_task.wait();
  if (mode == RootsMode::kFill) {
    fill_roots(header, roots, state_root);
    if (seal) {
      if (auto sealed = seal(header); !sealed) {
        return make_error("block " + std::to_string(header.number) +
                          " not sealed: " + sealed.error().message);
      }
    }
  } else if (auto checked = check_roots(header, roots, state_root); !checked) {
    return make_error("block " + std::to_string(header.number) + ": " + checked.error().message);
  }
  committed.hash = header_hash(header);
  // Time spent waiting for the roots after the state root, plus hashing the header.
  committed.timings.block_roots_ms = ms_since(start);
  committed.timings.block_roots_cpu_ms = block_roots_ms;

  // Within each column the batch's keys go in sorted order: RocksDB's memtable
  // inserts a run of ascending keys much faster than the same keys at random.
  start = Clock::now();
  ChangeSet change_set;
  for (const AccountWork& work : works) {  // by address, then slot
    if (work.record_changes()) change_set.accounts.push_back({work.address, work.previous});
    for (size_t i = 0; i < work.slots.size(); ++i) {
      if (work.slots[i].second != work.previous_slots[i]) {
        change_set.slots.push_back({work.address, work.slots[i].first, work.previous_slots[i]});
      }
    }
  }
  Bytes change_set_record;
  store_detail::TaskPair encode_change_set_task(
      [&] { change_set_record = encode_change_set(change_set); });
  for (AccountWork& work : works) {
    std::move(work.storage_nodes.begin(), work.storage_nodes.end(), std::back_inserter(nodes));
  }
  // The trie nodes go in as one journal record; TrieJournalApplier writes them
  // under their hashes once the block is durable.
  const Bytes journal = schema::encode_trie_journal(nodes);

  // Per record: its bytes plus a column tag and two length prefixes (RocksDB's format).
  // An estimate: a batch that outgrows it still grows.
  constexpr size_t kRecordOverhead = 8;
  constexpr size_t kAccountRecordBytes = 104;  // at most: nonce, balance, two hashes
  constexpr size_t kTxnLocationBytes = 16;
  size_t batch_bytes =
      roots.body_record.size() + roots.receipts_record.size() +
      works.size() * (Address::kSize + kAccountRecordBytes + kRecordOverhead) +
      roots.txn_index.size() * (Hash::kSize + kTxnLocationBytes + kRecordOverhead) + journal.size();
  WriteBatch batch = db_->make_batch(batch_bytes);
  for (const AccountWork& work : works) {
    if (!work.record_changes()) continue;
    if (work.removed()) {
      batch.erase(Column::kAccounts, work.address.view());
    } else {
      batch.put(Column::kAccounts, work.address.view(), schema::encode_account(work.next));
    }
  }
  for (const AccountWork& work : works) {
    for (size_t i = 0; i < work.slots.size(); ++i) {
      const auto& [slot, value] = work.slots[i];
      if (value == work.previous_slots[i]) continue;
      const auto key = schema::storage_key(work.address, slot);
      if (value.is_zero()) {
        batch.erase(Column::kStorage, key);
      } else {
        batch.put(Column::kStorage, key, schema::encode_slot_value(value));
      }
    }
  }
  if (!nodes.empty()) batch.put(Column::kMeta, schema::trie_journal_key(header.number), journal);
  for (const CodeBlob& blob : changes.code) batch.put(Column::kCode, blob.hash.view(), *blob.code);

  for (const auto& [txn_hash, index] : roots.txn_index) {
    batch.put(Column::kTxIndex, txn_hash.view(),
              schema::encode_txn_location({header.number, index}));
  }
  const auto number = schema::number_key(header.number);
  batch.put(Column::kHeaders, committed.hash.view(), encode_block_header(header));
  batch.put(Column::kBodies, committed.hash.view(), roots.body_record);
  batch.put(Column::kReceipts, committed.hash.view(), roots.receipts_record);
  batch.put(Column::kCanonical, number, committed.hash.view());
  encode_change_set_task.wait();
  batch.put(Column::kChangeSets, number, change_set_record);
  batch.put(Column::kMeta, as_view(schema::kHeadKey),
            schema::encode_head({header.number, committed.hash}));
  committed.timings.batch_ms = ms_since(start);

  start = Clock::now();
  // The previous block's nodes land first: one block in flight at a time.
  PEL_TRY(trie_journal_.wait_idle());
  committed.timings.trie_move_wait_ms = ms_since(start);
  committed.timings.previous_trie_move_ms = trie_journal_.last_move_ms();
  // Held before the write: readers can find this block's roots as soon as it lands.
  const bool has_nodes = !nodes.empty();
  if (has_nodes) trie_journal_.hold(header.number, std::move(nodes));
  if (Status written = db_->write(batch); !written) {
    trie_journal_.withdraw();
    return written.error();
  }
  reset.armed = false;
  if (has_nodes) trie_journal_.publish();

  // The nodes are on disk now: the trie may drop deep ones and reload them later.
  if (options_.resident_trie_depth < ChainStoreOptions::kWholeTrie) {
    account_trie_.unload(options_.resident_trie_depth);
  }
  account_trie_nodes_.clear();
  set_head(ChainHead{header.number, committed.hash, header});
  committed.timings.write_ms = ms_since(start);
  committed.header = std::move(header);
  return committed;
}

}  // namespace pel
