#include "state/state_map.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>

#include "state/memory_state.hpp"

namespace pel {
namespace {

Address address_of(uint64_t i) {
  Address a;
  for (int b = 0; b < 8; ++b) a.bytes[19 - b] = static_cast<uint8_t>(i >> (8 * b));
  return a;
}

TEST(StateKey, FieldsAreDistinctKeys) {
  Address a = address_of(1);
  EXPECT_NE(StateKey::balance(a), StateKey::nonce(a));
  EXPECT_NE(StateKey::nonce(a), StateKey::code_hash(a));
  Hash slot;
  EXPECT_NE(StateKey::storage(a, slot), StateKey::balance(a));
  slot.bytes[31] = 1;
  EXPECT_NE(StateKey::storage(a, slot), StateKey::storage(a, Hash{}));
  EXPECT_EQ(StateKey::storage(a, slot), StateKey::storage(a, slot));
  EXPECT_LT(StateKey::balance(a), StateKey::nonce(a));
  EXPECT_LT(StateKey::nonce(a), StateKey::balance(address_of(2)));
}

TEST(StateMap, AgreesWithStdMapUnderRandomInserts) {
  std::mt19937_64 rng(7);
  StateMap map;
  std::map<StateKey, U256> reference;
  for (int i = 0; i < 20000; ++i) {
    Address a = address_of(rng() % 3000);
    StateKey key = rng() % 4 == 0 ? StateKey::storage(a, Hash{}) : StateKey::balance(a);
    U256 value(rng());
    map[key] = value;
    reference[key] = value;
  }
  EXPECT_EQ(map.size(), reference.size());
  for (const auto& [key, value] : reference) {
    const U256* found = map.find(key);
    ASSERT_NE(found, nullptr);
    EXPECT_EQ(*found, value);
  }
  EXPECT_EQ(map.find(StateKey::nonce(address_of(5))), nullptr);
  size_t visited = 0;
  map.for_each([&](const StateKey& key, const U256& value) {
    ++visited;
    EXPECT_EQ(reference.at(key), value);
  });
  EXPECT_EQ(visited, reference.size());

  StateMap copy = map;
  EXPECT_EQ(copy.size(), map.size());
  StateMap moved = std::move(copy);
  EXPECT_EQ(moved.size(), map.size());
  EXPECT_EQ(copy.find(StateKey::balance(address_of(1))), nullptr);
}

TEST(MemoryState, ReadsZeroForAbsentKeysAndAppliesChanges) {
  MemoryState state;
  Address a = address_of(1);
  EXPECT_EQ(state.balance(a), U256());
  EXPECT_EQ(state.nonce(a), 0u);
  EXPECT_TRUE(state.code_hash(a).is_zero());
  ASSERT_NE(state.code(Hash{}), nullptr);
  EXPECT_TRUE(state.code(Hash{})->empty());
  state.set_balance(a, 5);
  state.set_nonce(a, 9);
  StateChanges changes;
  changes.values.push_back({StateKey::balance(a), U256(6)});
  Hash code_hash;
  code_hash.bytes[0] = 0xab;
  code_hash.bytes[31] = 0x01;
  changes.values.push_back({StateKey::code_hash(a), code_hash_word(code_hash)});
  changes.code.push_back({code_hash, std::make_shared<const Bytes>(Bytes{0x60, 0x00})});
  state.apply(changes);
  EXPECT_EQ(state.balance(a), U256(6));
  EXPECT_EQ(state.nonce(a), 9u);
  EXPECT_EQ(state.code_hash(a), code_hash);
  ASSERT_NE(state.code(code_hash), nullptr);
  EXPECT_EQ(state.code(code_hash)->size(), 2u);
  EXPECT_EQ(state.non_zero_values().size(), 3u);
}

}  // namespace
}  // namespace pel
