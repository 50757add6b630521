#pragma once
// The StateViews the parallel executor gives the VM.

#include <cassert>
#include <vector>

#include "state/mv_memory.hpp"
#include "state/state_view.hpp"

namespace pel {

// What transaction `txn` sees while it executes speculatively: the multi-version
// memory below txn. Records every read for validation. When a read meets an
// ESTIMATE, the execution is doomed: the view remembers the blocking transaction and
// answers zero from then on, and the executor discards the output.
class MvView final : public StateView {
 public:
  MvView(MVMemory& memory, TxnIndex txn, unsigned worker, std::vector<ReadEntry>& reads)
      : memory_(memory), reads_(reads), txn_(txn), worker_(worker) {}

  U256 read(const StateKey& key) const override {
    if (blocked_) return {};
    KeyVersions* node = memory_.find_or_insert(key, worker_);
    MvRead found = memory_.read(*node, txn_);
    if (found.blocked) {
      blocked_ = true;
      blocking_txn_ = found.blocking_txn;
      return {};
    }
    reads_.push_back({node, found.value});
    return found.value;
  }
  CodePtr code(const Hash& code_hash) const override { return memory_.code(code_hash); }

  bool blocked() const { return blocked_; }
  TxnIndex blocking_txn() const { return blocking_txn_; }

 private:
  MVMemory& memory_;
  std::vector<ReadEntry>& reads_;
  TxnIndex txn_;
  unsigned worker_;
  mutable bool blocked_ = false;
  mutable TxnIndex blocking_txn_ = 0;
};

// State after the final transactions [0, upto), once the workers have stopped: what
// the sequential fallback continues from.
class MvPrefixView final : public StateView {
 public:
  MvPrefixView(MVMemory& memory, TxnIndex upto) : memory_(memory), upto_(upto) {}

  U256 read(const StateKey& key) const override {
    MvRead found = memory_.read(*memory_.find_or_insert(key, 0), upto_);
    assert(!found.blocked);
    return found.value;
  }
  CodePtr code(const Hash& code_hash) const override { return memory_.code(code_hash); }

 private:
  MVMemory& memory_;
  TxnIndex upto_;
};

}  // namespace pel
