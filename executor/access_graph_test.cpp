#include "executor/access_graph.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <vector>

namespace pel {
namespace {

StateKey key(uint8_t id) {
  Address address;
  address.bytes[0] = id;
  return StateKey::balance(address);
}

AccessDeclaration declare(std::initializer_list<KeyAccess> accesses) {
  AccessDeclaration declaration;
  for (const KeyAccess& access : accesses) declaration.push_back(access);
  return declaration;
}

constexpr AccessMode kRw = AccessMode::kReadWrite;
constexpr AccessMode kAdd = AccessMode::kAdd;

std::vector<TxnIndex> as_vector(std::span<const TxnIndex> span) {
  return {span.begin(), span.end()};
}

TEST(AccessGraph, ReadWriteAccessesOfAKeyFormAChain) {
  AccessGraph graph;
  graph.reset(3, 4);
  for (int i = 0; i < 3; ++i) graph.add(declare({{key(1), kRw}}));
  EXPECT_EQ(graph.depth(), 3u);
  EXPECT_TRUE(graph.predecessors(0).empty());
  EXPECT_EQ(as_vector(graph.predecessors(1)), std::vector<TxnIndex>{0});
  EXPECT_EQ(as_vector(graph.predecessors(2)), std::vector<TxnIndex>{1});
  EXPECT_EQ(graph.slot_count(), 1u);
}

TEST(AccessGraph, DisjointTransactionsAreAllRoots) {
  AccessGraph graph;
  graph.reset(100, 100);
  for (int i = 0; i < 100; ++i) graph.add(declare({{key(i), kRw}}));
  EXPECT_EQ(graph.depth(), 1u);
  for (TxnIndex txn = 0; txn < 100; ++txn) EXPECT_TRUE(graph.predecessors(txn).empty());
  EXPECT_DOUBLE_EQ(graph.speedup_bound(2), 100.0 / 51.0);
  EXPECT_EQ(graph.slot_count(), 100u);  // the table grew past its first size
}

TEST(AccessGraph, AddersDoNotOrderAmongThemselvesButBeforeTheNextOwner) {
  AccessGraph graph;
  graph.reset(5, 4);
  graph.add(declare({{key(1), kRw}, {key(9), kAdd}}));  // 0
  graph.add(declare({{key(2), kRw}, {key(9), kAdd}}));  // 1
  graph.add(declare({{key(9), kRw}}));                  // 2 reads the sum
  graph.add(declare({{key(3), kRw}, {key(9), kAdd}}));  // 3
  graph.add(declare({{key(1), kRw}}));                  // 4

  EXPECT_TRUE(graph.predecessors(1).empty());  // adders do not wait for each other
  EXPECT_EQ(as_vector(graph.predecessors(2)), (std::vector<TxnIndex>{0, 1}));
  EXPECT_TRUE(graph.predecessors(3).empty());  // nor for the owner before them
  EXPECT_EQ(as_vector(graph.predecessors(4)), std::vector<TxnIndex>{0});

  // Adders 0 and 1 share the segment the owner folds in; adder 3 opens the next one,
  // left open for the change collection.
  EXPECT_EQ(graph.segments(), 2u);
  const TxnAccess& owner = graph.accesses(2)[0];
  EXPECT_EQ(owner.segment, graph.accesses(0)[1].segment);
  EXPECT_EQ(owner.segment, graph.accesses(1)[1].segment);
  EXPECT_EQ(graph.open_segment(owner.slot), graph.accesses(3)[1].segment);
  EXPECT_NE(owner.segment, graph.accesses(3)[1].segment);
  EXPECT_EQ(graph.depth(), 2u);
}

TEST(AccessGraph, AddersOfDifferentKeysKeepTheirOwnSegments) {
  AccessGraph graph;
  graph.reset(6, 4);
  graph.add(declare({{key(1), kRw}, {key(8), kAdd}}));  // 0
  graph.add(declare({{key(2), kRw}, {key(9), kAdd}}));  // 1
  graph.add(declare({{key(3), kRw}, {key(9), kAdd}}));  // 2
  graph.add(declare({{key(4), kRw}, {key(8), kAdd}}));  // 3
  graph.add(declare({{key(8), kRw}}));                  // 4 reads key 8's sum
  graph.add(declare({{key(9), kRw}}));                  // 5 reads key 9's sum
  EXPECT_EQ(graph.slot_count(), 6u);
  EXPECT_EQ(graph.segments(), 2u);
  EXPECT_EQ(graph.accesses(0)[1].slot, graph.accesses(3)[1].slot);
  EXPECT_EQ(graph.accesses(1)[1].slot, graph.accesses(2)[1].slot);
  EXPECT_NE(graph.accesses(0)[1].slot, graph.accesses(1)[1].slot);
  EXPECT_EQ(graph.slot(graph.accesses(3)[1].slot).key, key(8));
  EXPECT_EQ(graph.slot(graph.accesses(2)[1].slot).key, key(9));
  EXPECT_EQ(as_vector(graph.predecessors(4)), (std::vector<TxnIndex>{0, 3}));
  EXPECT_EQ(as_vector(graph.predecessors(5)), (std::vector<TxnIndex>{1, 2}));
}

TEST(AccessGraph, AnAccountIsOneSlot) {
  Address account;
  account.bytes[0] = 7;
  Hash slot_a, slot_b;
  slot_b.bytes[31] = 1;
  AccessGraph graph;
  graph.reset(3, 4);
  graph.add(declare({{StateKey::nonce(account), kRw}, {StateKey::balance(account), kRw}}));
  graph.add(declare({{StateKey::code_hash(account), kRw}}));
  graph.add(declare(
      {{StateKey::storage(account, slot_a), kRw}, {StateKey::storage(account, slot_b), kRw}}));
  EXPECT_EQ(graph.accesses(0).size(), 1u);
  EXPECT_EQ(as_vector(graph.predecessors(1)), std::vector<TxnIndex>{0});
  EXPECT_TRUE(graph.predecessors(2).empty());  // storage slots are slots of their own
  EXPECT_EQ(graph.slot_count(), 3u);
}

TEST(AccessGraph, StorageSlotsKeepTheirOwnSlotsAsTheTableGrows) {
  Address account;
  account.bytes[0] = 7;
  auto storage_key = [&](int i) {
    Hash slot;
    slot.bytes[30] = static_cast<uint8_t>(i >> 8);
    slot.bytes[31] = static_cast<uint8_t>(i);
    return StateKey::storage(account, slot);
  };
  AccessGraph graph;
  graph.reset(3, 4);
  AccessDeclaration many;
  for (int i = 0; i < 600; ++i) many.push_back({storage_key(i), kRw});
  ASSERT_TRUE(graph.add(many));  // past the table's first size: it grows as keys arrive
  graph.add(declare({{StateKey::balance(account), kRw}, {storage_key(599), kRw}}));
  graph.add(declare({{storage_key(5), kRw}}));
  EXPECT_EQ(graph.slot_count(), 601u);  // the account's own slot is apart from its storage
  EXPECT_EQ(as_vector(graph.predecessors(1)), std::vector<TxnIndex>{0});
  EXPECT_EQ(as_vector(graph.predecessors(2)), std::vector<TxnIndex>{0});
  EXPECT_EQ(graph.slot(graph.accesses(2)[0].slot).key, storage_key(5));
}

TEST(AccessGraph, EachPredecessorCountsOnce) {
  AccessGraph graph;
  graph.reset(2, 4);
  graph.add(declare({{key(1), kRw}, {key(2), kRw}, {key(3), kAdd}}));
  graph.add(declare({{key(1), kRw}, {key(2), kRw}, {key(3), kRw}}));
  EXPECT_EQ(as_vector(graph.predecessors(1)), std::vector<TxnIndex>{0});
}

TEST(AccessGraph, AKeyDeclaredTwiceCountsOnceAndBothWaysOwns) {
  AccessGraph graph;
  graph.reset(2, 4);
  graph.add(declare({{key(1), kRw}, {key(1), kRw}, {key(2), kAdd}, {key(2), kAdd}}));
  EXPECT_EQ(graph.accesses(0).size(), 2u);
  graph.add(declare({{key(2), kAdd}, {key(2), kRw}}));
  ASSERT_EQ(graph.accesses(1).size(), 1u);
  EXPECT_EQ(graph.accesses(1)[0].mode, kRw);
  EXPECT_EQ(as_vector(graph.predecessors(1)), std::vector<TxnIndex>{0});  // folds 0's delta
}

TEST(AccessGraph, ResetStartsOver) {
  AccessGraph graph;
  graph.reset(2, 4);
  graph.add(declare({{key(1), kRw}}));
  graph.add(declare({{key(1), kRw}}));
  graph.reset(2, 4);
  graph.add(declare({{key(1), kRw}}));
  EXPECT_EQ(graph.txns(), 1u);
  EXPECT_EQ(graph.depth(), 1u);
  EXPECT_TRUE(graph.predecessors(0).empty());
  EXPECT_EQ(graph.last_owner(0), 0u);
}

TEST(AccessGraph, RefusesATransactionThatCouldOutgrowItsLimits) {
  // Each declared key may add a slot and open a segment: refused on that count.
  AccessGraph slots_limited(/*max_slots=*/3, /*max_segments=*/8);
  slots_limited.reset(4, 4);
  EXPECT_TRUE(slots_limited.add(declare({{key(1), kRw}, {key(2), kRw}})));
  EXPECT_FALSE(slots_limited.add(declare({{key(1), kRw}, {key(3), kRw}})));
  EXPECT_EQ(slots_limited.txns(), 1u);  // nothing of the refused one kept
  EXPECT_EQ(slots_limited.slot_count(), 2u);
  EXPECT_TRUE(slots_limited.add(declare({{key(3), kRw}})));
  EXPECT_EQ(slots_limited.slot_count(), 3u);

  AccessGraph segments_limited(/*max_slots=*/8, /*max_segments=*/1);
  segments_limited.reset(4, 4);
  EXPECT_TRUE(segments_limited.add(declare({{key(1), kAdd}})));
  EXPECT_FALSE(segments_limited.add(declare({{key(2), kAdd}})));
  EXPECT_EQ(segments_limited.txns(), 1u);
  EXPECT_EQ(segments_limited.segments(), 1u);
}

TEST(AccessGraph, PublishesWhatWasAddedAndKeepsItInPlace) {
  AccessGraph graph;
  graph.reset(20001, 16);
  EXPECT_EQ(graph.published(), 0u);
  graph.add(declare({{key(1), kRw}}));
  const TxnAccess* first = graph.accesses(0).data();
  const AccessSlot* first_slot = &graph.slot(0);
  graph.publish();
  EXPECT_EQ(graph.published(), 1u);
  // Far more transactions, slots and predecessors than the first blocks hold.
  for (uint32_t i = 1; i < 20000; ++i) {
    Address address;
    std::memcpy(address.bytes.data() + 8, &i, sizeof i);  // none is key(1)'s
    graph.add(declare({{StateKey::balance(address), kRw}, {key(1), kAdd}}));
  }
  EXPECT_EQ(graph.published(), 1u);     // until published again
  graph.add(declare({{key(1), kRw}}));  // waits for all 19,999 adders of key 1
  graph.publish();
  EXPECT_EQ(graph.published(), 20001u);
  EXPECT_EQ(graph.accesses(0).data(), first);
  EXPECT_EQ(&graph.slot(0), first_slot);
  // Its owner 0 and every adder: a list longer than a block of the arena.
  std::vector<TxnIndex> predecessors = as_vector(graph.predecessors(20000));
  std::sort(predecessors.begin(), predecessors.end());
  ASSERT_EQ(predecessors.size(), 20000u);
  EXPECT_EQ(predecessors.front(), 0u);
  EXPECT_EQ(predecessors.back(), 19999u);
  EXPECT_EQ(graph.slot_count(), 20000u);
}

}  // namespace
}  // namespace pel
