#include "executor/access_graph.hpp"

#include <algorithm>
#include <bit>

#include "core/prefetch.hpp"

namespace pel {
namespace {

constexpr TxnIndex kNoTxn = ~TxnIndex{0};
// How far ahead of its writes the builder claims the lines (bench/RESULTS.md,
// nineteenth round).
constexpr size_t kSlotsAhead = 8;
constexpr size_t kLinksAhead = 16;

}  // namespace

void AccessGraph::reset(size_t txns, size_t slots) {
  orders_.clear();
  orders_.reserve(slots);
  table_.assign(std::bit_ceil(std::max<size_t>(2 * slots, 1024)), 0);
  segment_adders_used_ = 0;
  last_added_ = ~uint32_t{0};
  if (links_.size() < txns) links_.resize(txns);
  access_lists_.clear();
  predecessor_lists_.clear();
  depth_.clear();
  depth_.reserve(txns);
  max_depth_ = 0;
  edge_marks_.clear();
  edge_marks_.reserve(txns);
  published_.store(0, std::memory_order_relaxed);
}

bool AccessGraph::add(const AccessDeclaration& declaration) {
  // Each declared key adds at most one slot and opens at most one segment.
  if (orders_.size() + declaration.size() > max_slots_ ||
      segment_adders_used_ + declaration.size() > max_segments_) {
    return false;
  }
  const TxnIndex txn = static_cast<TxnIndex>(depth_.size());
  // Filled in place: at most one access per declared key.
  TxnAccess* accesses = access_lists_.open(declaration.size());
  size_t access_count = 0;
  new_predecessors_.clear();
  uint32_t deepest = 0;
  edge_marks_.push_back(0);
  auto depend_on = [&](TxnIndex earlier) {
    if (edge_marks_[earlier] == txn + 1) return;  // already a predecessor
    edge_marks_[earlier] = txn + 1;
    new_predecessors_.push_back(earlier);
    deepest = std::max(deepest, depth_[earlier]);
  };
  // A slot this transaction already has an access to (accounts come up once per field).
  auto seen = [&](const StateKey& key) {
    for (size_t i = 0; i < access_count; ++i) {
      if (slot_holds(orders_[accesses[i].slot].key, key)) return true;
    }
    return false;
  };

  // Owners first, so that a slot also declared kAdd is simply owned.
  for (const KeyAccess& declared : declaration) {
    if (declared.mode != AccessMode::kReadWrite || seen(declared.key)) continue;
    uint32_t index = slot_of(declared.key);
    SlotOrder& slot = orders_[index];
    // (Filled a member at a time: a TxnAccess assembled on the stack and copied whole
    // stalls on store forwarding, a quarter of the build's time.)
    TxnAccess& access = accesses[access_count++];
    access.slot = index;
    access.mode = AccessMode::kReadWrite;
    access.segment = slot.segment;
    if (slot.segment != kNoSegment) {
      for (TxnIndex adder : segment_adders_[slot.segment]) depend_on(adder);
      slot.segment = kNoSegment;
    }
    if (slot.last_owner != kNoTxn) depend_on(slot.last_owner);
    slot.last_owner = txn;
  }
  for (const KeyAccess& declared : declaration) {
    if (declared.mode != AccessMode::kAdd || seen(declared.key)) continue;
    // Nearly every transfer adds to one key, the coinbase's balance: the slot the last
    // adder added to is tried before the table.
    uint32_t index =
        last_added_ < orders_.size() && slot_holds(orders_[last_added_].key, declared.key)
            ? last_added_
            : slot_of(declared.key);
    last_added_ = index;
    SlotOrder& slot = orders_[index];
    if (slot.segment == kNoSegment) slot.segment = new_segment();
    segment_adders_[slot.segment].push_back(txn);
    TxnAccess& access = accesses[access_count++];
    access.slot = index;
    access.mode = AccessMode::kAdd;
    access.segment = slot.segment;
  }
  if (links_.size() <= txn) links_.resize(txn + 1);  // only outside a run: see reset()
  // (Workers read these lines in the last block and still hold them: see slot_of.)
  if (txn + kLinksAhead < links_.size())
    prefetch_for_write(&links_[txn + kLinksAhead], sizeof(TxnLinks));
  links_[txn] = {access_lists_.close(access_count), predecessor_lists_.copy(new_predecessors_)};
  depth_.push_back(deepest + 1);
  max_depth_ = std::max(max_depth_, deepest + 1);
  return true;
}

double AccessGraph::speedup_bound(unsigned threads) const {
  if (txns() == 0) return 1.0;
  double work = static_cast<double>(txns());
  return work / (work / std::max(threads, 1u) + max_depth_);
}

uint32_t AccessGraph::new_segment() {
  if (segment_adders_.size() <= segment_adders_used_) segment_adders_.emplace_back();
  segment_adders_[segment_adders_used_].clear();
  return static_cast<uint32_t>(segment_adders_used_++);
}

uint32_t AccessGraph::slot_of(const StateKey& key) {
  // A declared balance or storage key names its slot itself, and is used in place.
  if (!key.is_storage() && key.field != StateField::kBalance) {
    return slot_of(slot_key_of(key));
  }
  uint64_t hash = hash_state_key(key);
  uint64_t tag = hash >> 32;
  size_t mask = table_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    uint64_t entry = table_[i];
    if (entry == 0) {
      // (The values need no clearing: they are read only where `loaded` says.)
      AccessSlot& slot = slots_.ensure(orders_.size());
      // New slots reuse storage a worker wrote last: owning the line a few slots
      // ahead keeps the builder's stores from stalling on a fetch from its cache.
      if (const AccessSlot* ahead = slots_.find(orders_.size() + kSlotsAhead)) {
        prefetch_for_write(&ahead->loaded, 1);
      }
      slot.loaded = 0;
      slot.written = 0;
      slot.key.address = key.address;
      slot.key.field = key.field;
      if (key.is_storage()) slot.key.slot = key.slot;  // (see AccessSlot)
      SlotOrder& order = orders_.emplace_back();
      assign_key_at(order.key, key, 0);
      table_[i] = (tag << 32) | orders_.size();
      if (2 * orders_.size() > table_.size()) grow_table();
      return static_cast<uint32_t>(orders_.size() - 1);
    }
    if ((entry >> 32) == tag) {
      uint32_t index = static_cast<uint32_t>(entry) - 1;
      if (orders_[index].key == key) return index;
    }
  }
}

void AccessGraph::grow_table() {
  table_.assign(2 * table_.size(), 0);
  size_t mask = table_.size() - 1;
  for (size_t index = 0; index < orders_.size(); ++index) {
    uint64_t hash = hash_state_key(orders_[index].key);
    size_t i = hash & mask;
    while (table_[i] != 0) i = (i + 1) & mask;
    table_[i] = ((hash >> 32) << 32) | (index + 1);
  }
}

}  // namespace pel
