#pragma once
// The dependency graph of a block whose transactions declared their accesses (see
// declared_access.hpp), and the state a DeclaredRun executes it against. Every edge
// goes from an earlier transaction to a later one, so the graph is kept as each
// transaction's list of predecessors.
//
// The unit of ordering is a slot: an account (its balance, nonce and code hash
// together) or one storage slot. A transaction that declares a key kReadWrite owns
// the key's slot: it depends on the slot's previous owner and on every transaction
// that added to the slot since (kAdd). Adders between two owners form a segment; they
// do not order among themselves, their deltas are summed per segment, and the next
// owner folds the sum in before it runs. Executing transactions in any order that
// respects these edges gives each exactly the values sequential execution would.
//
// Built in block order by one thread at a time (one hash-table lookup per declared
// account or storage slot). The builder publishes how far it has got, and workers may
// read a published transaction's entries, and keep its slots' current values here
// (AccessSlot), while it goes on: nothing published ever moves.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include "core/uint256.hpp"
#include "executor/declared_access.hpp"
#include "executor/stable_storage.hpp"
#include "state/key_versions.hpp"  // TxnIndex

namespace pel {

inline constexpr uint32_t kNoSegment = ~uint32_t{0};

// The slot a key belongs to: the account's (named by its balance key) for an account
// field, the key itself for a storage slot.
inline StateKey slot_key_of(const StateKey& key) {
  return key.is_storage() ? key : StateKey::balance(key.address);
}
// Whether `key` belongs to the slot named `slot_key`. (Compared a word at a time: the
// executor asks this for every read and write.)
inline bool slot_holds(const StateKey& slot_key, const StateKey& key) {
  if (key.is_storage()) return slot_key == key;
  if (slot_key.is_storage()) return false;
  const uint8_t* x = slot_key.address.data();
  const uint8_t* y = key.address.data();
  uint64_t x0, x1, y0, y1;
  uint32_t x2, y2;
  std::memcpy(&x0, x, 8);
  std::memcpy(&y0, y, 8);
  std::memcpy(&x1, x + 8, 8);
  std::memcpy(&y1, y + 8, 8);
  std::memcpy(&x2, x + 16, 4);
  std::memcpy(&y2, y + 16, 4);
  return ((x0 ^ y0) | (x1 ^ y1) | (x2 ^ y2)) == 0;
}
// Where a slot keeps the value of a key: balance 0, nonce 1, code hash 2, storage 0.
inline unsigned value_index(StateField field) {
  return field == StateField::kStorage ? 0 : static_cast<unsigned>(field);
}
// The key of value `index` of the slot named `slot_key`.
inline StateKey key_at(const StateKey& slot_key, unsigned index) {
  if (slot_key.is_storage()) return slot_key;
  return {slot_key.address, static_cast<StateField>(index), {}};
}
// key_at() written over `to` a member at a time: a key built apart and copied whole
// is read back with wide loads that span the narrow stores that built it, which
// stalls store forwarding (where keys are written by the thousand).
inline void assign_key_at(StateKey& to, const StateKey& slot_key, unsigned index) {
  to.address = slot_key.address;
  if (slot_key.is_storage()) {
    to.field = StateField::kStorage;
    to.slot = slot_key.slot;
  } else {
    to.field = static_cast<StateField>(index);
    to.slot = Hash{};  // (not read from an account's slot key: see AccessSlot)
  }
}

// A slot as the workers see it. Only the slot's current owner touches the values
// and bits, so they need no lock. (The builder's state of a slot is kept apart, so
// that building touches one cache line per slot and none the workers write.) Slots
// share no cache line: the builder fills in a new slot next to the ones the workers
// are executing, and the accounts of neighbouring transactions are updated by
// different workers.
//
// Laid out so that an account's slot lies on two lines: the values, then the bits
// and the key, whose storage-slot hash (the third line) is kept for storage slots
// only. An account key's hash is left as it was (StateKey ignores it).
struct alignas(64) AccessSlot {
  U256 values[3];       // by value_index, valid where `loaded`
  uint8_t loaded = 0;   // bit per value: read from the block's base state or written
  uint8_t written = 0;  // bit per value: some transaction wrote it
  StateKey key;         // see slot_key_of
};
static_assert(offsetof(AccessSlot, key) + offsetof(StateKey, slot) <= 128,
              "an account's part of a slot spans two cache lines");

// One transaction's access to one slot.
struct TxnAccess {
  uint32_t slot = 0;
  AccessMode mode = AccessMode::kReadWrite;
  // kAdd: the segment this transaction adds into. kReadWrite: the segment of deltas
  // it folds in before it runs (kNoSegment when none).
  uint32_t segment = kNoSegment;
};

class AccessGraph {
 public:
  // The most slots, and segments, one block's graph may have: add() refuses a
  // transaction beyond them (far past any block a gas limit allows).
  static constexpr size_t kMaxSlots = size_t{1} << 24;
  static constexpr size_t kMaxSegments = size_t{1} << 20;

  // Tests lower the limits.
  explicit AccessGraph(size_t max_slots = kMaxSlots, size_t max_segments = kMaxSegments)
      : max_slots_(std::min(max_slots, kMaxSlots)),
        max_segments_(std::min(max_segments, kMaxSegments)) {}

  // Starts an empty graph for a block of `txns` transactions (more may be added, but
  // not while a run reads the graph) touching about `slots` slots.
  void reset(size_t txns, size_t slots);
  // Adds the next transaction (index txns()). A key declared both kReadWrite and
  // kAdd, or two keys of one account declared so, make the transaction the owner.
  // False, and nothing added, when the graph could outgrow its slot or segment limit.
  bool add(const AccessDeclaration& declaration);
  // Makes every transaction added so far readable by other threads.
  void publish() { published_.store(depth_.size(), std::memory_order_release); }
  // The transactions published so far: their entries may be read from any thread.
  size_t published() const { return published_.load(std::memory_order_acquire); }

  // The builder's view: transactions added, and the longest chain among them.
  size_t txns() const { return depth_.size(); }
  // Transactions on the longest chain of dependencies.
  uint32_t depth() const { return max_depth_; }
  // Brent's bound on the speedup of any greedy schedule on `threads` threads, from
  // the work (one unit per transaction) and the depth: txns / (txns/threads + depth).
  double speedup_bound(unsigned threads) const;
  size_t segments() const { return segment_adders_used_; }

  std::span<const TxnAccess> accesses(TxnIndex txn) const { return links_[txn].accesses; }
  // The earlier transactions `txn` waits for, each once.
  std::span<const TxnIndex> predecessors(TxnIndex txn) const { return links_[txn].predecessors; }

  size_t slot_count() const { return orders_.size(); }
  AccessSlot& slot(uint32_t index) const { return slots_[index]; }
  // The builder's view of a slot: its latest owner (~0 when none), and its open
  // segment, the adders since (kNoSegment when none). A segment still open at the end
  // of the block holds deltas nobody read, folded in when changes are collected.
  TxnIndex last_owner(uint32_t index) const { return orders_[index].last_owner; }
  uint32_t open_segment(uint32_t index) const { return orders_[index].segment; }

 private:
  struct SlotOrder {
    StateKey key;
    TxnIndex last_owner = ~TxnIndex{0};
    uint32_t segment = kNoSegment;
  };
  struct TxnLinks {
    std::span<const TxnAccess> accesses;
    std::span<const TxnIndex> predecessors;
  };

  // The slot of `key` (an account field names its account), added when new.
  uint32_t slot_of(const StateKey& key);
  void grow_table();
  uint32_t new_segment();

  // What workers read while the builder goes on has cache lines of its own: sharing
  // one with a vector the builder grows on every add cost each access of theirs a
  // miss (bench/RESULTS.md, eighteenth round).
  alignas(64) ChunkedArray<AccessSlot, 10, kMaxSlots / 1024> slots_;  // reused across blocks
  std::vector<TxnLinks> links_;  // by transaction; sized by reset() so readers see no move

  alignas(64) const size_t max_slots_;
  const size_t max_segments_;
  std::vector<SlotOrder> orders_;  // by slot, builder only
  // Open addressing: slot index + 1 (0 = empty) and the key hash's high half.
  std::vector<uint64_t> table_;
  std::vector<std::vector<TxnIndex>> segment_adders_;  // reused across blocks
  size_t segment_adders_used_ = 0;
  uint32_t last_added_ = ~uint32_t{0};  // the slot of the last kAdd access

  SpanArena<TxnAccess> access_lists_;
  SpanArena<TxnIndex> predecessor_lists_;
  std::vector<TxnIndex> new_predecessors_;  // the transaction being added
  std::vector<uint32_t> depth_;
  uint32_t max_depth_ = 0;
  std::vector<TxnIndex> edge_marks_;  // [pred] = latest successor + 1, to add each edge once
  alignas(64) std::atomic<size_t> published_{0};
};

}  // namespace pel
