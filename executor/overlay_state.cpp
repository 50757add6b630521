#include "executor/overlay_state.hpp"

namespace pel {

CodePtr OverlayState::code(const Hash& code_hash) const {
  auto it = code_.find(code_hash);
  return it != code_.end() ? it->second : base_->code(code_hash);
}

void OverlayState::collect_changes(StateChanges& out) const {
  out.values.reserve(out.values.size() + writes_.size());
  writes_.for_each(
      [&](const StateKey& key, const U256& value) { out.values.emplace_back(key, value); });
  for (const auto& [hash, code] : code_) out.code.push_back({hash, code});
}

}  // namespace pel
