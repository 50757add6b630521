#pragma once
// The versions of one state key in the multi-version memory: what each transaction
// of the block wrote to it, ordered by transaction index. Guarded by its own lock;
// the multi-version memory does the locking.

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <memory>

#include "core/uint256.hpp"
#include "state/spin_lock.hpp"
#include "state/state_key.hpp"

namespace pel {

using TxnIndex = uint32_t;

enum class VersionKind : uint8_t {
  kValue = 0,  // the key's value after the transaction
  kDelta = 1,  // an addition to the key's value (WriteKind::kAdd)
};

struct Version {
  TxnIndex txn = 0;
  VersionKind kind = VersionKind::kValue;
  // The writer was aborted and is being re-executed: the value will probably change,
  // so a reader waits for the writer instead of reading it (Block-STM's ESTIMATE).
  bool estimate = false;
  U256 value;
};

// A vector of versions sorted by txn, with room for two inline: most keys of a block
// are written by one or two transactions, and those need no allocation.
class VersionList {
 public:
  VersionList() = default;
  VersionList(const VersionList&) = delete;
  VersionList& operator=(const VersionList&) = delete;

  uint32_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  Version& operator[](uint32_t i) { return data()[i]; }
  const Version& operator[](uint32_t i) const { return data()[i]; }

  // Index of the first version with txn >= `txn`.
  uint32_t lower_bound(TxnIndex txn) const {
    const Version* d = data();
    uint32_t i = size_;
    // Writers arrive roughly in txn order and lists are short: scan from the back.
    while (i > 0 && d[i - 1].txn >= txn) --i;
    return i;
  }

  // The version of `txn`, inserted in order when absent.
  Version& upsert(TxnIndex txn) {
    uint32_t i = lower_bound(txn);
    if (i < size_ && data()[i].txn == txn) return data()[i];
    if (size_ == capacity_) grow();
    Version* d = data();
    std::move_backward(d + i, d + size_, d + size_ + 1);
    ++size_;
    d[i] = Version{};
    d[i].txn = txn;
    return d[i];
  }

  Version* find(TxnIndex txn) {
    uint32_t i = lower_bound(txn);
    return i < size_ && data()[i].txn == txn ? &data()[i] : nullptr;
  }

  // Empties the list, keeping any heap storage for the next block.
  void clear() { size_ = 0; }

  void erase(TxnIndex txn) {
    uint32_t i = lower_bound(txn);
    if (i == size_ || data()[i].txn != txn) return;
    Version* d = data();
    std::move(d + i + 1, d + size_, d + i);
    --size_;
  }

 private:
  // One inline version: most keys have one writer per block (and nodes stay small).
  static constexpr uint32_t kInline = 1;
  Version* data() { return heap_ ? heap_.get() : inline_; }
  const Version* data() const { return heap_ ? heap_.get() : inline_; }

  void grow() {
    uint32_t new_capacity = capacity_ * 2;
    auto bigger = std::make_unique<Version[]>(new_capacity);
    std::copy(data(), data() + size_, bigger.get());
    heap_ = std::move(bigger);
    capacity_ = new_capacity;
  }

  Version inline_[kInline];
  std::unique_ptr<Version[]> heap_;
  uint32_t size_ = 0;
  uint32_t capacity_ = kInline;
};

}  // namespace pel
