#include "rpc/http_checks.hpp"

#include <boost/asio/ip/address.hpp>

namespace pel::rpc {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

bool is_host_allowed(std::string_view host_header, const std::vector<std::string>& virtual_hosts) {
  std::string_view host = trim(host_header);
  if (host.empty()) return true;
  if (host.front() == '[') return true;  // an IPv6 literal, "[::1]:8545"
  if (auto colon = host.rfind(':'); colon != std::string_view::npos) host = host.substr(0, colon);
  boost::system::error_code ec;
  boost::asio::ip::make_address(std::string(host), ec);
  if (!ec) return true;
  for (const auto& allowed : virtual_hosts) {
    if (allowed == "*" || iequals(allowed, host)) return true;
  }
  return false;
}

bool is_json_content_type(std::string_view content_type) {
  std::string_view media = trim(content_type.substr(0, content_type.find(';')));
  if (trim(content_type).empty()) return true;
  return iequals(media, "application/json") || iequals(media, "application/json-rpc") ||
         iequals(media, "application/jsonrequest");
}

std::optional<std::string> allowed_cors_origin(std::string_view origin,
                                               const std::vector<std::string>& cors_origins) {
  if (origin.empty()) return std::nullopt;
  for (const auto& allowed : cors_origins) {
    if (allowed == "*") return std::string("*");
    if (iequals(allowed, origin)) return std::string(origin);
  }
  return std::nullopt;
}

}  // namespace pel::rpc
