#include "rpc/dispatcher.hpp"

#include <chrono>
#include <exception>
#include <vector>

#include "rpc/bounded_json.hpp"

namespace pel::rpc {

namespace {

using json = nlohmann::json;

// Never throws: strings from handlers that are not valid UTF-8 are repaired, not fatal.
std::string dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// Responses are assembled as text so that members come in the customary order
// (jsonrpc, id, result/error) and no intermediate json object is built.
std::string result_response(const json& id, const json& result) {
  std::string out = R"({"jsonrpc":"2.0","id":)";
  out += dump(id);
  out += R"(,"result":)";
  out += dump(result);
  out += '}';
  return out;
}

std::string error_response(const json& id, const RpcError& error) {
  json body = {{"code", error.code}, {"message", error.message}};
  if (error.data) body["data"] = *error.data;
  std::string out = R"({"jsonrpc":"2.0","id":)";
  out += dump(id);
  out += R"(,"error":)";
  out += dump(body);
  out += '}';
  return out;
}

bool is_valid_id(const json& id) {
  return id.is_string() || id.is_number() || id.is_null();
}

const json& empty_params() {
  static const json kEmpty = json::array();
  return kEmpty;
}

}  // namespace

Dispatcher::Dispatcher(MethodRegistry methods, DispatcherLimits limits) : limits_(limits) {
  std::vector<std::string> names;
  names.reserve(methods.size());
  for (const auto& [name, handler] : methods.methods()) names.push_back(name);
  metrics_ = std::make_unique<RequestMetrics>(names);
  for (const auto& [name, handler] : methods.methods()) {
    methods_.emplace(name, Method{handler, &metrics_->stats_for(name)});
  }
}

bool Dispatcher::has_method(std::string_view method) const {
  return methods_.find(method) != methods_.end();
}

RpcResult Dispatcher::call(std::string_view method, const json& params) const {
  auto it = methods_.find(method);
  if (it == methods_.end()) {
    metrics_->other().record(std::chrono::nanoseconds(0), false);
    return method_not_found(method);
  }
  auto started = std::chrono::steady_clock::now();
  // The edge where exceptions stop: a handler that throws must not take the server down.
  RpcResult result = [&]() -> RpcResult {
    try {
      return it->second.handler(params);
    } catch (const std::exception& e) {
      return internal_error(std::string("internal error: ") + e.what());
    } catch (...) {
      return internal_error("internal error");
    }
  }();
  it->second.stats->record(std::chrono::steady_clock::now() - started, result.ok());
  return result;
}

std::optional<std::string> Dispatcher::handle_request(const json& request) const {
  auto reject = [&](const json& id, std::string message) {
    metrics_->other().record(std::chrono::nanoseconds(0), false);
    return error_response(id, invalid_request(std::move(message)));
  };
  if (!request.is_object()) return reject(nullptr, "invalid request: not a JSON object");

  auto id_member = request.find("id");
  bool is_notification = id_member == request.end();
  if (!is_notification && !is_valid_id(*id_member)) {
    return reject(nullptr, "invalid request: \"id\" must be a string, a number or null");
  }
  static const json kNullId;
  const json& echo_id = is_notification ? kNullId : *id_member;

  auto version = request.find("jsonrpc");
  if (version == request.end() || !version->is_string() || *version != "2.0") {
    return reject(echo_id, "invalid request: \"jsonrpc\" must be \"2.0\"");
  }
  auto method = request.find("method");
  if (method == request.end() || !method->is_string()) {
    return reject(echo_id, "invalid request: \"method\" must be a string");
  }
  auto params = request.find("params");
  bool has_params = params != request.end() && !params->is_null();
  if (has_params && !params->is_array() && !params->is_object()) {
    return reject(echo_id, "invalid request: \"params\" must be an array or an object");
  }

  RpcResult result =
      call(method->get_ref<const std::string&>(), has_params ? *params : empty_params());
  if (is_notification) return std::nullopt;
  return result.ok() ? result_response(echo_id, result.value())
                     : error_response(echo_id, result.error());
}

std::optional<std::string> Dispatcher::handle(std::string_view body) const {
  auto parsed = parse_json_bounded(body, limits_.max_json_depth);
  if (!parsed) {
    metrics_->other().record(std::chrono::nanoseconds(0), false);
    return error_response(nullptr, parse_error(parsed.error().message));
  }
  const json& message = *parsed;
  if (!message.is_array()) return handle_request(message);

  if (message.empty()) {
    metrics_->other().record(std::chrono::nanoseconds(0), false);
    return error_response(nullptr, invalid_request("empty batch"));
  }
  if (limits_.max_batch_size != 0 && message.size() > limits_.max_batch_size) {
    metrics_->other().record(std::chrono::nanoseconds(0), false);
    return error_response(
        nullptr,
        limit_exceeded("batch too large: " + std::to_string(message.size()) +
                       " requests, the limit is " + std::to_string(limits_.max_batch_size)));
  }
  std::string out = "[";
  bool any = false;
  for (const json& request : message) {
    auto response = handle_request(request);
    if (!response) continue;
    if (any) out += ',';
    out += *response;
    any = true;
  }
  if (!any) return std::nullopt;
  out += ']';
  return out;
}

}  // namespace pel::rpc
