#pragma once
// Storage whose elements never move once written, so that one thread can keep adding
// while others read what it added before (the dependency graph is built while the
// workers already execute its front). Nothing here synchronizes the elements
// themselves: the writer publishes them some other way (a release store the readers
// acquire), and these containers only promise that publishing an element never
// moves an earlier one.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <memory>
#include <span>
#include <vector>

#include "core/prefetch.hpp"

namespace pel {

// An array of up to kMaxChunks << kChunkBits elements, allocated a chunk at a time on
// first use (value-initialized) and freed with the array. One thread may ensure()
// elements while others find() or index them; every element a reader asks for must
// have been ensured before, except through find(), which says when it was not.
template <class T, unsigned kChunkBits, size_t kMaxChunks>
class ChunkedArray {
 public:
  static constexpr size_t kChunkSize = size_t{1} << kChunkBits;
  static constexpr size_t kCapacity = kChunkSize * kMaxChunks;

  ChunkedArray() : chunks_(std::make_unique<std::atomic<T*>[]>(kMaxChunks)) {
    for (size_t i = 0; i < kMaxChunks; ++i) chunks_[i].store(nullptr, std::memory_order_relaxed);
  }
  ~ChunkedArray() {
    for (size_t i = 0; i < kMaxChunks; ++i) delete[] chunks_[i].load(std::memory_order_relaxed);
  }
  ChunkedArray(const ChunkedArray&) = delete;
  ChunkedArray& operator=(const ChunkedArray&) = delete;

  // Element `i` (< kCapacity), allocating its chunk if needed. One thread at a time.
  T& ensure(size_t i) {
    std::atomic<T*>& chunk = chunks_[i >> kChunkBits];
    T* elements = chunk.load(std::memory_order_relaxed);
    if (elements == nullptr) {
      elements = new T[kChunkSize]();
      chunk.store(elements, std::memory_order_release);
    }
    return elements[i & (kChunkSize - 1)];
  }
  // Element `i`, or nullptr when its chunk was never allocated.
  T* find(size_t i) const {
    T* elements = chunks_[i >> kChunkBits].load(std::memory_order_acquire);
    return elements == nullptr ? nullptr : elements + (i & (kChunkSize - 1));
  }
  // Element `i`, which was ensured before.
  T& operator[](size_t i) const { return *find(i); }

 private:
  std::unique_ptr<std::atomic<T*>[]> chunks_;
};

// Short lists (one transaction's accesses or predecessors) copied into blocks that
// never move: the span copy() returns stays valid until clear(). Only one thread at
// a time may copy or clear; readers of earlier spans are not disturbed by copies.
template <class T>
class SpanArena {
 public:
  std::span<const T> copy(std::span<const T> items) {
    if (items.empty()) return {};
    T* out = open(items.size());
    // Element by element: the lists are a few elements long, shorter than a call to
    // memmove.
    for (size_t i = 0; i < items.size(); ++i) out[i] = items[i];
    return close(items.size());
  }
  // Room for a list of at most `max_count` elements, filled in place and then ended
  // by close(). No other list may be copied or opened in between.
  T* open(size_t max_count) {
    if (blocks_.empty() || used_ + max_count > blocks_[block_].size) next_block(max_count);
    return blocks_[block_].data.get() + used_;
  }
  // Ends the list open() started, keeping its first `count` elements.
  std::span<const T> close(size_t count) {
    T* out = blocks_[block_].data.get() + used_;
    used_ += count;
    // Readers on other cores hold this storage's lines from an earlier round: owning
    // them a little ahead of the writes keeps each new line from stalling the writer.
    constexpr size_t kAhead = 256 / sizeof(T);
    if (used_ + kAhead < blocks_[block_].size) prefetch_for_write(out + count + kAhead, 1);
    return {out, count};
  }
  // Forgets every list (their storage is reused).
  void clear() {
    block_ = 0;
    used_ = 0;
  }

 private:
  static constexpr size_t kBlockSize = 16384;
  struct Block {
    std::unique_ptr<T[]> data;
    size_t size = 0;
  };

  // Moves on to a block with room for `count` elements, reusing one from an earlier
  // round when it is large enough.
  void next_block(size_t count) {
    size_t next = blocks_.empty() ? 0 : block_ + 1;
    if (next == blocks_.size() || blocks_[next].size < count) {
      size_t size = std::max(kBlockSize, count);
      blocks_.insert(blocks_.begin() + static_cast<std::ptrdiff_t>(next),
                     Block{std::make_unique<T[]>(size), size});
    }
    block_ = next;
    used_ = 0;
  }

  std::vector<Block> blocks_;  // moving a Block moves the pointer, not the elements
  size_t block_ = 0;
  size_t used_ = 0;
};

}  // namespace pel
