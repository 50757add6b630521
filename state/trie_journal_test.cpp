// A block's trie nodes travel as one journal record and are moved into
// kTrieNodes afterwards: the record's format, the move on open after a stop,
// and reads that race the background move.
#include <gtest/gtest.h>

#include "state/chain_store_test_util.hpp"
#include "state/schema.hpp"
#include "state/trie.hpp"
#include "state/trie_journal_applier.hpp"
#include "state/trie_node_db.hpp"

namespace pel {
namespace {

using namespace store_test;

// The nodes of a fresh trie of `count` random entries (branches, extensions,
// leaves: all stored kinds).
TrieNodeBatch random_trie_nodes(std::mt19937_64& rng, size_t count) {
  Trie trie;
  for (size_t i = 0; i < count; ++i) {
    const uint64_t word = rng();
    const Hash key = keccak256(BytesView(reinterpret_cast<const uint8_t*>(&word), sizeof word));
    EXPECT_TRUE(trie.put(key.view(), Bytes(1 + rng() % 40, static_cast<uint8_t>(word))).ok());
  }
  (void)trie.root_hash();
  return trie.commit();
}

void write_journal(Database& db, uint64_t number, const TrieNodeBatch& nodes) {
  auto batch = db.make_batch();
  batch.put(Column::kMeta, schema::trie_journal_key(number), schema::encode_trie_journal(nodes));
  ASSERT_TRUE(db.write(batch).ok());
}

void expect_nodes_stored(const Database& db, const TrieNodeBatch& nodes) {
  for (const TrieNodeRecord& node : nodes) {
    auto stored = db.get(Column::kTrieNodes, node.hash.view());
    ASSERT_TRUE(stored.ok() && stored->has_value()) << "node " << node.hash.hex();
    EXPECT_EQ(**stored, node.rlp);
  }
}

bool has_journal(const Database& db, uint64_t number) {
  auto record = db.get(Column::kMeta, schema::trie_journal_key(number));
  EXPECT_TRUE(record.ok());
  return record.ok() && record->has_value();
}

TEST(TrieJournal, RecordRoundTripsAndRefusesTruncation) {
  std::mt19937_64 rng(1);
  const TrieNodeBatch nodes = random_trie_nodes(rng, 300);
  ASSERT_GT(nodes.size(), 100u);
  const Bytes record = schema::encode_trie_journal(nodes);
  auto decoded = schema::decode_trie_journal(record);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  ASSERT_EQ(decoded->size(), nodes.size());
  for (size_t i = 0; i < nodes.size(); ++i) {
    EXPECT_EQ((*decoded)[i].hash, nodes[i].hash);
    EXPECT_EQ((*decoded)[i].rlp, nodes[i].rlp);
  }
  for (size_t cut : {size_t{1}, size_t{20}, record.size() - 1}) {
    EXPECT_FALSE(schema::decode_trie_journal(BytesView(record).first(cut)).ok()) << cut;
  }
  EXPECT_TRUE(schema::decode_trie_journal({})->empty());
}

// A process that stopped after a block's write and before the move leaves the
// record: opening the store moves it and removes it.
TEST(TrieJournal, OpeningTheStoreMovesWhatAStoppedProcessLeft) {
  TempDir dir;
  std::mt19937_64 rng(2);
  const TrieNodeBatch first = random_trie_nodes(rng, 200);
  const TrieNodeBatch second = random_trie_nodes(rng, 50);
  {
    auto db = Database::open(dir.str(), {.sync_writes = false});
    ASSERT_TRUE(db.ok()) << db.error().message;
    write_journal(**db, 7, first);
    write_journal(**db, 8, second);
  }
  auto store = open_ok(dir.str());
  ASSERT_TRUE(store);
  expect_nodes_stored(store->database(), first);
  expect_nodes_stored(store->database(), second);
  EXPECT_FALSE(has_journal(store->database(), 7));
  EXPECT_FALSE(has_journal(store->database(), 8));
}

TEST(TrieJournal, ACorruptedRecordIsAClearErrorOnOpen) {
  TempDir dir;
  {
    auto db = Database::open(dir.str(), {.sync_writes = false});
    ASSERT_TRUE(db.ok()) << db.error().message;
    auto batch = (*db)->make_batch();
    batch.put(Column::kMeta, schema::trie_journal_key(3), Bytes(40, 0xff));
    ASSERT_TRUE((*db)->write(batch).ok());
  }
  auto store = ChainStore::open(dir.str(), fast_options());
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.error().message.find("trie journal"), std::string::npos) << store.error().message;
}

// Readers that ask for a node while it moves find it, whichever side of the
// move they land on.
TEST(TrieJournal, ReadersFindNodesWhileTheyMove) {
  TempDir dir;
  auto db = Database::open(dir.str(), {.sync_writes = false});
  ASSERT_TRUE(db.ok()) << db.error().message;
  TrieJournalApplier applier(**db);
  const DatabaseTrieNodes reader(**db, &applier);
  std::mt19937_64 rng(3);
  for (uint64_t number = 1; number <= 20; ++number) {
    TrieNodeBatch nodes = random_trie_nodes(rng, 2000);
    ASSERT_TRUE(applier.wait_idle().ok());
    applier.hold(number, nodes);
    write_journal(**db, number, nodes);
    applier.publish();
    for (const TrieNodeRecord& node : nodes) {
      auto read = reader.read_node(node.hash);
      ASSERT_TRUE(read.ok()) << "block " << number << ": " << read.error().message;
      ASSERT_EQ(*read, node.rlp);
    }
    ASSERT_TRUE(applier.wait_idle().ok());
    EXPECT_FALSE(has_journal(**db, number));
  }
  EXPECT_GT(applier.last_move_ms(), 0.0);
  // A withdrawn block (its write failed) is never moved, and readers stop waiting.
  TrieNodeBatch withdrawn = random_trie_nodes(rng, 10);
  applier.hold(99, withdrawn);
  applier.withdraw();
  ASSERT_TRUE(applier.wait_idle().ok());
  EXPECT_FALSE(reader.read_node(withdrawn.front().hash).ok());
  const Hash absent = keccak256(as_view("no such node"));
  EXPECT_FALSE(reader.read_node(absent).ok());
}

// Right after each commit, historical reads walk the new state trie, whose
// nodes may still be moving; with a small resident depth the next commit
// reloads them too.
TEST(TrieJournal, TheTrieOfTheBlockJustCommittedReadsWhole) {
  TempDir dir;
  ChainStore::Options options = fast_options();
  options.resident_trie_depth = 1;
  auto store = open_ok(dir.str(), options);
  ASSERT_TRUE(store);
  const Genesis genesis = small_genesis(100);
  ASSERT_TRUE(store->init_genesis(genesis).ok());
  Model model = model_of(genesis);
  std::mt19937_64 rng(4);
  constexpr size_t kPool = 120;
  for (int n = 1; n <= 12; ++n) {
    StateChanges changes = random_changes(rng, model, kPool, 80);
    auto committed = commit_changes(*store, changes);
    ASSERT_TRUE(committed.ok()) << committed.error().message;
    model.apply(changes);
    ASSERT_EQ(committed->header.state_root, model.state_root()) << "block " << n;
    for (size_t i = 0; i < kPool; ++i) {
      const Address address = address_of(i);
      auto account = store->account_at(committed->header.number, address);
      ASSERT_TRUE(account.ok()) << "block " << n << ": " << account.error().message;
      ASSERT_EQ(account->has_value(), model.accounts.contains(address)) << "account " << i;
      if (!account->has_value()) continue;
      EXPECT_EQ((*account)->balance, model.read(StateKey::balance(address))) << "account " << i;
      for (uint64_t s = 0; s < 10; ++s) {
        auto slot = store->storage_at(committed->header.number, address, slot_of(s));
        ASSERT_TRUE(slot.ok()) << slot.error().message;
        EXPECT_EQ(*slot, model.read(StateKey::storage(address, slot_of(s))));
      }
    }
  }
}

}  // namespace
}  // namespace pel
