#pragma once
// JSON-RPC 2.0 error objects, with the codes and wording Ethereum clients expect
// (the JSON-RPC 2.0 spec, EIP-1474 and geth's messages).

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace pel::rpc {

namespace error_code {
inline constexpr int kParseError = -32700;      // the body is not JSON
inline constexpr int kInvalidRequest = -32600;  // JSON, but not a request object
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kInvalidParams = -32602;
inline constexpr int kInternalError = -32603;  // a handler failed (threw)
inline constexpr int kServerError = -32000;    // application errors: "nonce too low", ...
inline constexpr int kLimitExceeded = -32005;  // a request limit (batch size) was hit
}  // namespace error_code

struct RpcError {
  int code = error_code::kInternalError;
  std::string message;
  std::optional<nlohmann::json> data;  // sent as "data" when present
};

inline RpcError parse_error(std::string detail) {
  return {error_code::kParseError, "parse error: " + detail, std::nullopt};
}
inline RpcError invalid_request(std::string message) {
  return {error_code::kInvalidRequest, std::move(message), std::nullopt};
}
inline RpcError method_not_found(std::string_view method) {
  return {error_code::kMethodNotFound,
          "the method " + std::string(method) + " does not exist/is not available", std::nullopt};
}
inline RpcError invalid_params(std::string message) {
  return {error_code::kInvalidParams, std::move(message), std::nullopt};
}
inline RpcError internal_error(std::string message) {
  return {error_code::kInternalError, std::move(message), std::nullopt};
}
// Application errors (transaction rejections and the like) carry their own message.
inline RpcError server_error(std::string message, std::optional<nlohmann::json> data = {}) {
  return {error_code::kServerError, std::move(message), std::move(data)};
}
inline RpcError limit_exceeded(std::string message) {
  return {error_code::kLimitExceeded, std::move(message), std::nullopt};
}

}  // namespace pel::rpc
