#pragma once
// Typed access to positional parameters, so an eth_ handler states its signature
// and receives decoded values:
//
//   registry.add("eth_getBalance",
//       bind_params<Address, BlockId>({"address", "block"},
//           [&chain](const Address& address, const BlockId& block) -> RpcResult {...}));
//
// Rules (geth's): params must be an array (or absent/null: no arguments); more
// arguments than declared is an error; a missing or null argument is an error
// unless its type is std::optional<T>, which then holds nullopt. Every error is
// -32602 and names the argument by position and name:
//   "missing value for required argument 1 (block)"
//   "invalid argument 0 (address): hex string has length 38, want 40 for an address"
//   "too many arguments, want at most 2"
//
// ParamCodec<T> is the decoder for a parameter type; specialize it to add types.
// decode_field<T> reads one member of an object parameter (call objects, filters).

#include <array>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "rpc/error.hpp"
#include "rpc/method_registry.hpp"
#include "rpc/params.hpp"

namespace pel::rpc {

template <class T>
struct ParamCodec;  // static Result<T> decode(const nlohmann::json&)

template <>
struct ParamCodec<uint64_t> {
  static Result<uint64_t> decode(const nlohmann::json& v) { return decode_quantity_u64(v); }
};
template <>
struct ParamCodec<U256> {
  static Result<U256> decode(const nlohmann::json& v) { return decode_quantity_u256(v); }
};
template <>
struct ParamCodec<Bytes> {
  static Result<Bytes> decode(const nlohmann::json& v) { return decode_data(v); }
};
template <>
struct ParamCodec<Address> {
  static Result<Address> decode(const nlohmann::json& v) { return decode_address(v); }
};
template <>
struct ParamCodec<Hash> {
  static Result<Hash> decode(const nlohmann::json& v) { return decode_hash(v); }
};
template <>
struct ParamCodec<BlockNumberOrTag> {
  static Result<BlockNumberOrTag> decode(const nlohmann::json& v) {
    return decode_block_number_or_tag(v);
  }
};
template <>
struct ParamCodec<BlockId> {
  static Result<BlockId> decode(const nlohmann::json& v) { return decode_block_id(v); }
};
template <>
struct ParamCodec<bool> {
  static Result<bool> decode(const nlohmann::json& v) {
    if (!v.is_boolean()) return make_error(std::string("expected a boolean, got ") + v.type_name());
    return v.get<bool>();
  }
};
template <>
struct ParamCodec<std::string> {
  static Result<std::string> decode(const nlohmann::json& v) {
    if (!v.is_string()) return make_error(std::string("expected a string, got ") + v.type_name());
    return v.get<std::string>();
  }
};
// Raw JSON, for parameters a handler takes apart itself (call objects, filters).
template <>
struct ParamCodec<nlohmann::json> {
  static Result<nlohmann::json> decode(const nlohmann::json& v) { return v; }
};

namespace detail {

template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};

// Decodes argument `index` into `out`; on failure sets `error` and returns false.
template <class T>
bool decode_argument(const nlohmann::json& params, size_t index, std::string_view name, T& out,
                     std::optional<RpcError>& error) {
  const nlohmann::json* value =
      params.is_array() && index < params.size() ? &params[index] : nullptr;
  bool missing = value == nullptr || value->is_null();
  auto label = [&] { return std::to_string(index) + " (" + std::string(name) + ")"; };
  if constexpr (IsOptional<T>::value) {
    if (missing) {
      out.reset();
      return true;
    }
    auto decoded = ParamCodec<typename T::value_type>::decode(*value);
    if (!decoded) {
      error = invalid_params("invalid argument " + label() + ": " + decoded.error().message);
      return false;
    }
    out = std::move(*decoded);
    return true;
  } else {
    if (missing) {
      error = invalid_params("missing value for required argument " + label());
      return false;
    }
    auto decoded = ParamCodec<T>::decode(*value);
    if (!decoded) {
      error = invalid_params("invalid argument " + label() + ": " + decoded.error().message);
      return false;
    }
    out = std::move(*decoded);
    return true;
  }
}

}  // namespace detail

// Wraps `fn(const Args&...) -> RpcResult` as a Handler that decodes positional params.
template <class... Args, class Fn>
Handler bind_params(std::array<std::string_view, sizeof...(Args)> names, Fn fn) {
  static_assert(std::is_invocable_r_v<RpcResult, Fn&, const Args&...>,
                "the function must take the declared argument types and return an RpcResult");
  return [names, fn = std::move(fn)](const nlohmann::json& params) -> RpcResult {
    if (!params.is_array() && !params.is_null()) return invalid_params("non-array args");
    if (params.is_array() && params.size() > sizeof...(Args)) {
      return invalid_params("too many arguments, want at most " + std::to_string(sizeof...(Args)));
    }
    std::tuple<Args...> args;
    std::optional<RpcError> error;
    [&]<size_t... I>(std::index_sequence<I...>) {
      // && stops at the first argument that fails.
      (void)(detail::decode_argument(params, I, names[I], std::get<I>(args), error) && ...);
    }
    (std::index_sequence_for<Args...>{});
    if (error) return *error;
    return std::apply([&](const Args&... decoded) -> RpcResult { return fn(decoded...); }, args);
  };
}

// One member of an object parameter: nullopt when absent or null, an error naming
// the member when present but malformed.
template <class T>
Result<std::optional<T>> decode_field(const nlohmann::json& object, std::string_view key) {
  if (!object.is_object()) return make_error("expected an object");
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::optional<T>();
  auto decoded = ParamCodec<T>::decode(*it);
  if (!decoded) return make_error("field \"" + std::string(key) + "\": " + decoded.error().message);
  return std::optional<T>(std::move(*decoded));
}

}  // namespace pel::rpc
