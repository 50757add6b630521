#pragma once
// State held in memory: tests, benchmarks and dev chains. A StateView, plus the
// writes a block commits.

#include <unordered_map>

#include "state/state_map.hpp"
#include "state/state_view.hpp"
#include "state/write_set.hpp"

namespace pel {

class MemoryState final : public StateView {
 public:
  MemoryState() = default;
  explicit MemoryState(size_t expected_keys) : values_(expected_keys) {}

  U256 read(const StateKey& key) const override {
    const U256* value = values_.find(key);
    return value ? *value : U256();
  }
  CodePtr code(const Hash& code_hash) const override;

  void set(const StateKey& key, const U256& value) { values_[key] = value; }
  void set_balance(const Address& address, const U256& value) {
    set(StateKey::balance(address), value);
  }
  void set_nonce(const Address& address, uint64_t nonce) {
    set(StateKey::nonce(address), U256(nonce));
  }
  // Stores `code` under its hash, which the caller computed (state/ has no keccak of
  // its own to spare), and points the account at it.
  void set_code(const Address& address, const Hash& code_hash, CodePtr code);
  void add_code(const Hash& code_hash, CodePtr code) { code_[code_hash] = std::move(code); }

  // Commits a block's changes.
  void apply(const StateChanges& changes);

  // Keys with a non-zero value, in canonical order: what state comparisons look at.
  std::vector<std::pair<StateKey, U256>> non_zero_values() const;

  const StateMap& values() const { return values_; }

 private:
  StateMap values_;
  std::unordered_map<Hash, CodePtr> code_;
};

}  // namespace pel
