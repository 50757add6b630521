#include "executor/stable_storage.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace pel {
namespace {

TEST(ChunkedArray, ElementsStayWhereTheyWereAsChunksAreAdded) {
  ChunkedArray<uint64_t, 4, 8> array;  // 16 per chunk, 128 in all
  EXPECT_EQ(array.find(0), nullptr);
  uint64_t* first = &array.ensure(0);
  EXPECT_EQ(*first, 0u);  // value-initialized
  for (size_t i = 0; i < decltype(array)::kCapacity; ++i) array.ensure(i) = i * 3;
  EXPECT_EQ(&array[0], first);
  EXPECT_EQ(array[127], 381u);
  EXPECT_EQ(array.find(17), &array[17]);
}

TEST(ChunkedArray, FindSaysWhichChunksWereNeverAllocated) {
  ChunkedArray<int, 4, 8> array;
  array.ensure(40) = 7;  // allocates elements 32..47 only
  EXPECT_EQ(array.find(15), nullptr);
  ASSERT_NE(array.find(33), nullptr);
  EXPECT_EQ(*array.find(33), 0);
  EXPECT_EQ(*array.find(40), 7);
}

TEST(ChunkedArray, AReaderSeesWhatTheWriterPublished) {
  // The pattern the dependency graph uses: elements ensured, then a count released.
  ChunkedArray<uint64_t, 6, 64> array;
  std::atomic<size_t> published{0};
  std::thread writer([&] {
    for (size_t i = 0; i < 4096; ++i) {
      array.ensure(i) = i + 1;
      published.store(i + 1, std::memory_order_release);
    }
  });
  uint64_t sum = 0;
  for (size_t i = 0; i < 4096; ++i) {
    while (published.load(std::memory_order_acquire) <= i) std::this_thread::yield();
    sum += array[i];
  }
  writer.join();
  EXPECT_EQ(sum, 4096u * 4097u / 2);
}

TEST(SpanArena, CopiesKeepTheirPlaceAndTheirValues) {
  SpanArena<int> arena;
  std::vector<std::span<const int>> spans;
  std::vector<int> items;
  for (int n = 0; n < 3000; ++n) {
    items.assign(static_cast<size_t>(n % 40), n);
    spans.push_back(arena.copy(items));
  }
  for (int n = 0; n < 3000; ++n) {
    ASSERT_EQ(spans[n].size(), static_cast<size_t>(n % 40));
    for (int value : spans[n]) ASSERT_EQ(value, n);
  }
}

TEST(SpanArena, AListLargerThanABlockGetsABlockOfItsOwn) {
  SpanArena<int> arena;
  std::span<const int> small = arena.copy(std::vector<int>{1, 2, 3});
  std::vector<int> large(100000, 9);
  std::span<const int> big = arena.copy(large);
  std::span<const int> after = arena.copy(std::vector<int>{4});
  EXPECT_EQ(big.size(), large.size());
  EXPECT_EQ(big.back(), 9);
  EXPECT_EQ(small[2], 3);
  EXPECT_EQ(after[0], 4);
}

TEST(SpanArena, ClearReusesTheBlocks) {
  SpanArena<int> arena;
  const int* first = arena.copy(std::vector<int>{1, 2}).data();
  arena.copy(std::vector<int>(50000, 0));
  arena.clear();
  EXPECT_EQ(arena.copy(std::vector<int>{5}).data(), first);
  EXPECT_TRUE(arena.copy(std::span<const int>{}).empty());
}

TEST(SpanArena, AnOpenedListKeepsWhatItWasClosedWith) {
  SpanArena<int> arena;
  int* room = arena.open(8);
  room[0] = 1;
  room[1] = 2;
  std::span<const int> two = arena.close(2);
  std::span<const int> next = arena.copy(std::vector<int>{3});
  EXPECT_EQ(two.data(), room);
  EXPECT_EQ((std::vector<int>(two.begin(), two.end())), (std::vector<int>{1, 2}));
  EXPECT_EQ(next.data(), room + 2);  // the unused room is handed out again
  EXPECT_EQ(next[0], 3);
  int* unused = arena.open(4);
  EXPECT_TRUE(arena.close(0).empty());
  EXPECT_EQ(arena.copy(std::vector<int>{4}).data(), unused);
  // Room beyond what the current block has left moves to the next block.
  arena.copy(std::vector<int>(16384 - 4, 0));
  int* far = arena.open(8);
  far[7] = 7;
  std::span<const int> eight = arena.close(8);
  EXPECT_EQ(eight.size(), 8u);
  EXPECT_EQ(eight[7], 7);
  EXPECT_EQ(two[1], 2);
}

}  // namespace
}  // namespace pel
