#include "state/mv_memory.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "state/memory_state.hpp"

namespace pel {
namespace {

Address address_of(uint64_t i) {
  Address a;
  for (int b = 0; b < 8; ++b) a.bytes[19 - b] = static_cast<uint8_t>(i >> (8 * b));
  return a;
}
StateKey key_of(uint64_t i) {
  return StateKey::balance(address_of(i));
}

WriteSet writes(std::initializer_list<std::pair<StateKey, uint64_t>> values) {
  WriteSet set;
  for (auto& [key, value] : values) set.set(key, U256(value));
  return set;
}

class MVMemoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base.set(key_of(1), 100);
    base.set(key_of(2), 200);
    base.set(coinbase, 1000);
    memory.reset({10, 64, 2}, base, std::span<const StateKey>(&coinbase, 1));
  }
  MvRead read(uint64_t key, TxnIndex txn) {
    return memory.read(*memory.find_or_insert(key_of(key), 0), txn);
  }
  bool record(TxnIndex txn, const WriteSet& set, std::vector<ReadEntry> reads = {}) {
    return memory.record(txn, reads, set, 0);
  }

  MemoryState base;
  StateKey coinbase = StateKey::balance(address_of(99));
  MVMemory memory;
};

TEST_F(MVMemoryTest, ReadsTheHighestWriteBelowOrTheBase) {
  EXPECT_EQ(read(1, 5).value, U256(100));
  EXPECT_TRUE(record(3, writes({{key_of(1), 103}})));
  EXPECT_TRUE(record(6, writes({{key_of(1), 106}})));
  EXPECT_EQ(read(1, 0).value, U256(100));
  EXPECT_EQ(read(1, 3).value, U256(100));  // a transaction never sees its own write
  EXPECT_EQ(read(1, 4).value, U256(103));
  EXPECT_EQ(read(1, 6).value, U256(103));
  EXPECT_EQ(read(1, 7).value, U256(106));
  EXPECT_EQ(read(7, 9).value, U256());  // absent from base too
}

TEST_F(MVMemoryTest, EstimatesBlockReadersUntilRewritten) {
  record(2, writes({{key_of(1), 102}}));
  memory.convert_writes_to_estimates(2);
  MvRead blocked = read(1, 5);
  EXPECT_TRUE(blocked.blocked);
  EXPECT_EQ(blocked.blocking_txn, 2u);
  EXPECT_FALSE(read(1, 2).blocked);  // below the estimate: unaffected
  // Re-execution writing the same key clears the estimate and is not a new location.
  EXPECT_FALSE(record(2, writes({{key_of(1), 202}})));
  EXPECT_EQ(read(1, 5).value, U256(202));
}

TEST_F(MVMemoryTest, ReExecutionRemovesWritesItNoLongerMakes) {
  EXPECT_TRUE(record(2, writes({{key_of(1), 102}, {key_of(2), 202}})));
  EXPECT_EQ(read(2, 5).value, U256(202));
  EXPECT_FALSE(record(2, writes({{key_of(1), 103}})));
  EXPECT_EQ(read(2, 5).value, U256(200));
  EXPECT_TRUE(record(2, writes({{key_of(1), 104}, {key_of(3), 5}})));
  EXPECT_EQ(read(3, 5).value, U256(5));
}

TEST_F(MVMemoryTest, DeltasSumOverTheLastValueOrTheBase) {
  WriteSet add;
  add.add(key_of(1), U256(5));
  record(1, add);
  record(3, add);
  EXPECT_EQ(read(1, 2).value, U256(105));
  EXPECT_EQ(read(1, 9).value, U256(110));
  record(2, writes({{key_of(1), 7}}));
  EXPECT_EQ(read(1, 3).value, U256(7));
  EXPECT_EQ(read(1, 4).value, U256(12));
  memory.convert_writes_to_estimates(1);
  EXPECT_TRUE(read(1, 2).blocked);
  EXPECT_FALSE(read(1, 4).blocked);  // the value of txn 2 hides txn 1
}

TEST_F(MVMemoryTest, HotKeysSumDeltasPerTransaction) {
  KeyVersions* hot = memory.find_or_insert(coinbase, 0);
  ASSERT_NE(hot, nullptr);
  EXPECT_EQ(hot, memory.find_hot(coinbase));
  for (TxnIndex t = 0; t < 10; t += 2) {
    WriteSet fee;
    fee.add(coinbase, U256(t + 1));
    record(t, fee);
  }
  EXPECT_EQ(memory.read(*hot, 0).value, U256(1000));
  EXPECT_EQ(memory.read(*hot, 3).value, U256(1000 + 1 + 3));
  WriteSet spend;
  spend.set(coinbase, U256(50));
  record(5, spend);
  EXPECT_EQ(memory.read(*hot, 5).value, U256(1000 + 1 + 3 + 5));
  EXPECT_EQ(memory.read(*hot, 7).value, U256(50 + 7));
  memory.convert_writes_to_estimates(4);
  MvRead blocked = memory.read(*hot, 5);
  EXPECT_TRUE(blocked.blocked);
  EXPECT_EQ(blocked.blocking_txn, 4u);
  EXPECT_FALSE(memory.read(*hot, 7).blocked);

  record(4, WriteSet{});  // its re-execution no longer pays a fee
  StateChanges changes;
  memory.collect_changes(changes, 10);
  ASSERT_EQ(changes.values.size(), 1u);
  EXPECT_EQ(changes.values[0].second, U256(50 + 7 + 9));
}

TEST_F(MVMemoryTest, ValidatesReadSetsByValue) {
  std::vector<ReadEntry> reads;
  KeyVersions* node = memory.find_or_insert(key_of(1), 0);
  reads.push_back({node, memory.read(*node, 5).value});
  record(5, WriteSet{}, reads);
  EXPECT_TRUE(memory.validate_read_set(5));
  record(2, writes({{key_of(1), 100}}));  // same value as the base: still valid
  EXPECT_TRUE(memory.validate_read_set(5));
  record(3, writes({{key_of(1), 101}}));
  EXPECT_FALSE(memory.validate_read_set(5));
  record(3, writes({{key_of(1), 100}}));
  EXPECT_TRUE(memory.validate_read_set(5));
  memory.convert_writes_to_estimates(3);
  EXPECT_FALSE(memory.validate_read_set(5));
}

TEST_F(MVMemoryTest, CollectsFinalValuesOfWrittenKeysOnly) {
  read(2, 4);  // read but never written: not a change
  record(1, writes({{key_of(1), 11}}));
  record(4, writes({{key_of(1), 14}, {key_of(5), 15}}));
  StateChanges all;
  memory.collect_changes(all, 10);
  all.sort_by_key();
  ASSERT_EQ(all.values.size(), 2u);
  EXPECT_EQ(all.values[0], std::make_pair(key_of(1), U256(14)));
  EXPECT_EQ(all.values[1], std::make_pair(key_of(5), U256(15)));
  StateChanges prefix;
  memory.collect_changes(prefix, 4);
  ASSERT_EQ(prefix.values.size(), 1u);
  EXPECT_EQ(prefix.values[0], std::make_pair(key_of(1), U256(11)));
}

TEST_F(MVMemoryTest, ResetForgetsTheLastBlock) {
  record(1, writes({{key_of(1), 11}}));
  memory.reset({4, 64, 2}, base, {});
  EXPECT_EQ(read(1, 3).value, U256(100));
  StateChanges changes;
  memory.collect_changes(changes, 4);
  EXPECT_TRUE(changes.values.empty());
  EXPECT_EQ(memory.find_hot(coinbase), nullptr);
}

TEST(MVMemory, OverflowsBeyondTheTableAndStaysCorrect) {
  MemoryState base;
  MVMemory memory;
  memory.reset({4, 1, 2}, base, {});  // the smallest table: 1024 slots
  constexpr uint64_t kKeys = 3000;
  WriteSet sets[4];
  for (uint64_t i = 0; i < kKeys; ++i) sets[i % 4].set(key_of(i), U256(i + 1));
  for (TxnIndex t = 0; t < 4; ++t) {
    std::vector<ReadEntry> none;
    memory.record(t, none, sets[t], 0);
  }
  for (uint64_t i = 0; i < kKeys; ++i)
    EXPECT_EQ(memory.read(*memory.find_or_insert(key_of(i), 1), 4).value, U256(i + 1)) << i;
  EXPECT_EQ(memory.keys_in_use(), kKeys);
}

TEST(MVMemory, ConcurrentInsertsOfTheSameKeysAgree) {
  MemoryState base;
  MVMemory memory;
  memory.reset({8, 4096, 4}, base, {});
  std::vector<std::vector<KeyVersions*>> seen(4, std::vector<KeyVersions*>(2000));
  std::vector<std::thread> threads;
  for (unsigned w = 0; w < 4; ++w) {
    threads.emplace_back([&, w] {
      for (uint64_t i = 0; i < 2000; ++i) seen[w][i] = memory.find_or_insert(key_of(i), w);
    });
  }
  for (auto& t : threads) t.join();
  for (unsigned w = 1; w < 4; ++w) EXPECT_EQ(seen[w], seen[0]);
  EXPECT_EQ(memory.keys_in_use() >= 2000, true);
}

}  // namespace
}  // namespace pel
