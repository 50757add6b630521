#pragma once
// JSON-RPC 2.0 processing, independent of the transport: a request body in, a
// response body out. Thread-safe: the HTTP server calls handle() from all its
// I/O threads at once.
//
// Behaviour (JSON-RPC 2.0 spec, geth where the spec leaves a choice):
// - Malformed JSON, or JSON nested deeper than max_json_depth: one -32700 error, id null.
// - A request that is not an object, has "jsonrpc" other than "2.0", a "method" that
//   is not a string, "params" that is neither array, object nor null, or an "id" that
//   is not a string, number or null: -32600, id echoed when it is a valid id.
//   Such requests are answered even without an id.
// - A valid request without an "id" member is a notification: it runs, and nothing is
//   sent back for it, not even an error.
// - Unknown method: -32601 "the method X does not exist/is not available".
// - A handler's RpcError is sent as is; an exception it throws becomes -32603.
// - Batches: an empty array is one -32600 error; more than max_batch_size requests
//   is one -32005 error (id null) and nothing runs; otherwise every element is
//   handled on its own and the answers form an array in request order (notifications
//   leave no entry). A batch of only notifications produces no response at all.
// - The id is echoed as parsed: strings and integers exactly, fractional numbers
//   as nlohmann::json prints a double.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "rpc/method_registry.hpp"
#include "rpc/request_metrics.hpp"

namespace pel::rpc {

struct DispatcherLimits {
  size_t max_batch_size = 1000;  // geth's BatchRequestLimit; 0 means no limit
  size_t max_json_depth = 128;
};

class Dispatcher {
 public:
  explicit Dispatcher(MethodRegistry methods, DispatcherLimits limits = {});

  // The response body, or nullopt when there is nothing to send (notifications only).
  std::optional<std::string> handle(std::string_view body) const;

  // Calls one method directly, with the same error handling and metrics as a request.
  RpcResult call(std::string_view method, const nlohmann::json& params) const;

  bool has_method(std::string_view method) const;
  const DispatcherLimits& limits() const { return limits_; }
  RequestMetrics& metrics() const { return *metrics_; }

 private:
  struct Method {
    Handler handler;
    MethodStats* stats;
  };
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };

  // One request object (a batch element or a whole body): the serialized response
  // object, or nullopt for a notification.
  std::optional<std::string> handle_request(const nlohmann::json& request) const;

  std::unordered_map<std::string, Method, StringHash, std::equal_to<>> methods_;
  DispatcherLimits limits_;
  std::unique_ptr<RequestMetrics> metrics_;
};

}  // namespace pel::rpc
