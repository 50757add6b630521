#pragma once
// The request checks of the HTTP server that need no socket: Host allow-list,
// Content-Type, CORS origin. Pure functions, tested on their own.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pel::rpc {

// geth's --http.vhosts rule: an empty Host, an IP literal, "*" in the list or a listed
// name (case-insensitive, port ignored) is allowed.
bool is_host_allowed(std::string_view host_header, const std::vector<std::string>& virtual_hosts);

// application/json (geth also takes application/json-rpc and application/jsonrequest),
// parameters such as "; charset=utf-8" ignored. An absent Content-Type is accepted.
bool is_json_content_type(std::string_view content_type);

// The Access-Control-Allow-Origin value to send for this Origin, if any.
std::optional<std::string> allowed_cors_origin(std::string_view origin,
                                               const std::vector<std::string>& cors_origins);

}  // namespace pel::rpc
