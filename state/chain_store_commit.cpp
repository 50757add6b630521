// ChainStore::commit_block: one block's state, tries and chain records in one batch.
//
//   1. group the write set by account; read the previous records and slot values
//      (in parallel: they are independent point reads);
//   2. update each touched account's storage trie (in parallel: separate tries)
//      and build its new record; EIP-161 removes accounts left empty;
//   3. apply the records to the account trie kept from the previous block and
//      take the state root; compute the block's other roots and its bloom;
//   4. write flat state, change set, trie nodes, header, body, receipts, tx index,
//      canonical entry and head in one batch; only then let the trie forget nodes.

#include <algorithm>
#include <chrono>

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

// Reads what the block overwrites.
void read_previous(const Database& db, AccountWork& work) {
  auto record = db.get(Column::kAccounts, work.address.view());
  if (!record) {
    work.error = record.error();
    return;
  }
  if (record->has_value()) {
    auto account = schema::decode_account(**record);
    if (!account) {
      work.error = make_error("account " + work.address.hex() + ": " + account.error().message);
      return;
    }
    work.previous = *account;
  }
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
};

BlockRoots compute_block_roots(const BlockBody& body, std::vector<Receipt>& receipts) {
  BlockRoots roots;
  std::vector<Bytes> encoded_txns(body.transactions.size());
  std::vector<Bytes> encoded_receipts(receipts.size());
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
                                                const StateChanges& changes, RootsMode mode) {
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

  CommittedBlock committed;
  auto start = Clock::now();
  std::vector<AccountWork> works = group_by_account(changes);
  store_detail::parallel_for_each_index(works.size(),
                                        [&](size_t i) { read_previous(*db_, works[i]); });
  PEL_TRY(first_error(works));
  committed.timings.state_read_ms = ms_since(start);

  start = Clock::now();
  store_detail::parallel_for_each_index(works.size(),
                                        [&](size_t i) { update_account(trie_nodes_, works[i]); });
  PEL_TRY(first_error(works));

  // From here the account trie is ahead of the database: any failure resets it.
  struct ResetOnFailure {
    ChainStore* store;
    bool armed = true;
    ~ResetOnFailure() {
      if (armed) store->reset_account_trie();
    }
  } reset{this};

  std::vector<TrieEntry> leaves;
  leaves.reserve(works.size());
  for (const AccountWork& work : works) {
    if (!work.record_changes()) continue;
    leaves.push_back({to_bytes(keccak256(work.address.view())),
                      work.removed() ? Bytes{} : work.next.trie_rlp()});
  }
  std::sort(leaves.begin(), leaves.end(), TrieKeyLess{});
  if (auto applied = account_trie_.apply(leaves); !applied) {
    return make_error("state trie: " + applied.error().message);
  }
  TrieNodeBatch account_nodes = account_trie_.commit();
  const Hash state_root = account_trie_.root_hash();
  committed.timings.state_root_ms = ms_since(start);

  start = Clock::now();
  const BlockRoots roots = compute_block_roots(block.body, receipts);
  if (mode == RootsMode::kFill) {
    fill_roots(header, roots, state_root);
  } else if (auto checked = check_roots(header, roots, state_root); !checked) {
    return make_error("block " + std::to_string(header.number) + ": " + checked.error().message);
  }
  committed.hash = header_hash(header);
  committed.timings.block_roots_ms = ms_since(start);

  start = Clock::now();
  WriteBatch batch = db_->make_batch();
  ChangeSet change_set;
  for (const AccountWork& work : works) {
    if (work.record_changes()) {
      change_set.accounts.push_back({work.address, work.previous});
      if (work.removed()) {
        batch.erase(Column::kAccounts, work.address.view());
      } else {
        batch.put(Column::kAccounts, work.address.view(), schema::encode_account(work.next));
      }
    }
    for (size_t i = 0; i < work.slots.size(); ++i) {
      const auto& [slot, value] = work.slots[i];
      if (value == work.previous_slots[i]) continue;
      change_set.slots.push_back({work.address, slot, work.previous_slots[i]});
      const auto key = schema::storage_key(work.address, slot);
      if (value.is_zero()) {
        batch.erase(Column::kStorage, key);
      } else {
        batch.put(Column::kStorage, key, schema::encode_slot_value(value));
      }
    }
    DatabaseTrieNodes::put(batch, work.storage_nodes);
  }
  DatabaseTrieNodes::put(batch, account_nodes);
  for (const CodeBlob& blob : changes.code) batch.put(Column::kCode, blob.hash.view(), *blob.code);

  const auto number = schema::number_key(header.number);
  batch.put(Column::kHeaders, committed.hash.view(), encode_block_header(header));
  batch.put(Column::kBodies, committed.hash.view(), encode_block_body(block.body));
  batch.put(Column::kReceipts, committed.hash.view(), schema::encode_receipts(receipts));
  for (size_t i = 0; i < roots.txn_hashes.size(); ++i) {
    batch.put(Column::kTxIndex, roots.txn_hashes[i].view(),
              schema::encode_txn_location({header.number, static_cast<uint32_t>(i)}));
  }
  batch.put(Column::kCanonical, number, committed.hash.view());
  batch.put(Column::kChangeSets, number, encode_change_set(change_set));
  batch.put(Column::kMeta, as_view(schema::kHeadKey),
            schema::encode_head({header.number, committed.hash}));
  PEL_TRY(db_->write(batch));
  reset.armed = false;

  // The nodes are on disk now: the trie may drop deep ones and reload them later.
  account_trie_.unload(options_.resident_trie_depth);
  set_head(ChainHead{header.number, committed.hash, header});
  committed.timings.write_ms = ms_since(start);
  committed.header = std::move(header);
  return committed;
}

}  // namespace pel
