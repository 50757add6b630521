#pragma once
// Executes a block whose transactions declared their accesses: workers claim
// transactions in block order, a few at a time, run each once its predecessors in
// the AccessGraph are done (setting a few aside meanwhile), against the current
// values of its slots, which no other transaction touches meanwhile. No multi-version
// memory, no validation, no re-execution: the graph already ordered every pair of
// transactions that share a slot.
//
// The graph may still be growing while the run starts: a worker waits for the
// builder to publish a transaction before it runs it (AccessGraph::published), so
// building the graph's tail overlaps executing its front, and a builder that gives up
// stops the run (stop()).
//
// Block order keeps the transactions, their outputs and their graph entries streaming
// through the cache, and what a transaction waits for is mostly one another worker
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
#include <array>
#include <atomic>
#include <span>
#include <thread>
#include <utility>
#include <vector>

#include "core/prefetch.hpp"
#include "executor/access_graph.hpp"
#include "executor/block.hpp"
#include "executor/declared_access.hpp"
#include "executor/declared_run_memory.hpp"
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

inline const TxnAccess* find_access(std::span<const TxnAccess> accesses, const AccessGraph& graph,
                                    const StateKey& key) {
  for (const TxnAccess& access : accesses) {
    if (slot_holds(graph.slot(access.slot).key, key)) return &access;
  }
  return nullptr;
}

// What one transaction sees: the current values of the slots it owns.
class DeclaredView final : public StateView {
 public:
  DeclaredView(const StateView& base, const AccessGraph& graph, std::span<const TxnAccess> accesses)
      : base_(base), graph_(graph), accesses_(accesses) {}

  U256 read(const StateKey& key) const override {
    const TxnAccess* access = find_access(accesses_, graph_, key);
    if (!access || access->mode != AccessMode::kReadWrite) {
      undeclared_ = true;
      return {};
    }
    return loaded_value(base_, graph_.slot(access->slot), value_index(key.field));
  }
  CodePtr code(const Hash& code_hash) const override { return base_.code(code_hash); }

  bool undeclared() const { return undeclared_; }

 private:
  const StateView& base_;
  const AccessGraph& graph_;
  std::span<const TxnAccess> accesses_;
  mutable bool undeclared_ = false;
};

}  // namespace declared_detail

template <DeclaresAccess Vm>
class DeclaredRun {
 public:
  // `graph` holds the block's transactions, or will as its builder publishes them;
  // `outputs` has one slot per transaction; worker ids run from 0 to workers - 1,
  // each claiming `claim_batch` at a time; `memory` is reset for the run.
  DeclaredRun(const Vm& vm, const BlockInput& block, const StateView& base, AccessGraph& graph,
              std::vector<TxnOutput>& outputs, unsigned workers, uint32_t claim_batch,
              DeclaredRunMemory& memory)
      : vm_(vm),
        block_(block),
        base_(base),
        graph_(graph),
        outputs_(outputs),
        txns_(block.txns.size()),
        memory_(memory),
        claim_batch_(std::max<uint32_t>(claim_batch, 1)) {
    memory_.reset(txns_, workers);
  }

  // Runs transactions until all are claimed and this worker's have run, or the run
  // stopped. Call once per worker id, concurrently.
  //
  // A claimed transaction whose predecessors are not all done (mostly: one the other
  // workers are running right now) is set aside, and the worker takes up its next
  // one; it comes back to those set aside as they become ready, oldest first, and
  // waits only when kMaxDeferred are set aside or nothing is left to claim. This never
  // deadlocks: the lowest unfinished transaction of the block is always ready, and
  // its holder checks it on each pass (a worker's set-aside transactions are all
  // lower than the claimed ones it has not taken up yet).
  void worker(unsigned id) {
    const size_t n = txns_;
    uint64_t waits = 0;
    // Summed here, from the outputs this worker just wrote, rather than afterwards by
    // one thread reading every output back.
    uint64_t gas = 0;
    std::array<SetAside, kMaxDeferred> deferred;
    size_t deferred_count = 0;
    size_t next = 0, end = 0;  // claimed, not yet taken up
    bool claims_left = true;
    // Runs `txn`, whose predecessors are done; false when it strayed from its
    // declaration (the run is then stopped).
    auto run = [&](TxnIndex txn) {
      if (!execute(txn, id)) {
        undeclared_.store(true, std::memory_order_relaxed);
        stop();
        return false;
      }
      gas += outputs_[txn].result.gas_used;
      // Publishes the transaction's slot values and sums to its successors.
      done(txn).store(true, std::memory_order_release);
      return true;
    };
    unsigned idle = 0;  // passes in a row that ran nothing
    while (!stopped()) {
      bool progressed = false;
      size_t kept = 0;
      for (size_t i = 0; i < deferred_count; ++i) {
        if (!ready(deferred[i])) {
          deferred[kept++] = deferred[i];
        } else if (run(deferred[i].txn)) {
          progressed = true;
        } else {
          break;
        }
      }
      deferred_count = kept;
      if (stopped()) break;
      if (deferred_count < kMaxDeferred) {
        if (next == end && claims_left) {
          next = next_.fetch_add(claim_batch_, std::memory_order_relaxed);
          end = std::min(n, next + claim_batch_);
          if (next >= n) {
            claims_left = false;
            next = end = 0;
          }
        }
        if (next < end) {
          SetAside taken{static_cast<TxnIndex>(next++)};
          // The likely next output, while this one runs (see execute()).
          if (next < end) prefetch_for_write(&outputs_[next], sizeof(TxnOutput));
          if (ready(taken)) {
            if (!run(taken.txn)) break;
          } else {
            ++waits;
            deferred[deferred_count++] = taken;
          }
          idle = 0;
          continue;
        }
        if (deferred_count == 0) break;  // everything this worker claimed has run
      }
      if (progressed) {
        idle = 0;
      } else if (++idle < 64) {
        cpu_relax();
      } else {
        std::this_thread::yield();
      }
    }
    waits_.fetch_add(waits, std::memory_order_relaxed);
    gas_used_.fetch_add(gas, std::memory_order_relaxed);
  }

  // Makes every worker return soon, leaving the outputs incomplete: the graph's
  // builder gave up, or a transaction strayed from its declaration.
  void stop() { stopped_.store(true, std::memory_order_relaxed); }
  bool stopped() const { return stopped_.load(std::memory_order_relaxed); }

  // Times a worker took up a transaction it could not run yet (a predecessor not
  // done, or the transaction not yet in the graph) and set it aside (after the
  // workers).
  uint64_t dependency_waits() const { return waits_.load(std::memory_order_relaxed); }

  // The gas the block's transactions used (after the workers, when not stopped).
  uint64_t gas_used() const { return gas_used_.load(std::memory_order_relaxed); }

  // A transaction touched a slot it did not declare: the outputs are incomplete.
  bool undeclared() const { return undeclared_.load(std::memory_order_relaxed); }

  // After the workers returned: appends the final value of every key written in the
  // slots [begin, end) of the graph (so that parts can be collected in parallel).
  void collect_changes(size_t begin, size_t end, std::vector<std::pair<StateKey, U256>>& out) {
    for (size_t i = begin; i < end; ++i) {
      AccessSlot& slot = graph_.slot(static_cast<uint32_t>(i));
      const uint32_t open = graph_.open_segment(static_cast<uint32_t>(i));
      if (open != kNoSegment) fold(slot, open);
      for (unsigned index = 0; index < 3; ++index) {
        if ((slot.written & (1u << index)) == 0) continue;
        auto& change = out.emplace_back();
        assign_key_at(change.first, slot.key, index);
        change.second = slot.values[index];
      }
    }
  }

 private:
  // Claimed transactions a worker may set aside before it waits (see worker()).
  static constexpr size_t kMaxDeferred = 4;
  std::atomic<bool>& done(TxnIndex txn) { return memory_.done(txn); }

  // A claimed transaction set aside, and how many of its predecessors were already
  // seen done: a transaction after a coinbase owner waits for tens of adders, and
  // each look resumes where the last stopped (done flags never go back).
  struct SetAside {
    TxnIndex txn = 0;
    uint32_t seen_done = 0;
  };

  // Whether `waiting.txn` can run: the builder has published it (its graph entries
  // are readable) and its predecessors are done (acquiring what they wrote).
  bool ready(SetAside& waiting) {
    if (graph_.published() <= waiting.txn) return false;
    std::span<const TxnIndex> predecessors = graph_.predecessors(waiting.txn);
    for (; waiting.seen_done < predecessors.size(); ++waiting.seen_done) {
      if (!done(predecessors[waiting.seen_done]).load(std::memory_order_acquire)) return false;
    }
    return true;
  }

  // Adds every worker's deltas of `segment` (whose adders all completed) to the slot.
  void fold(AccessSlot& slot, uint32_t segment) {
    for (unsigned worker = 0; worker < memory_.workers(); ++worker) {
      const declared_detail::SegmentSum* part = memory_.find_sum(worker, segment);
      if (part == nullptr) continue;
      for (unsigned index = 0; index < 3; ++index) {
        if ((part->added & (1u << index)) == 0) continue;
        declared_detail::loaded_value(base_, slot, index) += part->sum[index];
        slot.written |= static_cast<uint8_t>(1u << index);
      }
    }
  }

  // Runs `txn` and applies its writes: to its slots when it owns them, to this
  // worker's segment sums when it adds. False when it strayed outside its declaration.
  bool execute(TxnIndex txn, unsigned worker) {
    // The output's storage was last written by whichever worker ran this index
    // before, or read by the caller: claimed up front, its seven lines arrive
    // together instead of each store stalling in turn.
    prefetch_for_write(&outputs_[txn], sizeof(TxnOutput));
    std::span<const TxnAccess> accesses = graph_.accesses(txn);
    for (const TxnAccess& access : accesses) {
      if (access.mode == AccessMode::kReadWrite && access.segment != kNoSegment) {
        fold(graph_.slot(access.slot), access.segment);
      }
    }
    declared_detail::DeclaredView view(base_, graph_, accesses);
    TxnOutput& out = emplace_output(outputs_[txn], [&] {
      return vm_.execute(block_.txns[txn], block_.senders[txn], block_.env, view);
    });
    if (view.undeclared() || !out.writes.code.empty()) return false;
    for (const WriteEntry& entry : out.writes.entries) {
      const TxnAccess* access = declared_detail::find_access(accesses, graph_, entry.key);
      if (!access) return false;
      const unsigned index = value_index(entry.key.field);
      const uint8_t bit = static_cast<uint8_t>(1u << index);
      if (access->mode == AccessMode::kAdd) {
        if (entry.kind != WriteKind::kAdd) return false;
        declared_detail::SegmentSum& part = memory_.ensure_sum(worker, access->segment);
        part.sum[index] += entry.value;
        part.added |= bit;
        continue;
      }
      AccessSlot& slot = graph_.slot(access->slot);
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
  const size_t txns_;
  DeclaredRunMemory& memory_;
  const uint32_t claim_batch_;
  alignas(64) std::atomic<size_t> next_{0};  // the next transaction to claim
  alignas(64) std::atomic<bool> stopped_{false};
  std::atomic<bool> undeclared_{false};
  std::atomic<uint64_t> waits_{0};
  std::atomic<uint64_t> gas_used_{0};
};

}  // namespace pel
