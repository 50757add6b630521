#include "state/mv_memory.hpp"

#include <algorithm>
#include <cassert>

namespace pel {
namespace {

constexpr uintptr_t kPointerMask = (uintptr_t{1} << 48) - 1;

uintptr_t tag_of(uint64_t hash) {
  return static_cast<uintptr_t>(hash >> 48) << 48;
}
KeyVersions* node_of(uintptr_t slot) {
  return reinterpret_cast<KeyVersions*>(slot & kPointerMask);
}

// Whether every pointer of `a` is in `b` (write sets are short; large ones are sorted).
bool all_contained(const std::vector<KeyVersions*>& a, const std::vector<KeyVersions*>& b) {
  if (a.size() * b.size() <= 256) {
    for (KeyVersions* x : a)
      if (std::find(b.begin(), b.end(), x) == b.end()) return false;
    return true;
  }
  std::vector<KeyVersions*> sorted_b(b);
  std::sort(sorted_b.begin(), sorted_b.end());
  for (KeyVersions* x : a)
    if (!std::binary_search(sorted_b.begin(), sorted_b.end(), x)) return false;
  return true;
}

}  // namespace

// Three cache lines: key and lowest writer, base value, versions.
static_assert(sizeof(KeyVersions) == 192);

MVMemory::~MVMemory() = default;

void MVMemory::reset(const BlockShape& shape, const StateView& base,
                     std::span<const StateKey> hot_keys) {
  // Last block's nodes are not visited: clearing the table unlinks them all, and a
  // node is re-initialized when it is handed out again. Visiting every node would
  // touch three cache lines per key of the last block, a sequential pass as long
  // as a sizable share of the block's execution.
  for (NodePool& pool : pools_) {
    pool.used = 0;
    pool.spare = nullptr;
  }
  if (pools_.size() < shape.workers) pools_.resize(shape.workers);
  overflow_index_.clear();
  overflow_nodes_.clear();
  code_.clear();

  size_t wanted = 1024;
  while (wanted < shape.expected_keys * 2) wanted *= 2;
  if (wanted > table_capacity_) {
    table_ = std::make_unique<std::atomic<uintptr_t>[]>(wanted);  // value-initialized: zero
    table_capacity_ = wanted;
  } else {
    for (size_t i = 0; i < table_capacity_; ++i) table_[i].store(0, std::memory_order_relaxed);
  }

  // Transaction records are cleared when first recorded in this block (see record()).
  if (++epoch_ == 0) {  // wrapped: no record may carry a stale epoch that looks current
    for (size_t i = 0; i < records_capacity_; ++i) records_[i].epoch = 0;
    epoch_ = 1;
  }
  if (shape.num_txns > records_capacity_) {
    records_ = std::make_unique<TxnRecord[]>(shape.num_txns);
    records_capacity_ = shape.num_txns;
  }

  if (shape.num_txns > hot_slots_capacity_) {
    hot_slots_.clear();
    hot_slots_capacity_ = shape.num_txns;
  }
  hot_nodes_.clear();
  for (size_t i = 0; i < hot_keys.size(); ++i) {
    if (hot_slots_.size() <= i)
      hot_slots_.push_back(std::make_unique<HotSlot[]>(hot_slots_capacity_));
    HotSlot* slots = hot_slots_[i].get();
    for (TxnIndex t = 0; t < shape.num_txns; ++t) slots[t].present = false;
    auto node = std::make_unique<KeyVersions>();
    node->key = hot_keys[i];
    node->base = base.read(hot_keys[i]);
    node->hot = slots;
    node->lowest_writer.store(0, std::memory_order_relaxed);  // never the lock-free path
    hot_nodes_.push_back(std::move(node));
  }

  base_ = &base;
  num_txns_ = shape.num_txns;
}

template <class Fn>
void MVMemory::for_each_pool_node(const NodePool& pool, Fn&& fn) {
  for (size_t i = 0; i < pool.used; ++i) fn(pool.chunks[i / kChunkNodes][i % kChunkNodes]);
}

KeyVersions* MVMemory::allocate_node(const StateKey& key, unsigned worker) {
  assert(worker < pools_.size());
  NodePool& pool = pools_[worker];
  KeyVersions* node = pool.spare;
  if (node != nullptr) {
    pool.spare = nullptr;
  } else {
    if (pool.used == pool.chunks.size() * kChunkNodes)
      pool.chunks.push_back(std::make_unique<KeyVersions[]>(kChunkNodes));
    node = &pool.chunks[pool.used / kChunkNodes][pool.used % kChunkNodes];
    ++pool.used;
  }
  node->key = key;
  node->versions.clear();
  node->lowest_writer.store(KeyVersions::kNoWriter, std::memory_order_relaxed);
  node->hot = nullptr;
  // Loaded before the node is published, so readers never wait for it.
  node->base = base_->read(key);
  return node;
}

KeyVersions* MVMemory::find_or_insert(const StateKey& key, unsigned worker) {
  if (KeyVersions* hot = find_hot(key)) return hot;
  uint64_t hash = hash_state_key(key);
  uintptr_t tag = tag_of(hash);
  size_t mask = table_capacity_ - 1;
  size_t index = hash & mask;
  for (size_t probe = 0; probe < kMaxProbe; ++probe, index = (index + 1) & mask) {
    uintptr_t slot = table_[index].load(std::memory_order_acquire);
    if (slot == 0) {
      KeyVersions* node = allocate_node(key, worker);
      uintptr_t desired = tag | reinterpret_cast<uintptr_t>(node);
      assert(node_of(desired) == node);
      if (table_[index].compare_exchange_strong(slot, desired, std::memory_order_acq_rel,
                                                std::memory_order_acquire)) {
        return node;
      }
      pools_[worker].spare = node;  // someone else took the slot: `slot` now holds theirs
    }
    if ((slot & ~kPointerMask) == tag && node_of(slot)->key == key) return node_of(slot);
  }
  return overflow_find_or_insert(key);
}

KeyVersions* MVMemory::overflow_find_or_insert(const StateKey& key) {
  std::lock_guard guard(overflow_mutex_);
  auto [it, inserted] = overflow_index_.try_emplace(key, nullptr);
  if (inserted) {
    KeyVersions& node = overflow_nodes_.emplace_back();
    node.key = key;
    node.base = base_->read(key);
    it->second = &node;
  }
  return it->second;
}

MvRead MVMemory::read_versions(KeyVersions& node, TxnIndex txn) const {
  // Deltas are rare outside hot keys: only add when there are some.
  U256 deltas;
  bool has_deltas = false;
  auto with_deltas = [&](const U256& value) { return has_deltas ? value + deltas : value; };
  if (node.hot != nullptr) {
    for (TxnIndex i = txn; i-- > 0;) {
      HotSlot& slot = node.hot[i];
      std::unique_lock guard(slot.lock);
      if (!slot.present) continue;
      const Version& version = slot.version;
      if (version.estimate) return {true, i, {}};
      if (version.kind == VersionKind::kDelta) {
        deltas += version.value;
        has_deltas = true;
        continue;
      }
      return {false, 0, with_deltas(version.value)};
    }
  } else {
    std::unique_lock guard(node.lock);
    const VersionList& versions = node.versions;
    for (uint32_t i = versions.lower_bound(txn); i-- > 0;) {
      const Version& version = versions[i];
      if (version.estimate) return {true, version.txn, {}};
      if (version.kind == VersionKind::kDelta) {
        deltas += version.value;
        has_deltas = true;
        continue;
      }
      return {false, 0, with_deltas(version.value)};
    }
  }
  return {false, 0, with_deltas(node.base)};
}

void MVMemory::write(KeyVersions& node, TxnIndex txn, WriteKind kind, const U256& value) {
  VersionKind version_kind = kind == WriteKind::kAdd ? VersionKind::kDelta : VersionKind::kValue;
  if (node.hot != nullptr) {
    HotSlot& slot = node.hot[txn];
    std::lock_guard guard(slot.lock);
    slot.present = true;
    slot.version = Version{txn, version_kind, false, value};
    return;
  }
  std::lock_guard guard(node.lock);
  Version& version = node.versions.upsert(txn);
  version.kind = version_kind;
  version.estimate = false;
  version.value = value;
  node.lowest_writer.store(node.versions.empty() ? KeyVersions::kNoWriter : node.versions[0].txn,
                           std::memory_order_release);
}

void MVMemory::remove(KeyVersions& node, TxnIndex txn) {
  if (node.hot != nullptr) {
    HotSlot& slot = node.hot[txn];
    std::lock_guard guard(slot.lock);
    slot.present = false;
    return;
  }
  std::lock_guard guard(node.lock);
  node.versions.erase(txn);
  node.lowest_writer.store(node.versions.empty() ? KeyVersions::kNoWriter : node.versions[0].txn,
                           std::memory_order_release);
}

void MVMemory::mark_estimate(KeyVersions& node, TxnIndex txn) {
  if (node.hot != nullptr) {
    HotSlot& slot = node.hot[txn];
    std::lock_guard guard(slot.lock);
    if (slot.present) slot.version.estimate = true;
    return;
  }
  std::lock_guard guard(node.lock);
  if (Version* version = node.versions.find(txn)) version->estimate = true;
}

bool MVMemory::record(TxnIndex txn, std::vector<ReadEntry>& reads, const WriteSet& writes,
                      unsigned worker) {
  std::vector<KeyVersions*>& fresh = pools_[worker].scratch;
  fresh.clear();
  for (const WriteEntry& entry : writes.entries) {
    // Most keys a transaction writes it read first: take their nodes from the read
    // set rather than hashing again.
    KeyVersions* node = nullptr;
    if (reads.size() <= 16) {
      for (const ReadEntry& read : reads) {
        if (read.node->key == entry.key) {
          node = read.node;
          break;
        }
      }
    }
    if (node == nullptr) node = find_or_insert(entry.key, worker);
    write(*node, txn, entry.kind, entry.value);
    fresh.push_back(node);
  }
  for (const CodeBlob& blob : writes.code) add_code(blob);
  // The VM contract: each key at most once per write set (a second write, or a second
  // delta, would be applied differently by the sequential executor).
  assert(fresh.size() > 32 || std::all_of(fresh.begin(), fresh.end(), [&](KeyVersions* node) {
           return std::count(fresh.begin(), fresh.end(), node) == 1;
         }));

  TxnRecord& record = records_[txn];
  std::lock_guard guard(record.lock);
  if (record.epoch != epoch_) {  // left from an earlier block
    record.reads.clear();
    record.written.clear();
    record.epoch = epoch_;
  }
  if (record.written.empty()) {  // the first execution, most often
    record.written.swap(fresh);
    record.reads.swap(reads);
    return !record.written.empty();
  }
  bool wrote_new_location = !all_contained(fresh, record.written);
  if (!all_contained(record.written, fresh)) {
    for (KeyVersions* node : record.written)
      if (std::find(fresh.begin(), fresh.end(), node) == fresh.end()) remove(*node, txn);
  }
  record.written.swap(fresh);
  record.reads.swap(reads);
  return wrote_new_location;
}

bool MVMemory::validate_read_set(TxnIndex txn) const {
  const TxnRecord& record = records_[txn];
  std::lock_guard guard(record.lock);
  for (const ReadEntry& entry : record.reads) {
    MvRead now = read(*entry.node, txn);
    if (now.blocked || now.value != entry.value) return false;
  }
  return true;
}

void MVMemory::convert_writes_to_estimates(TxnIndex txn) {
  TxnRecord& record = records_[txn];
  std::lock_guard guard(record.lock);
  for (KeyVersions* node : record.written) mark_estimate(*node, txn);
}

CodePtr MVMemory::code(const Hash& code_hash) const {
  {
    std::lock_guard guard(code_mutex_);
    auto it = code_.find(code_hash);
    if (it != code_.end()) return it->second;
  }
  return base_->code(code_hash);
}

void MVMemory::add_code(const CodeBlob& blob) {
  std::lock_guard guard(code_mutex_);
  code_.try_emplace(blob.hash, blob.code);
}

void MVMemory::collect_changes(StateChanges& out, TxnIndex upto) const {
  for (size_t part = 0; part < change_parts(); ++part) collect_changes(part, out.values, upto);
}

size_t MVMemory::change_parts() const {
  return pools_.size() + 1;
}

void MVMemory::collect_changes(size_t part, std::vector<std::pair<StateKey, U256>>& out,
                               TxnIndex upto) const {
  auto collect = [&](KeyVersions& node) {
    if (node.versions.empty() || node.versions[0].txn >= upto) return;
    MvRead final_value = read(node, upto);
    assert(!final_value.blocked);
    out.emplace_back(node.key, final_value.value);
  };
  if (part < pools_.size()) {
    out.reserve(out.size() + pools_[part].used);
    for_each_pool_node(pools_[part], collect);
    return;
  }
  for (const KeyVersions& node : overflow_nodes_) collect(const_cast<KeyVersions&>(node));
  for (const auto& node : hot_nodes_) {
    bool written = false;
    for (TxnIndex t = 0; t < upto && !written; ++t) written = node->hot[t].present;
    if (!written) continue;
    MvRead final_value = read(*node, upto);
    assert(!final_value.blocked);
    out.emplace_back(node->key, final_value.value);
  }
}

size_t MVMemory::keys_in_use() const {
  size_t keys = overflow_nodes_.size() + hot_nodes_.size();
  for (const NodePool& pool : pools_) keys += pool.used;
  return keys;
}

}  // namespace pel
