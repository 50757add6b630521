#include "state/chain_store.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "crypto/header_hash.hpp"
#include "crypto/keccak.hpp"
#include "crypto/logs_bloom.hpp"
#include "state/chain_store_test_util.hpp"
#include "state/trie_builder.hpp"

namespace pel {
namespace {

using namespace store_test;

void expect_state_matches(const ChainStore& store, const Model& model, size_t pool) {
  auto view = store.head_state();
  ASSERT_TRUE(view);
  for (size_t i = 0; i < pool; ++i) {
    const Address address = address_of(i);
    for (StateKey key :
         {StateKey::balance(address), StateKey::nonce(address), StateKey::code_hash(address),
          StateKey::storage(address, slot_of(1)), StateKey::storage(address, slot_of(3)),
          StateKey::storage(address, slot_of(9))}) {
      ASSERT_EQ(view->read(key), model.read(key)) << "account " << i;
    }
    auto account = view->account(address);
    ASSERT_TRUE(account.ok());
    EXPECT_EQ(account->has_value(), model.accounts.contains(address)) << "account " << i;
  }
  EXPECT_TRUE(view->status().ok());
}

TEST(ChainStore, RandomBlocksMatchRootsFromScratch) {
  TempDir dir;
  auto store = open_ok(dir.str());
  ASSERT_TRUE(store);
  const Genesis genesis = small_genesis();
  auto init = store->init_genesis(genesis);
  ASSERT_TRUE(init.ok()) << init.error().message;
  Model model = model_of(genesis);
  EXPECT_EQ(init->header.state_root, model.state_root());

  std::mt19937_64 rng(42);
  constexpr size_t kPool = 60;
  for (int n = 1; n <= 25; ++n) {
    StateChanges changes = random_changes(rng, model, kPool, 5 + rng() % 40);
    auto committed = commit_changes(*store, changes);
    ASSERT_TRUE(committed.ok()) << committed.error().message;
    model.apply(changes);
    ASSERT_EQ(committed->header.state_root, model.state_root()) << "block " << n;
    EXPECT_EQ(committed->header.number, static_cast<uint64_t>(n));
    EXPECT_EQ(committed->hash, header_hash(committed->header));
    EXPECT_EQ(store->head()->hash, committed->hash);
    expect_state_matches(*store, model, kPool);
  }
  auto verified = store->verify_head_state();
  ASSERT_TRUE(verified.ok()) << verified.error().message;
  EXPECT_EQ(verified->state_root, model.state_root());
  EXPECT_EQ(verified->accounts, model.accounts.size());
}

TEST(ChainStore, SmallResidentDepthReloadsNodes) {
  TempDir dir;
  ChainStore::Options options = fast_options();
  options.resident_trie_depth = 1;  // almost everything is reloaded from the database
  auto store = open_ok(dir.str(), options);
  ASSERT_TRUE(store);
  const Genesis genesis = small_genesis(200);
  ASSERT_TRUE(store->init_genesis(genesis).ok());
  Model model = model_of(genesis);
  std::mt19937_64 rng(7);
  for (int n = 1; n <= 10; ++n) {
    StateChanges changes = random_changes(rng, model, 250, 60);
    auto committed = commit_changes(*store, changes);
    ASSERT_TRUE(committed.ok()) << committed.error().message;
    model.apply(changes);
    ASSERT_EQ(committed->header.state_root, model.state_root()) << "block " << n;
  }
}

TEST(ChainStore, ReopenContinuesFromTheHead) {
  TempDir dir;
  const Genesis genesis = small_genesis();
  Model model = model_of(genesis);
  std::mt19937_64 rng(3);
  Hash head_hash;
  {
    auto store = open_ok(dir.str());
    ASSERT_TRUE(store->init_genesis(genesis).ok());
    for (int n = 1; n <= 5; ++n) {
      StateChanges changes = random_changes(rng, model, 40, 20);
      auto committed = commit_changes(*store, changes);
      ASSERT_TRUE(committed.ok()) << committed.error().message;
      model.apply(changes);
      head_hash = committed->hash;
    }
  }
  auto store = open_ok(dir.str());
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->head());
  EXPECT_EQ(store->head()->number, 5u);
  EXPECT_EQ(store->head()->hash, head_hash);
  expect_state_matches(*store, model, 40);
  // The same genesis again is accepted and changes nothing.
  auto again = store->init_genesis(genesis);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_FALSE(again->created);
  EXPECT_EQ(store->head()->number, 5u);
  StateChanges changes = random_changes(rng, model, 40, 20);
  auto committed = commit_changes(*store, changes);
  ASSERT_TRUE(committed.ok()) << committed.error().message;
  model.apply(changes);
  EXPECT_EQ(committed->header.state_root, model.state_root());
  EXPECT_EQ(committed->header.parent_hash, head_hash);
}

TEST(ChainStore, AHeadViewOutlivesTheStore) {
  TempDir dir;
  const Genesis genesis = small_genesis();
  const Model model = model_of(genesis);
  std::unique_ptr<FlatStateView> view;
  {
    auto store = open_ok(dir.str());
    ASSERT_TRUE(store->init_genesis(genesis).ok());
    view = store->head_state();
  }
  // The store is gone; the view still reads its block's state, then closes the database.
  for (size_t i = 0; i < 20; ++i) {
    const StateKey key = StateKey::balance(address_of(i));
    ASSERT_EQ(view->read(key), model.read(key)) << "account " << i;
  }
  EXPECT_TRUE(view->status().ok());
  view.reset();
  EXPECT_TRUE(open_ok(dir.str()));  // the lock went with the last user
}

TEST(ChainStore, RollbackRestoresStateAndRootsExactly) {
  TempDir dir;
  auto store = open_ok(dir.str());
  const Genesis genesis = small_genesis();
  ASSERT_TRUE(store->init_genesis(genesis).ok());
  std::vector<Model> models{model_of(genesis)};
  std::vector<Hash> hashes{store->head()->hash};
  std::mt19937_64 rng(11);
  constexpr size_t kPool = 50;
  for (int n = 1; n <= 12; ++n) {
    Model model = models.back();
    StateChanges changes = random_changes(rng, model, kPool, 30);
    auto committed = commit_changes(*store, changes);
    ASSERT_TRUE(committed.ok()) << committed.error().message;
    model.apply(changes);
    models.push_back(model);
    hashes.push_back(committed->hash);
  }

  ASSERT_TRUE(store->rollback_to(5).ok());
  EXPECT_EQ(store->head()->number, 5u);
  EXPECT_EQ(store->head()->hash, hashes[5]);
  expect_state_matches(*store, models[5], kPool);
  auto verified = store->verify_head_state();
  ASSERT_TRUE(verified.ok()) << verified.error().message;
  EXPECT_EQ(verified->state_root, models[5].state_root());
  for (uint64_t n = 6; n <= 12; ++n) {
    EXPECT_FALSE(store->canonical_hash(n)->has_value()) << n;
    EXPECT_FALSE(store->database().get(Column::kChangeSets, schema::number_key(n))->has_value());
    // The block itself stays readable by hash.
    EXPECT_TRUE(store->header_by_hash(hashes[n])->has_value());
  }
  EXPECT_EQ(*store->canonical_hash(5).value(), hashes[5]);

  // The chain grows again from block 5, with a different block 6.
  Model model = models[5];
  for (int n = 6; n <= 9; ++n) {
    StateChanges changes = random_changes(rng, model, kPool, 30);
    auto committed = commit_changes(*store, changes);
    ASSERT_TRUE(committed.ok()) << committed.error().message;
    model.apply(changes);
    ASSERT_EQ(committed->header.state_root, model.state_root());
    EXPECT_EQ(committed->header.number, static_cast<uint64_t>(n));
  }

  // Back to genesis; below genesis and above the head are errors.
  ASSERT_TRUE(store->rollback_to(0).ok());
  expect_state_matches(*store, models[0], kPool);
  EXPECT_EQ(store->head()->hash, hashes[0]);
  EXPECT_TRUE(store->verify_head_state().ok());
  auto above = store->rollback_to(3);
  ASSERT_FALSE(above.ok());
  EXPECT_NE(above.error().message.find("head is block 0"), std::string::npos);
}

TEST(ChainStore, HistoricalReadsThroughTheTrie) {
  TempDir dir;
  auto store = open_ok(dir.str());
  const Genesis genesis = small_genesis();
  ASSERT_TRUE(store->init_genesis(genesis).ok());
  std::vector<Model> models{model_of(genesis)};
  std::mt19937_64 rng(5);
  constexpr size_t kPool = 30;
  for (int n = 1; n <= 8; ++n) {
    Model model = models.back();
    StateChanges changes = random_changes(rng, model, kPool, 25);
    ASSERT_TRUE(commit_changes(*store, changes).ok());
    model.apply(changes);
    models.push_back(model);
  }
  for (uint64_t n = 0; n < models.size(); ++n) {
    for (size_t i = 0; i < kPool; ++i) {
      const Address address = address_of(i);
      auto account = store->account_at(n, address);
      ASSERT_TRUE(account.ok()) << account.error().message;
      auto expected = models[n].accounts.find(address);
      ASSERT_EQ(account->has_value(), expected != models[n].accounts.end()) << n << " " << i;
      if (!account->has_value()) continue;
      EXPECT_EQ((*account)->balance, expected->second.balance);
      EXPECT_EQ((*account)->nonce, expected->second.nonce);
      EXPECT_EQ((*account)->code_hash, expected->second.code_hash);
      for (uint64_t s = 0; s < 10; ++s) {
        auto value = store->storage_at(n, address, slot_of(s));
        ASSERT_TRUE(value.ok()) << value.error().message;
        EXPECT_EQ(*value, models[n].read(StateKey::storage(address, slot_of(s))));
      }
      auto code = store->code_by_hash((*account)->code_hash);
      ASSERT_TRUE(code.ok());
      ASSERT_TRUE(*code);
      EXPECT_EQ(keccak256(**code), (*account)->code_hash);
    }
  }
  auto missing = store->account_at(99, address_of(1));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message, "block 99 not found");
}

Transaction sample_txn(uint64_t nonce, TxnType type) {
  Transaction txn;
  txn.type = type;
  txn.chain_id = 1337;
  txn.nonce = nonce;
  txn.max_priority_fee_per_gas = U256(2);
  txn.max_fee_per_gas = U256(type == TxnType::kDynamicFee ? 30 : 2);
  txn.gas_limit = 21000;
  txn.to = address_of(3);
  txn.value = U256(1000 + nonce);
  txn.r = U256(1);
  txn.s = U256(2 + nonce);
  return txn;
}

TEST(ChainStore, BlockRecordsReceiptsAndTxnIndex) {
  TempDir dir;
  auto store = open_ok(dir.str());
  ASSERT_TRUE(store->init_genesis(small_genesis()).ok());

  Block block = next_block(*store->head());
  block.body.transactions = {sample_txn(0, TxnType::kLegacy), sample_txn(1, TxnType::kDynamicFee),
                             sample_txn(2, TxnType::kAccessList)};
  std::vector<Receipt> receipts(3);
  for (size_t i = 0; i < receipts.size(); ++i) {
    receipts[i].type = block.body.transactions[i].type;
    receipts[i].success = i != 1;
    receipts[i].cumulative_gas_used = 21000 * (i + 1);
  }
  receipts[1].logs.push_back({address_of(3), {slot_of(1), slot_of(2)}, {0x01, 0x02}});
  block.body.withdrawals = std::vector<Withdrawal>{{7, 8, address_of(4), 9}};
  StateChanges changes;
  changes.values.emplace_back(StateKey::balance(address_of(3)), U256(5));
  auto committed = store->commit_block(block, receipts, changes, RootsMode::kFill);
  ASSERT_TRUE(committed.ok()) << committed.error().message;
  const BlockHeader& header = committed->header;

  std::vector<Bytes> encoded_txns, encoded_receipts;
  Bloom bloom;
  for (const auto& txn : block.body.transactions) encoded_txns.push_back(encode_transaction(txn));
  for (auto receipt : receipts) {
    receipt.logs_bloom = logs_bloom(receipt.logs);
    bloom_merge(bloom, receipt.logs_bloom);
    encoded_receipts.push_back(encode_receipt(receipt));
  }
  EXPECT_EQ(header.transactions_root, ordered_trie_root(encoded_txns));
  EXPECT_EQ(header.receipts_root, ordered_trie_root(encoded_receipts));
  EXPECT_EQ(header.logs_bloom, bloom);
  EXPECT_FALSE(bloom.is_zero());
  EXPECT_EQ(header.gas_used, 63000u);
  EXPECT_EQ(header.ommers_hash, kEmptyOmmersHash);
  EXPECT_EQ(header.withdrawals_root,
            ordered_trie_root({encode_withdrawal((*block.body.withdrawals)[0])}));

  const Hash hash = committed->hash;
  EXPECT_EQ(*store->canonical_hash(1).value(), hash);
  EXPECT_EQ(*store->header_by_number(1).value(), header);
  auto body = store->body_by_hash(hash);
  ASSERT_TRUE(body.ok() && body->has_value());
  EXPECT_EQ(**body, block.body);
  EXPECT_EQ(store->database().get(Column::kBodies, hash.view())->value(),
            encode_block_body(block.body));
  auto stored_receipts = store->receipts_by_hash(hash);
  ASSERT_TRUE(stored_receipts.ok() && stored_receipts->has_value());
  ASSERT_EQ((*stored_receipts)->size(), 3u);
  EXPECT_EQ((**stored_receipts)[1].logs, receipts[1].logs);
  EXPECT_EQ((**stored_receipts)[1].logs_bloom, logs_bloom(receipts[1].logs));
  EXPECT_EQ(store->database().get(Column::kReceipts, hash.view())->value(),
            schema::encode_receipts(**stored_receipts));
  for (uint32_t i = 0; i < 3; ++i) {
    auto location = store->txn_location(keccak256(encoded_txns[i]));
    ASSERT_TRUE(location.ok() && location->has_value());
    EXPECT_EQ(**location, (schema::TxnLocation{1, i}));
  }

  // Rolled back, the transactions leave the index.
  ASSERT_TRUE(store->rollback_to(0).ok());
  EXPECT_FALSE(store->txn_location(keccak256(encoded_txns[0]))->has_value());

  // Receipts that do not match the transactions are refused.
  auto mismatched = store->commit_block(block, {}, changes, RootsMode::kFill);
  ASSERT_FALSE(mismatched.ok());
  EXPECT_EQ(mismatched.error().message, "block 1 has 3 transactions and 0 receipts");
}

TEST(ChainStore, CheckModeAcceptsTheProducersBlockAndRejectsBadRoots) {
  TempDir producer_dir("_producer"), importer_dir("_importer");
  auto producer = open_ok(producer_dir.str());
  auto importer = open_ok(importer_dir.str());
  ASSERT_TRUE(producer && importer);
  const Genesis genesis = small_genesis();
  ASSERT_TRUE(producer->init_genesis(genesis).ok());
  ASSERT_TRUE(importer->init_genesis(genesis).ok());
  Model model = model_of(genesis);
  std::mt19937_64 rng(9);
  for (int n = 1; n <= 6; ++n) {
    StateChanges changes = random_changes(rng, model, 40, 25);
    Block block = next_block(*producer->head());
    block.body.transactions = {sample_txn(n, TxnType::kDynamicFee)};
    std::vector<Receipt> receipts(1);
    receipts[0].type = TxnType::kDynamicFee;
    receipts[0].success = true;
    receipts[0].cumulative_gas_used = 21000;
    auto produced = producer->commit_block(block, receipts, changes, RootsMode::kFill);
    ASSERT_TRUE(produced.ok()) << produced.error().message;
    model.apply(changes);

    Block imported{produced->header, block.body};
    // A wrong root first: refused, nothing written, and the importer's trie
    // still works for the correct block afterwards.
    Block bad = imported;
    bad.header.state_root.bytes[0] ^= 1;
    auto refused = importer->commit_block(bad, receipts, changes, RootsMode::kCheck);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("state root mismatch"), std::string::npos)
        << refused.error().message;
    EXPECT_EQ(importer->head()->number, static_cast<uint64_t>(n - 1));
    bad = imported;
    bad.header.receipts_root.bytes[5] ^= 1;
    refused = importer->commit_block(bad, receipts, changes, RootsMode::kCheck);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("receipts root mismatch"), std::string::npos);
    bad = imported;
    bad.header.gas_used += 1;
    ASSERT_FALSE(importer->commit_block(bad, receipts, changes, RootsMode::kCheck).ok());

    auto accepted = importer->commit_block(imported, receipts, changes, RootsMode::kCheck);
    ASSERT_TRUE(accepted.ok()) << accepted.error().message;
    EXPECT_EQ(accepted->hash, produced->hash);
  }
  EXPECT_EQ(importer->head()->header.state_root, model.state_root());
}

TEST(ChainStore, CommitRefusesBlocksThatDoNotExtendTheHead) {
  TempDir dir;
  auto store = open_ok(dir.str());
  StateChanges none;
  auto before_genesis = store->commit_block(Block{}, {}, none, RootsMode::kFill);
  ASSERT_FALSE(before_genesis.ok());
  EXPECT_EQ(before_genesis.error().message, "cannot commit a block: the store has no genesis yet");
  ASSERT_TRUE(store->init_genesis(small_genesis()).ok());
  Block block = next_block(*store->head());
  block.header.number = 2;
  EXPECT_FALSE(store->commit_block(block, {}, none, RootsMode::kFill).ok());
  block = next_block(*store->head());
  block.header.parent_hash.bytes[0] ^= 1;
  auto wrong_parent = store->commit_block(block, {}, none, RootsMode::kFill);
  ASSERT_FALSE(wrong_parent.ok());
  EXPECT_NE(wrong_parent.error().message.find("has parent"), std::string::npos);
  StateChanges bad_code;
  bad_code.code.push_back({Hash{}, std::make_shared<const Bytes>(Bytes{1, 2})});
  EXPECT_FALSE(
      store->commit_block(next_block(*store->head()), {}, bad_code, RootsMode::kFill).ok());
  EXPECT_EQ(store->head()->number, 0u);
}

TEST(ChainStore, TouchedEmptyAccountsAreRemoved) {
  TempDir dir;
  auto store = open_ok(dir.str());
  const Genesis genesis = small_genesis();
  ASSERT_TRUE(store->init_genesis(genesis).ok());
  Model model = model_of(genesis);
  ASSERT_TRUE(model.accounts.contains(address_of(9999)));  // empty, kept by genesis
  StateChanges changes;
  changes.values.emplace_back(StateKey::balance(address_of(9999)), U256());  // touched
  changes.values.emplace_back(StateKey::balance(address_of(5)), U256());
  changes.values.emplace_back(StateKey::nonce(address_of(5)), U256());  // now empty
  changes.values.emplace_back(StateKey::storage(address_of(2), slot_of(3)), U256());
  changes.values.emplace_back(StateKey::balance(address_of(2)), U256());
  changes.values.emplace_back(StateKey::nonce(address_of(2)), U256());  // storage cleared too
  auto committed = commit_changes(*store, changes);
  ASSERT_TRUE(committed.ok()) << committed.error().message;
  model.apply(changes);
  EXPECT_FALSE(model.accounts.contains(address_of(9999)));
  EXPECT_FALSE(model.accounts.contains(address_of(5)));
  EXPECT_FALSE(model.accounts.contains(address_of(2)));
  EXPECT_EQ(committed->header.state_root, model.state_root());
  for (uint64_t i : {9999, 5, 2}) {
    EXPECT_FALSE(store->head_state()->account(address_of(i))->has_value()) << i;
    EXPECT_FALSE(store->account_at(1, address_of(i))->has_value()) << i;
  }
  EXPECT_TRUE(store->account_at(0, address_of(9999))->has_value());
  EXPECT_TRUE(store->verify_head_state().ok());
}

// A store with 300 accounts at genesis, two views of genesis, and a later block
// that changes account 1's balance to 12345 and creates account 900: the views stay
// at genesis.
struct GenesisViewsThenABlock {
  TempDir dir;
  std::unique_ptr<ChainStore> store = open_ok(dir.str());
  std::unique_ptr<FlatStateView> view, reference;

  GenesisViewsThenABlock() {
    EXPECT_TRUE(store->init_genesis(small_genesis(300)).ok());
    view = store->head_state();
    reference = store->head_state();
    StateChanges changes;
    changes.values.emplace_back(StateKey::balance(address_of(1)), U256(12345));
    changes.values.emplace_back(StateKey::nonce(address_of(900)), U256(7));
    EXPECT_TRUE(commit_changes(*store, changes).ok());
  }
};

TEST(ChainStore, PrefetchedAccountsReadAsTheViewsBlock) {
  GenesisViewsThenABlock setup;
  auto& [dir, store, view, reference] = setup;
  std::vector<Address> addresses;
  for (uint64_t i = 0; i < 1000; ++i) addresses.push_back(address_of(i % 1000));
  addresses.push_back(address_of(1));  // repeated
  view->prefetch_accounts(addresses);
  view->prefetch_accounts(addresses);  // all cached now: nothing to read
  ASSERT_TRUE(view->status().ok());
  for (uint64_t i = 0; i < 1000; ++i) {
    const Address address = address_of(i);
    EXPECT_EQ(view->balance(address), reference->balance(address)) << i;
    EXPECT_EQ(view->nonce(address), reference->nonce(address)) << i;
    EXPECT_EQ(view->code_hash(address), reference->code_hash(address)) << i;
  }
  EXPECT_EQ(store->head_state()->balance(address_of(1)), U256(12345));
}

// Parallel workers share one view: the first reads of an account race to cache it,
// and every thread must still read the view's block.
TEST(ChainStore, ThreadsReadingOneViewAllSeeItsBlock) {
  GenesisViewsThenABlock setup;
  auto& [dir, store, view, reference] = setup;
  constexpr uint64_t kAccounts = 1000;  // past the genesis: absent accounts cache too
  constexpr unsigned kThreads = 4;
  std::vector<std::optional<Account>> expected;  // read on this thread alone
  for (uint64_t i = 0; i < kAccounts; ++i) {
    auto account = reference->account(address_of(i));
    ASSERT_TRUE(account.ok());
    expected.push_back(*account);
  }
  std::atomic<unsigned> mismatches{0};
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (uint64_t n = 0; n < kAccounts; ++n) {
        // Each thread walks the accounts from its own start, so first reads collide.
        const uint64_t i = (n * (t + 1) + t * 97) % kAccounts;
        auto account = view->account(address_of(i));
        if (!account.ok() || *account != expected[i]) ++mismatches;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(mismatches.load(), 0u);
  EXPECT_TRUE(view->status().ok());
  EXPECT_EQ(view->balance(address_of(1)), expected[1]->balance);
  EXPECT_FALSE(expected[900].has_value());
}

TEST(ChainStore, HeadStateStaysPinnedWhileBlocksCommit) {
  TempDir dir;
  auto store = open_ok(dir.str());
  ASSERT_TRUE(store->init_genesis(small_genesis()).ok());
  // Block n sets the marker account's balance to n and its nonce to n: a reader
  // that sees a mix of two blocks, or a value that is not its block's, fails.
  const Address marker = address_of(77);
  std::atomic<bool> done{false};
  std::atomic<int> checks{0};
  std::atomic<bool> consistent{true};
  std::thread reader([&] {
    while (!done.load()) {
      auto view = store->head_state();
      if (!view) continue;
      const uint64_t number = view->block_number();
      const U256 balance = view->balance(marker);
      std::this_thread::yield();
      const uint64_t nonce = view->nonce(marker);
      if (balance != U256(number) || nonce != number) {
        if (consistent.exchange(false)) {
          ADD_FAILURE() << "block " << number << ": balance " << balance.to_dec() << ", nonce "
                        << nonce;
        }
      }
      auto header = store->header_by_hash(view->block_hash());
      if (!header.ok() || !header->has_value() || (*header)->number != number) consistent = false;
      ++checks;
    }
  });
  // Commit until the reader has looked often enough (it may start late on a busy machine).
  for (uint64_t n = 1; n <= 40 || (checks.load() < 100 && n < 5000); ++n) {
    StateChanges changes;
    changes.values.emplace_back(StateKey::balance(marker), U256(n));
    changes.values.emplace_back(StateKey::nonce(marker), U256(n));
    ASSERT_TRUE(commit_changes(*store, changes).ok());
  }
  done = true;
  reader.join();
  EXPECT_TRUE(consistent.load());
  EXPECT_GT(checks.load(), 0);
}

}  // namespace
}  // namespace pel

namespace pel {
namespace {

using namespace store_test;

TEST(ChainStoreVerify, DetectsTamperedStateAndMissingBlocks) {
  TempDir dir;
  const Genesis genesis = small_genesis();
  Model model = model_of(genesis);
  std::mt19937_64 rng(21);
  std::vector<Hash> hashes;
  {
    auto store = open_ok(dir.str());
    ASSERT_TRUE(store->init_genesis(genesis).ok());
    for (int n = 1; n <= 5; ++n) {
      StateChanges changes = random_changes(rng, model, 30, 20);
      auto committed = commit_changes(*store, changes);
      ASSERT_TRUE(committed.ok());
      model.apply(changes);
      hashes.push_back(committed->hash);
    }
    auto chain = store->verify_canonical_chain();
    ASSERT_TRUE(chain.ok()) << chain.error().message;
    EXPECT_EQ(chain->genesis, 0u);
    EXPECT_EQ(chain->head, 5u);
    ASSERT_TRUE(store->verify_head_state().ok());
  }
  {
    auto db = Database::open(dir.str(), {.sync_writes = false});
    ASSERT_TRUE(db.ok());
    const Address victim = model.accounts.begin()->first;
    Account account =
        schema::decode_account(*(*db)->get(Column::kAccounts, victim.view()).value()).value();
    account.balance += U256(1);
    auto batch = (*db)->make_batch();
    batch.put(Column::kAccounts, victim.view(), schema::encode_account(account));
    batch.erase(Column::kBodies, hashes[2].view());  // block 3
    ASSERT_TRUE((*db)->write(batch).ok());
  }
  auto store = open_ok(dir.str());
  auto state = store->verify_head_state();
  ASSERT_FALSE(state.ok());
  EXPECT_NE(state.error().message.find("state root mismatch at block 5"), std::string::npos)
      << state.error().message;
  auto chain = store->verify_canonical_chain();
  ASSERT_FALSE(chain.ok());
  EXPECT_EQ(chain.error().message, "the body of block 3 is missing");
}

}  // namespace
}  // namespace pel

namespace pel {
namespace {

using namespace store_test;

TEST(ChainStoreOptions, PreloadedWholeTrieAndExecutedOnView) {
  TempDir dir;
  const Genesis genesis = small_genesis(100);
  Model model = model_of(genesis);
  std::mt19937_64 rng(31);
  {
    auto store = open_ok(dir.str());
    ASSERT_TRUE(store->init_genesis(genesis).ok());
    for (int n = 1; n <= 3; ++n) {
      StateChanges changes = random_changes(rng, model, 120, 40);
      ASSERT_TRUE(commit_changes(*store, changes).ok());
      model.apply(changes);
    }
  }
  ChainStore::Options options = fast_options();
  options.preload_account_trie = true;
  options.resident_trie_depth = ChainStoreOptions::kWholeTrie;
  auto store = open_ok(dir.str(), options);
  ASSERT_TRUE(store);
  std::unique_ptr<FlatStateView> stale;
  for (int n = 4; n <= 10; ++n) {
    auto view = store->head_state();
    // The executor reads through the view; the commit reuses what it cached. A
    // view of an older block is ignored, not trusted.
    for (size_t i = 0; i < 120; ++i) (void)view->balance(address_of(i));
    StateChanges changes = random_changes(rng, model, 120, 40);
    Block block = next_block(*store->head());
    const FlatStateView* executed_on = n % 2 == 0 ? view.get() : stale.get();
    auto committed = store->commit_block(block, {}, changes, RootsMode::kFill, executed_on);
    ASSERT_TRUE(committed.ok()) << committed.error().message;
    model.apply(changes);
    ASSERT_EQ(committed->header.state_root, model.state_root()) << "block " << n;
    stale = std::move(view);
  }
  // A block crediting 600 accounts, at least 480 of them new: enough inserts for the
  // account trie to apply them on several threads, with no lookups first.
  StateChanges credits;
  for (size_t i = 0; i < 600; ++i) {
    credits.values.emplace_back(StateKey::balance(address_of(i)), U256(1000 + i));
  }
  ASSERT_TRUE(commit_changes(*store, credits).ok());
  model.apply(credits);
  EXPECT_EQ(store->head()->header.state_root, model.state_root());
  expect_state_matches(*store, model, 600);
  EXPECT_TRUE(store->verify_head_state().ok());
}

TEST(ChainStoreOptions, PreloadRefusesAFlatStateThatDisagreesWithTheHead) {
  TempDir dir;
  const Genesis genesis = small_genesis();
  {
    auto store = open_ok(dir.str());
    ASSERT_TRUE(store->init_genesis(genesis).ok());
  }
  {
    auto db = Database::open(dir.str(), {.sync_writes = false});
    ASSERT_TRUE(db.ok());
    auto batch = (*db)->make_batch();
    batch.put(Column::kAccounts, address_of(12345).view(),
              schema::encode_account(Account{1, U256(2), kEmptyCodeHash, kEmptyTrieRoot}));
    ASSERT_TRUE((*db)->write(batch).ok());
  }
  ChainStore::Options options = fast_options();
  options.preload_account_trie = true;
  auto store = ChainStore::open(dir.str(), options);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.error().message.find("the flat state gives state root"), std::string::npos)
      << store.error().message;
}

TEST(ChainStoreOpen, AnInterruptedCreationLeavesNoHalfDatabase) {
  TempDir dir;
  // What a creation killed half-way leaves: the staging directory, not the datadir.
  fs::create_directories(dir.str() + ".creating");
  std::ofstream(dir.str() + ".creating/CURRENT") << "partial";
  auto store = open_ok(dir.str());
  ASSERT_TRUE(store);
  EXPECT_FALSE(fs::exists(dir.str() + ".creating"));
  EXPECT_TRUE(store->init_genesis(small_genesis()).ok());
}

}  // namespace
TEST(ChainStore, SealerSignsTheFilledHeaderAndCanRefuse) {
  TempDir dir;
  auto store = open_ok(dir.str());
  ASSERT_TRUE(store->init_genesis(small_genesis()).ok());
  StateChanges none;
  Hash root_seen;
  ChainStore::HeaderSealer seal = [&](BlockHeader& header) -> Status {
    root_seen = header.state_root;
    header.extra_data = Bytes{0x5e, 0xa1};
    return {};
  };
  auto committed =
      store->commit_block(next_block(*store->head()), {}, none, RootsMode::kFill, nullptr, seal);
  ASSERT_TRUE(committed.ok()) << committed.error().message;
  EXPECT_EQ(root_seen, committed->header.state_root);
  EXPECT_EQ(committed->header.extra_data, (Bytes{0x5e, 0xa1}));
  auto stored = store->header_by_number(1);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->extra_data, (Bytes{0x5e, 0xa1}));

  ChainStore::HeaderSealer refuse = [](BlockHeader&) -> Status { return make_error("no key"); };
  auto refused =
      store->commit_block(next_block(*store->head()), {}, none, RootsMode::kFill, nullptr, refuse);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message, "block 2 not sealed: no key");
  EXPECT_EQ(store->head()->number, 1u);
}

}  // namespace pel
