#include "rpc/method_registry.hpp"

namespace pel::rpc {

Status MethodRegistry::add(std::string name, Handler handler) {
  if (name.empty()) return make_error("method name is empty");
  if (!handler) return make_error("method " + name + " has no handler");
  auto [it, inserted] = methods_.try_emplace(std::move(name), std::move(handler));
  if (!inserted) return make_error("method " + it->first + " is already registered");
  return {};
}

bool MethodRegistry::contains(std::string_view name) const {
  return methods_.find(name) != methods_.end();
}

}  // namespace pel::rpc
