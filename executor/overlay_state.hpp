#pragma once
// The sequential executor's view of state: the block's writes so far over the state
// the block started from.

#include <unordered_map>

#include "state/state_map.hpp"
#include "state/state_view.hpp"
#include "state/write_set.hpp"

namespace pel {

class OverlayState final : public StateView {
 public:
  explicit OverlayState(const StateView& base, size_t expected_keys = 0)
      : base_(&base), writes_(expected_keys) {}

  // Starts over on `base`, keeping the memory (executors reuse one per block).
  void reset(const StateView& base, size_t expected_keys) {
    base_ = &base;
    writes_.clear();
    writes_.reserve(expected_keys);
    code_.clear();
  }

  U256 read(const StateKey& key) const override {
    const U256* written = writes_.find(key);
    return written ? *written : base_->read(key);
  }
  CodePtr code(const Hash& code_hash) const override;

  // Applies one transaction's writes; deltas add to the current value.
  void apply(const WriteSet& writes) {
    for (const WriteEntry& entry : writes.entries) {
      auto [value, fresh] = writes_.insert(entry.key);
      if (entry.kind == WriteKind::kSet) {
        value = entry.value;
      } else {
        if (fresh) value = base_->read(entry.key);
        value += entry.value;
      }
    }
    for (const CodeBlob& blob : writes.code) code_.try_emplace(blob.hash, blob.code);
  }

  // Appends the final value of every written key, and the deployed code.
  void collect_changes(StateChanges& out) const;

  const StateMap& writes() const { return writes_; }

 private:
  const StateView* base_;
  StateMap writes_;
  std::unordered_map<Hash, CodePtr> code_;
};

}  // namespace pel
