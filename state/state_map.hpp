#pragma once
// An open-addressing hash map from StateKey to a word: the in-memory state and the
// sequential executor's block overlay. One flat array, no allocation per key; keys
// are never erased (a zero word means absent).

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <memory>
#include <new>
#include <utility>

#include "core/uint256.hpp"
#include "state/state_key.hpp"

namespace pel {

class StateMap {
 public:
  StateMap() = default;
  explicit StateMap(size_t expected_keys) { reserve(expected_keys); }
  StateMap(const StateMap& other) { *this = other; }
  StateMap& operator=(const StateMap& other) {
    if (this == &other) return *this;
    clear();
    reserve(other.size_);
    other.for_each([&](const StateKey& key, const U256& value) { insert(key).first = value; });
    return *this;
  }
  StateMap(StateMap&& other) noexcept { *this = std::move(other); }
  StateMap& operator=(StateMap&& other) noexcept {
    ctrl_ = std::move(other.ctrl_);
    raw_ = std::move(other.raw_);
    capacity_ = std::exchange(other.capacity_, 0);
    size_ = std::exchange(other.size_, 0);
    return *this;
  }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  const U256* find(const StateKey& key) const {
    if (capacity_ == 0) return nullptr;
    uint64_t hash = hash_state_key(key);
    uint8_t tag = tag_of(hash);
    for (size_t i = hash & mask();; i = (i + 1) & mask()) {
      uint8_t ctrl = ctrl_[i];
      if (ctrl == kEmpty) return nullptr;
      if (ctrl == tag && slots()[i].key == key) return &slots()[i].value;
    }
  }

  // The value slot for `key` (zero-initialized when new) and whether it was new.
  std::pair<U256&, bool> insert(const StateKey& key) {
    if ((size_ + 1) * 8 > capacity_ * 5) grow();
    uint64_t hash = hash_state_key(key);
    uint8_t tag = tag_of(hash);
    for (size_t i = hash & mask();; i = (i + 1) & mask()) {
      uint8_t ctrl = ctrl_[i];
      if (ctrl == kEmpty) {
        ctrl_[i] = tag;
        Slot* slot = new (&slots()[i]) Slot{U256(), key};
        ++size_;
        return {slot->value, true};
      }
      if (ctrl == tag && slots()[i].key == key) return {slots()[i].value, false};
    }
  }
  U256& operator[](const StateKey& key) { return insert(key).first; }

  void reserve(size_t expected_keys) {
    size_t wanted = 16;
    while (wanted * 5 < expected_keys * 8) wanted *= 2;
    if (wanted > capacity_) rehash(wanted);
  }

  void clear() {
    if (capacity_ != 0) std::fill(ctrl_.get(), ctrl_.get() + capacity_, kEmpty);
    size_ = 0;
  }

  template <class Fn>
  void for_each(Fn&& fn) const {
    for (size_t i = 0; i < capacity_; ++i)
      if (ctrl_[i] != kEmpty) fn(slots()[i].key, slots()[i].value);
  }

 private:
  // Raw storage: a new table is not constructed slot by slot (a key and a value are
  // written when a slot is taken), which matters for the large per-block tables.
  struct Slot {
    U256 value;
    StateKey key;
  };
  struct RawSlot {
    alignas(Slot) unsigned char bytes[sizeof(Slot)];
  };
  Slot* slots() const { return reinterpret_cast<Slot*>(raw_.get()); }
  static constexpr uint8_t kEmpty = 0;
  static uint8_t tag_of(uint64_t hash) { return static_cast<uint8_t>(0x80 | (hash >> 57)); }
  size_t mask() const { return capacity_ - 1; }

  void grow() { rehash(capacity_ == 0 ? 16 : capacity_ * 2); }

  void rehash(size_t new_capacity) {
    assert((new_capacity & (new_capacity - 1)) == 0);
    auto old_ctrl = std::move(ctrl_);
    auto old_raw = std::move(raw_);
    Slot* old_slots = reinterpret_cast<Slot*>(old_raw.get());
    size_t old_capacity = capacity_;
    ctrl_ = std::make_unique<uint8_t[]>(new_capacity);  // zeroed: all empty
    raw_ = std::make_unique_for_overwrite<RawSlot[]>(new_capacity);
    capacity_ = new_capacity;
    size_ = 0;
    for (size_t i = 0; i < old_capacity; ++i)
      if (old_ctrl[i] != kEmpty) insert(old_slots[i].key).first = old_slots[i].value;
  }

  std::unique_ptr<uint8_t[]> ctrl_;
  std::unique_ptr<RawSlot[]> raw_;
  size_t capacity_ = 0;
  size_t size_ = 0;
};

}  // namespace pel
