#pragma once
// Executes a block whose transactions declared their accesses: workers claim
// transactions in block order, a few at a time, wait until the transaction's
// predecessors in the AccessGraph are done, and run it once against the current
// values of its slots, which no other transaction touches meanwhile. No multi-version
// memory, no validation, no re-execution: the graph already ordered every pair of
// transactions that share a slot.
//
// Block order keeps the transactions, their outputs and their graph entries streaming
// through the cache, and a wait is short: it is for a transaction another worker
// claimed just before (a worker only ever waits for lower indices, so the lowest
// unfinished transaction can always run). Blocks whose dependencies chain many
// transactions never get here: the executor runs them sequentially.
//
// Deltas to a slot a transaction declared kAdd are summed per worker and segment
// (AccessGraph), so the adders of a hot key, the coinbase, share nothing while they
// run; the segment's next owner, or the change collection, adds the sums up.
//
// The declarations are checked, not trusted, at the granularity of slots (an account
// or a storage slot): a read or write of a slot the transaction did not declare, a
// read or set of a slot it only declared kAdd, or a code deployment stops the run,
// and the caller executes the block another way. Nothing is published before the run
// ends, so a stopped run leaves nothing behind.

#include <algorithm>
#include <atomic>
#include <memory>
#include <span>
#include <thread>
#include <utility>
#include <vector>

#include "executor/access_graph.hpp"
#include "executor/block.hpp"
#include "executor/declared_access.hpp"
#include "state/spin_lock.hpp"

namespace pel {

namespace declared_detail {

inline U256& loaded_value(const StateView& base, AccessSlot& slot, unsigned index) {
  const uint8_t bit = static_cast<uint8_t>(1u << index);
  if ((slot.loaded & bit) != 0) return slot.values[index];
  if (slot.loaded == 0 && !slot.key.is_storage()) {
    // An account is read as a whole: transfers read its balance, nonce and code hash.
    AccountWords words = base.read_account(slot.key.address);
    slot.values[value_index(StateField::kBalance)] = words.balance;
    slot.values[value_index(StateField::kNonce)] = words.nonce;
    slot.values[value_index(StateField::kCodeHash)] = words.code_hash;
    slot.loaded = 0b111;
  } else {
    slot.values[index] = base.read(key_at(slot.key, index));
    slot.loaded |= bit;
  }
  return slot.values[index];
}

inline const TxnAccess* find_access(std::span<const TxnAccess> accesses,
                                    std::span<const AccessSlot> slots, const StateKey& key) {
  for (const TxnAccess& access : accesses) {
    if (slot_holds(slots[access.slot].key, key)) return &access;
  }
  return nullptr;
}

// What one transaction sees: the current values of the slots it owns.
class DeclaredView final : public StateView {
 public:
  DeclaredView(const StateView& base, std::span<AccessSlot> slots,
               std::span<const TxnAccess> accesses)
      : base_(base), slots_(slots), accesses_(accesses) {}

  U256 read(const StateKey& key) const override {
    const TxnAccess* access = find_access(accesses_, slots_, key);
    if (!access || access->mode != AccessMode::kReadWrite) {
      undeclared_ = true;
      return {};
    }
    return loaded_value(base_, slots_[access->slot], value_index(key.field));
  }
  CodePtr code(const Hash& code_hash) const override { return base_.code(code_hash); }

  bool undeclared() const { return undeclared_; }

 private:
  const StateView& base_;
  std::span<AccessSlot> slots_;
  std::span<const TxnAccess> accesses_;
  mutable bool undeclared_ = false;
};

// The deltas one worker added to one segment, by value index. Cache-line aligned:
// every worker adds to the coinbase's segment once per transaction.
struct alignas(64) SegmentSum {
  U256 sum[3];
  uint8_t added = 0;  // bit per value index
};

}  // namespace declared_detail

template <DeclaresAccess Vm>
class DeclaredRun {
 public:
  // `graph` holds the block's transactions, `outputs` has one slot per transaction;
  // worker ids run from 0 to workers - 1, each claiming `claim_batch` at a time.
  DeclaredRun(const Vm& vm, const BlockInput& block, const StateView& base, AccessGraph& graph,
              std::vector<TxnOutput>& outputs, unsigned workers, uint32_t claim_batch)
      : vm_(vm),
        block_(block),
        base_(base),
        graph_(graph),
        outputs_(outputs),
        done_(std::make_unique<std::atomic<bool>[]>(graph.txns() + kDoneSpread)),
        done_stride_((graph.txns() + kDoneSpread - 1) / kDoneSpread),
        claim_batch_(std::max<uint32_t>(claim_batch, 1)),
        sums_(workers) {
    for (auto& sums : sums_) sums.resize(graph.segments());
  }

  // Runs transactions until all are claimed and this worker's have run, or the run
  // stopped. Call once per worker id, concurrently.
  void worker(unsigned id) {
    const size_t n = graph_.txns();
    uint64_t waits = 0;
    while (true) {
      size_t begin = next_.fetch_add(claim_batch_, std::memory_order_relaxed);
      if (begin >= n) break;
      for (size_t txn = begin; txn < std::min(n, begin + claim_batch_); ++txn) {
        if (!wait_for_predecessors(static_cast<TxnIndex>(txn), waits) ||
            !execute(static_cast<TxnIndex>(txn), sums_[id])) {
          undeclared_.store(true, std::memory_order_relaxed);
          waits_.fetch_add(waits, std::memory_order_relaxed);
          return;
        }
        // Publishes the transaction's slot values and sums to its successors.
        done(static_cast<TxnIndex>(txn)).store(true, std::memory_order_release);
      }
    }
    waits_.fetch_add(waits, std::memory_order_relaxed);
  }

  // Times a worker found a predecessor not done yet and waited (after the workers).
  uint64_t dependency_waits() const { return waits_.load(std::memory_order_relaxed); }

  // A transaction touched a slot it did not declare: the outputs are incomplete.
  bool undeclared() const { return undeclared_.load(std::memory_order_relaxed); }

  // After the workers returned: appends the final value of every key written in the
  // slots [begin, end) of the graph (so that parts can be collected in parallel).
  void collect_changes(size_t begin, size_t end, std::vector<std::pair<StateKey, U256>>& out) {
    std::span<AccessSlot> slots = graph_.slots();
    for (size_t i = begin; i < end; ++i) {
      AccessSlot& slot = slots[i];
      if (slot.segment != kNoSegment) fold(slot, slot.segment);
      for (unsigned index = 0; index < 3; ++index) {
        if (slot.written & (1u << index))
          out.emplace_back(key_at(slot.key, index), slot.values[index]);
      }
    }
  }

 private:
  using SegmentSums = std::vector<declared_detail::SegmentSum>;

  // The done flag of `txn`. Neighbours (claimed by different workers) get flags a
  // cache line apart, or every completion would pull the line from the other core.
  static constexpr size_t kDoneSpread = 64;
  std::atomic<bool>& done(TxnIndex txn) {
    return done_[(txn % kDoneSpread) * done_stride_ + txn / kDoneSpread];
  }

  // False when the run stopped meanwhile (a predecessor may then never finish).
  bool wait_for_predecessors(TxnIndex txn, uint64_t& waits) {
    for (TxnIndex predecessor : graph_.predecessors(txn)) {
      if (done(predecessor).load(std::memory_order_acquire)) continue;
      ++waits;
      for (unsigned spins = 0; !done(predecessor).load(std::memory_order_acquire); ++spins) {
        if (undeclared_.load(std::memory_order_relaxed)) return false;
        if (spins < 64) {
          cpu_relax();
        } else {
          std::this_thread::yield();
        }
      }
    }
    return true;
  }

  // Adds every worker's deltas of `segment` (whose adders all completed) to the slot.
  void fold(AccessSlot& slot, uint32_t segment) {
    for (const SegmentSums& sums : sums_) {
      const declared_detail::SegmentSum& part = sums[segment];
      for (unsigned index = 0; index < 3; ++index) {
        if ((part.added & (1u << index)) == 0) continue;
        declared_detail::loaded_value(base_, slot, index) += part.sum[index];
        slot.written |= static_cast<uint8_t>(1u << index);
      }
    }
  }

  // Runs `txn` and applies its writes: to its slots when it owns them, to this
  // worker's segment sums when it adds. False when it strayed outside its declaration.
  bool execute(TxnIndex txn, SegmentSums& sums) {
    std::span<AccessSlot> slots = graph_.slots();
    std::span<const TxnAccess> accesses = graph_.accesses(txn);
    for (const TxnAccess& access : accesses) {
      if (access.mode == AccessMode::kReadWrite && access.segment != kNoSegment) {
        fold(slots[access.slot], access.segment);
      }
    }
    declared_detail::DeclaredView view(base_, slots, accesses);
    TxnOutput& out = outputs_[txn] =
        vm_.execute(block_.txns[txn], block_.senders[txn], block_.env, view);
    if (view.undeclared() || !out.writes.code.empty()) return false;
    for (const WriteEntry& entry : out.writes.entries) {
      const TxnAccess* access = declared_detail::find_access(accesses, slots, entry.key);
      if (!access) return false;
      const unsigned index = value_index(entry.key.field);
      const uint8_t bit = static_cast<uint8_t>(1u << index);
      if (access->mode == AccessMode::kAdd) {
        if (entry.kind != WriteKind::kAdd) return false;
        declared_detail::SegmentSum& part = sums[access->segment];
        part.sum[index] += entry.value;
        part.added |= bit;
        continue;
      }
      AccessSlot& slot = slots[access->slot];
      if (entry.kind == WriteKind::kSet) {
        slot.values[index] = entry.value;
        slot.loaded |= bit;
      } else {
        declared_detail::loaded_value(base_, slot, index) += entry.value;
      }
      slot.written |= bit;
    }
    return true;
  }

  const Vm& vm_;
  const BlockInput& block_;
  const StateView& base_;
  AccessGraph& graph_;
  std::vector<TxnOutput>& outputs_;
  std::unique_ptr<std::atomic<bool>[]> done_;  // by transaction, see done()
  const size_t done_stride_;
  const uint32_t claim_batch_;
  alignas(64) std::atomic<size_t> next_{0};  // the next transaction to claim
  std::vector<SegmentSums> sums_;            // per worker, per segment
  alignas(64) std::atomic<bool> undeclared_{false};
  std::atomic<uint64_t> waits_{0};
};

}  // namespace pel
