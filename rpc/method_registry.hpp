#pragma once
// The table of JSON-RPC methods a server answers. Each namespace of methods
// (web3_, net_, eth_, ...) has its own file with a register_<ns>_api(MethodRegistry&, ...)
// function; the node calls those, then hands the finished registry to a Dispatcher,
// which owns it from then on (no method is added while serving).

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "rpc/rpc_result.hpp"

namespace pel::rpc {

// `params` is the request's "params" member: an array or an object, or an empty
// array when the request had none. Handlers are called concurrently from several
// server threads, so they must be thread-safe. An exception thrown by a handler is
// caught by the dispatcher and answered as -32603 (internal error).
using Handler = std::function<RpcResult(const nlohmann::json& params)>;

class MethodRegistry {
 public:
  // Adds a method; registering a name twice is an error (and returns it).
  Status add(std::string name, Handler handler);
  bool contains(std::string_view name) const;
  size_t size() const { return methods_.size(); }
  const std::map<std::string, Handler, std::less<>>& methods() const { return methods_; }

 private:
  std::map<std::string, Handler, std::less<>> methods_;
};

}  // namespace pel::rpc
