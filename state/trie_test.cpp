#include "state/trie.hpp"

#include <gtest/gtest.h>
#include <oneapi/tbb/global_control.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "core/rlp.hpp"
#include "crypto/keccak.hpp"
#include "state/trie_node.hpp"
#include "state/trie_test_util.hpp"

namespace pel {
namespace {

using trie_test::hex;
using trie_test::random_bytes;
using trie_test::random_short_key;
using trie_test::random_value;
using trie_test::scratch_root;
using trie_test::TrieContents;

Bytes hashed_key(std::mt19937_64& rng) {
  return random_bytes(rng, 32);
}

// Every record must be addressed by the hash of its RLP and decode as a node.
void expect_well_formed(const TrieNodeBatch& batch) {
  for (const auto& record : batch) {
    EXPECT_EQ(keccak256(record.rlp), record.hash);
    EXPECT_TRUE(trie_detail::decode_node(record.rlp).ok());
  }
}

TEST(Trie, EmptyRoot) {
  EXPECT_EQ(kEmptyTrieRoot.hex(),
            "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421");
  EXPECT_EQ(keccak256(hex("0x80")), kEmptyTrieRoot);
  Trie trie;
  EXPECT_TRUE(trie.empty());
  EXPECT_EQ(trie.root_hash(), kEmptyTrieRoot);
  EXPECT_TRUE(trie.commit().empty());
  EXPECT_EQ(*trie_root_from_sorted({}), kEmptyTrieRoot);
  EXPECT_EQ(*trie_root({}), kEmptyTrieRoot);
  EXPECT_EQ(ordered_trie_root({}), kEmptyTrieRoot);
  Trie reopened(nullptr, kEmptyTrieRoot);  // no store needed: nothing to load
  EXPECT_TRUE(reopened.empty());
  EXPECT_EQ(*reopened.get(hex("0x01")), std::nullopt);
}

TEST(Trie, EmptyValueMeansAbsent) {
  Trie trie;
  ASSERT_TRUE(trie.put(hex("0x01"), hex("0x02")).ok());
  ASSERT_TRUE(trie.put(hex("0x01"), {}).ok());
  EXPECT_EQ(trie.root_hash(), kEmptyTrieRoot);
  EXPECT_EQ(*trie_root({{hex("0x01"), {}}}), kEmptyTrieRoot);
  EXPECT_EQ(ordered_trie_root({Bytes{}}), kEmptyTrieRoot);
}

TEST(Trie, GetFindsExactKeysOnly) {
  Trie trie;
  ASSERT_TRUE(trie.put(as_view("do"), as_view("verb")).ok());
  ASSERT_TRUE(trie.put(as_view("dog"), as_view("puppy")).ok());
  ASSERT_TRUE(trie.put(as_view("doge"), as_view("coin")).ok());
  ASSERT_TRUE(trie.put(as_view("horse"), as_view("stallion")).ok());
  EXPECT_EQ(*trie.get(as_view("dog")), std::optional<Bytes>(Bytes{'p', 'u', 'p', 'p', 'y'}));
  EXPECT_EQ(*trie.get(as_view("do")), std::optional<Bytes>(Bytes{'v', 'e', 'r', 'b'}));
  EXPECT_EQ(*trie.get(as_view("d")), std::nullopt);
  EXPECT_EQ(*trie.get(as_view("dogecoin")), std::nullopt);
  EXPECT_EQ(*trie.get(as_view("horses")), std::nullopt);
  EXPECT_EQ(*trie.get({}), std::nullopt);
  // The ethereum wiki's example trie.
  EXPECT_EQ(trie.root_hash().hex(),
            "0x5991bb8c6514148a29db676a14ac506cd2cd5775ace63c30a4fe457715e9ac84");
}

TEST(Trie, InsertionOrderDoesNotMatter) {
  std::mt19937_64 rng(7);
  TrieContents contents;
  for (int i = 0; i < 300; ++i)
    contents[i % 2 == 0 ? random_short_key(rng) : hashed_key(rng)] = random_value(rng);
  std::vector<TrieEntry> entries = trie_test::entries_of(contents);
  const Hash expected = scratch_root(contents);
  for (int round = 0; round < 10; ++round) {
    std::shuffle(entries.begin(), entries.end(), rng);
    Trie trie;
    ASSERT_TRUE(trie.apply(entries).ok());
    EXPECT_EQ(trie.root_hash(), expected);
    EXPECT_EQ(*trie_root(entries), expected);
  }
}

TEST(Trie, DeletingEverythingGivesTheEmptyRoot) {
  for (uint64_t seed = 0; seed < 20; ++seed) {
    std::mt19937_64 rng(seed);
    std::vector<Bytes> keys;
    Trie trie;
    for (int i = 0; i < 100; ++i) {
      keys.push_back(seed % 2 == 0 ? random_short_key(rng) : hashed_key(rng));
      ASSERT_TRUE(trie.put(keys.back(), random_value(rng)).ok());
    }
    MemoryTrieNodeStore store;
    const Hash full = trie.root_hash();
    store.write(trie.commit());
    Trie reopened(&store, full);  // deletions now walk nodes loaded from the store
    std::shuffle(keys.begin(), keys.end(), rng);
    for (const auto& key : keys) {
      ASSERT_TRUE(trie.remove(key).ok());
      ASSERT_TRUE(reopened.remove(key).ok());
    }
    EXPECT_TRUE(trie.empty());
    EXPECT_EQ(trie.root_hash(), kEmptyTrieRoot);
    EXPECT_EQ(reopened.root_hash(), kEmptyTrieRoot);
  }
}

// Random batches of inserts, updates and deletes, checked against the root of
// the same contents built from nothing, with commits, reopenings from the store
// and unloading between batches.
void run_incremental(uint64_t seed, bool hashed_keys, int batch_size) {
  SCOPED_TRACE(testing::Message() << "seed " << seed << (hashed_keys ? " hashed" : " short")
                                  << " batch " << batch_size);
  std::mt19937_64 rng(seed);
  MemoryTrieNodeStore store;
  Trie trie(&store);
  TrieContents contents;
  std::vector<Bytes> known;  // keys ever used, to update and delete existing ones
  for (int round = 0; round < 12; ++round) {
    for (int i = 0; i < batch_size; ++i) {
      const uint64_t action = rng() % 10;
      Bytes key = (known.empty() || action < 4)
                      ? (hashed_keys ? hashed_key(rng) : random_short_key(rng))
                      : known[rng() % known.size()];
      if (action >= 7) {
        ASSERT_TRUE(trie.remove(key).ok());
        contents.erase(key);
      } else {
        Bytes value = random_value(rng);
        ASSERT_TRUE(trie.put(key, value).ok());
        contents[key] = value;
      }
      known.push_back(std::move(key));
    }
    ASSERT_EQ(trie.root_hash(), scratch_root(contents));
    switch (round % 4) {
      case 0:
        break;  // keep going on the same nodes, without a commit
      case 1: {
        TrieNodeBatch batch = trie.commit();
        expect_well_formed(batch);
        store.write(batch);
        break;
      }
      case 2: {
        const Hash root = trie.root_hash();
        store.write(trie.commit());
        trie = Trie(&store, root);
        break;
      }
      case 3:
        store.write(trie.commit());
        trie.unload(rng() % 3);
        break;
    }
    for (int probe = 0; probe < 20 && !known.empty(); ++probe) {
      const Bytes& key = known[rng() % known.size()];
      auto found = trie.get(key);
      ASSERT_TRUE(found.ok()) << found.error().message;
      auto it = contents.find(key);
      EXPECT_EQ(*found, it == contents.end() ? std::nullopt : std::optional<Bytes>(it->second));
    }
  }
  ASSERT_EQ(trie.root_hash(), scratch_root(contents));
}

TEST(Trie, IncrementalMatchesFromScratchShortKeys) {
  for (uint64_t seed = 0; seed < 60; ++seed)
    run_incremental(seed, false, 1 + static_cast<int>(seed % 7) * 5);
}

TEST(Trie, IncrementalMatchesFromScratchHashedKeys) {
  for (uint64_t seed = 100; seed < 130; ++seed)
    run_incremental(seed, true, 1 + static_cast<int>(seed % 5) * 40);
}

// Enough changes to take the parallel hashing paths of the builder and the trie.
TEST(Trie, LargeBatchesAreDeterministic) {
  std::mt19937_64 rng(42);
  TrieContents contents;
  for (int i = 0; i < 20000; ++i) contents[hashed_key(rng)] = random_value(rng);
  const std::vector<TrieEntry> entries = trie_test::entries_of(contents);

  TrieNodeBatch built_nodes;
  const Hash built = *trie_root_from_sorted(entries, &built_nodes);
  {
    oneapi::tbb::global_control one_thread(oneapi::tbb::global_control::max_allowed_parallelism, 1);
    EXPECT_EQ(*trie_root_from_sorted(entries), built);
    auto sequential = Trie::from_sorted(entries);
    EXPECT_EQ(sequential->root_hash(), built);
  }
  auto trie = Trie::from_sorted(entries);
  ASSERT_TRUE(trie.ok());
  const TrieNodeBatch committed = trie->commit();
  EXPECT_EQ(trie->root_hash(), built);
  expect_well_formed(committed);
  auto hashes = [](const TrieNodeBatch& batch) {
    std::set<Hash> out;
    for (const auto& record : batch) out.insert(record.hash);
    return out;
  };
  EXPECT_EQ(hashes(committed), hashes(built_nodes));
  EXPECT_EQ(committed.size(), built_nodes.size());  // no node twice

  Trie inserted;
  for (const auto& entry : entries) ASSERT_TRUE(inserted.put(entry.key, entry.value).ok());
  EXPECT_EQ(inserted.root_hash(), built);

  // A large update on the stored trie, hashed in parallel, then reopened.
  MemoryTrieNodeStore store;
  store.write(committed);
  Trie updated(&store, built);
  std::vector<TrieEntry> changes;
  for (int i = 0; i < 6000; ++i) {
    const Bytes& existing = entries[rng() % entries.size()].key;
    Bytes key = i % 3 == 0 ? hashed_key(rng) : existing;
    Bytes value = i % 4 == 0 ? Bytes{} : random_value(rng);
    if (value.empty()) {
      contents.erase(key);
    } else {
      contents[key] = value;
    }
    changes.push_back({std::move(key), std::move(value)});
  }
  ASSERT_TRUE(updated.apply(changes).ok());
  const TrieNodeBatch update_nodes = updated.commit();
  expect_well_formed(update_nodes);
  EXPECT_EQ(updated.root_hash(), scratch_root(contents));
  store.write(update_nodes);
  Trie reopened(&store, updated.root_hash());
  for (int probe = 0; probe < 200; ++probe) {
    const TrieEntry& change = changes[rng() % changes.size()];
    auto it = contents.find(change.key);
    EXPECT_EQ(*reopened.get(change.key),
              it == contents.end() ? std::nullopt : std::optional<Bytes>(it->second));
  }
}

// Many inserts below a root branch go to its children on several threads; the
// trie must end exactly as if they were put one by one, in order.
TEST(Trie, ParallelApplyMatchesOneByOnePuts) {
  std::mt19937_64 rng(17);
  TrieContents contents;
  for (int i = 0; i < 5000; ++i) contents[hashed_key(rng)] = random_value(rng);
  const std::vector<TrieEntry> entries = trie_test::entries_of(contents);
  const Hash root = *trie_root_from_sorted(entries);
  auto built = Trie::from_sorted(entries);
  MemoryTrieNodeStore store;
  store.write(built->commit());

  // New keys, updates, the same key twice (the later value wins), and keys of
  // one to three bytes, which end in branches near the root.
  std::vector<TrieEntry> changes;
  for (int i = 0; i < 3000; ++i) {
    Bytes key;
    switch (i % 4) {
      case 0:
        key = hashed_key(rng);
        break;
      case 1:
        key = entries[rng() % entries.size()].key;
        break;
      case 2:
        key = changes.empty() ? hashed_key(rng) : changes[rng() % changes.size()].key;
        break;
      default:
        key = random_bytes(rng, 1 + rng() % 3);
        break;
    }
    Bytes value = random_value(rng);
    contents[key] = value;
    changes.push_back({std::move(key), std::move(value)});
  }

  // Both tries start from the store, so the parallel walks also load nodes.
  Trie parallel(&store, root);
  ASSERT_TRUE(parallel.apply(changes).ok());
  Trie one_by_one(&store, root);
  for (const TrieEntry& change : changes)
    ASSERT_TRUE(one_by_one.put(change.key, change.value).ok());

  EXPECT_EQ(parallel.root_hash(), scratch_root(contents));
  EXPECT_EQ(parallel.root_hash(), one_by_one.root_hash());
  auto sorted_hashes = [](const TrieNodeBatch& batch) {
    std::vector<Hash> out;
    for (const auto& record : batch) out.push_back(record.hash);
    std::sort(out.begin(), out.end());
    return out;
  };
  const TrieNodeBatch parallel_nodes = parallel.commit();
  expect_well_formed(parallel_nodes);
  EXPECT_EQ(sorted_hashes(parallel_nodes), sorted_hashes(one_by_one.commit()));
  EXPECT_TRUE(parallel.commit().empty());

  // A store that lost the nodes below the root: the error comes back from the
  // threads, whichever child meets it.
  MemoryTrieNodeStore root_only;
  for (const auto& record : parallel_nodes) {
    if (record.hash == parallel.root_hash()) root_only.write(record);
  }
  Trie broken(&root_only, parallel.root_hash());
  EXPECT_FALSE(broken.apply(changes).ok());
}

TEST(Trie, ShortRootIsStoredUnderItsHash) {
  Trie trie;
  ASSERT_TRUE(trie.put(hex("0x01"), hex("0x02")).ok());
  const Hash root = trie.root_hash();
  const TrieNodeBatch batch = trie.commit();
  ASSERT_EQ(batch.size(), 1u);
  EXPECT_EQ(batch[0].hash, root);
  EXPECT_LT(batch[0].rlp.size(), 32u);
  MemoryTrieNodeStore store;
  store.write(batch);
  Trie reopened(&store, root);
  EXPECT_EQ(*reopened.get(hex("0x01")), std::optional<Bytes>(hex("0x02")));
  EXPECT_TRUE(trie.commit().empty());  // nothing changed since
}

TEST(Trie, CommitHandsOutOnlyNewNodes) {
  std::mt19937_64 rng(3);
  Trie trie;
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(trie.put(hashed_key(rng), random_value(rng)).ok());
  const size_t first = trie.commit().size();
  EXPECT_GT(first, 1000u);
  ASSERT_TRUE(trie.put(hashed_key(rng), random_value(rng)).ok());
  const TrieNodeBatch second = trie.commit();
  // One new leaf (or short node) and the branches on its path: a handful.
  EXPECT_GE(second.size(), 2u);
  EXPECT_LE(second.size(), 6u);
  EXPECT_TRUE(trie.commit().empty());
}

TEST(Trie, OrderedRootMatchesRlpIndexKeys) {
  std::mt19937_64 rng(11);
  std::vector<Bytes> values;
  Trie trie;
  for (uint64_t i = 0; i < 300; ++i) {  // past 0x7f and 0xff, where rlp(i) changes form
    values.push_back(random_value(rng));
    Bytes key;
    rlp::encode_uint(key, i);
    ASSERT_TRUE(trie.put(key, values.back()).ok());
    if (i == 0 || i == 1 || i == 127 || i == 128 || i == 255 || i == 256 || i == 299) {
      EXPECT_EQ(ordered_trie_root(values), trie.root_hash()) << "at " << i;
    }
  }
}

TEST(Trie, BuilderRejectsUnsortedInput) {
  EXPECT_FALSE(trie_root_from_sorted(
                   std::vector<TrieEntry>{{hex("0x02"), hex("0x01")}, {hex("0x01"), hex("0x01")}})
                   .ok());
  EXPECT_FALSE(trie_root_from_sorted(
                   std::vector<TrieEntry>{{hex("0x01"), hex("0x01")}, {hex("0x01"), hex("0x02")}})
                   .ok());
  EXPECT_FALSE(trie_root_from_sorted(std::vector<TrieEntry>{{hex("0x01"), {}}}).ok());
  EXPECT_FALSE(trie_root({{hex("0x01"), hex("0x01")}, {hex("0x01"), hex("0x02")}}).ok());
  EXPECT_FALSE(Trie::from_sorted(
                   std::vector<TrieEntry>{{hex("0x02"), hex("0x01")}, {hex("0x01"), hex("0x01")}})
                   .ok());
  EXPECT_TRUE(trie_root_from_sorted(
                  std::vector<TrieEntry>{{hex("0x01"), hex("0x01")}, {hex("0x0100"), hex("0x01")}})
                  .ok());
}

TEST(Trie, MissingOrBrokenNodesAreErrors) {
  std::mt19937_64 rng(5);
  Trie trie;
  std::vector<Bytes> keys;
  for (int i = 0; i < 50; ++i) {
    keys.push_back(hashed_key(rng));
    ASSERT_TRUE(trie.put(keys.back(), random_value(rng)).ok());
  }
  const Hash root = trie.root_hash();
  const TrieNodeBatch batch = trie.commit();

  MemoryTrieNodeStore empty_store;
  Trie missing(&empty_store, root);
  EXPECT_FALSE(missing.get(keys[0]).ok());
  EXPECT_FALSE(missing.put(keys[0], hex("0x01")).ok());
  EXPECT_FALSE(missing.remove(keys[0]).ok());
  Trie no_store(nullptr, root);
  EXPECT_FALSE(no_store.get(keys[0]).ok());

  // The root node's RLP under the root hash, but garbled.
  MemoryTrieNodeStore broken;
  for (const auto& record : batch) {
    Bytes rlp = record.rlp;
    if (record.hash == root) rlp.resize(rlp.size() / 2);
    broken.write({record.hash, rlp});
  }
  Trie garbled(&broken, root);
  EXPECT_FALSE(garbled.get(keys[0]).ok());
}

TEST(TrieNodeDecoding, RejectsMalformedNodes) {
  using trie_detail::decode_node;
  EXPECT_FALSE(decode_node({}).ok());
  EXPECT_FALSE(decode_node(hex("0x80")).ok());          // a string, not a list
  EXPECT_FALSE(decode_node(hex("0xc0")).ok());          // no items
  EXPECT_FALSE(decode_node(hex("0xc3010203")).ok());    // three items
  EXPECT_FALSE(decode_node(hex("0xc22080")).ok());      // a leaf with an empty value
  EXPECT_FALSE(decode_node(hex("0xc20080")).ok());      // an extension without path or child
  EXPECT_FALSE(decode_node(hex("0xc3118180")).ok());    // an extension to a 1-byte reference
  EXPECT_FALSE(decode_node(hex("0xc2400a")).ok());      // an unknown path flag
  EXPECT_FALSE(decode_node(hex("0xc58320010a")).ok());  // the header claims more than there is
  auto good = decode_node(hex("0xc482200102"));
  ASSERT_TRUE(good.ok());
  EXPECT_EQ((*good)->kind, trie_detail::NodeKind::leaf);
}

}  // namespace
}  // namespace pel
