#include "state/memory_state.hpp"

#include <algorithm>

namespace pel {

CodePtr MemoryState::code(const Hash& code_hash) const {
  auto it = code_.find(code_hash);
  if (it != code_.end()) return it->second;
  if (code_hash.is_zero()) {
    static const CodePtr empty = std::make_shared<const Bytes>();
    return empty;
  }
  return nullptr;
}

void MemoryState::set_code(const Address& address, const Hash& code_hash, CodePtr code) {
  add_code(code_hash, std::move(code));
  set(StateKey::code_hash(address), code_hash_word(code_hash));
}

void MemoryState::apply(const StateChanges& changes) {
  values_.reserve(values_.size() + changes.values.size());
  for (const auto& [key, value] : changes.values) values_[key] = value;
  for (const CodeBlob& blob : changes.code) code_[blob.hash] = blob.code;
}

std::vector<std::pair<StateKey, U256>> MemoryState::non_zero_values() const {
  std::vector<std::pair<StateKey, U256>> out;
  out.reserve(values_.size());
  values_.for_each([&](const StateKey& key, const U256& value) {
    if (!value.is_zero()) out.emplace_back(key, value);
  });
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

}  // namespace pel
