#pragma once
// What a method handler returns: a JSON result or an RpcError.

#include <concepts>
#include <nlohmann/json.hpp>
#include <type_traits>
#include <utility>
#include <variant>

#include "rpc/error.hpp"

namespace pel::rpc {

class [[nodiscard]] RpcResult {
 public:
  // Anything nlohmann::json can hold converts implicitly, so a handler can
  // `return "0x1";`, `return true;` or `return json_object;`.
  template <class T>
  requires(!std::same_as<std::remove_cvref_t<T>, RpcError> &&
           !std::same_as<std::remove_cvref_t<T>, RpcResult> &&
           std::constructible_from<nlohmann::json, T>)
      RpcResult(T&& value)  // NOLINT: implicit by design
      : state_(std::in_place_index<0>, std::forward<T>(value)) {}
  RpcResult(RpcError error)  // NOLINT: implicit by design
      : state_(std::in_place_index<1>, std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  const nlohmann::json& value() const& { return std::get<0>(state_); }
  nlohmann::json&& value() && { return std::get<0>(std::move(state_)); }
  const RpcError& error() const { return std::get<1>(state_); }

 private:
  std::variant<nlohmann::json, RpcError> state_;
};

}  // namespace pel::rpc
