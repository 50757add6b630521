#include "bench/rpc_client.hpp"

#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
#include <limits>

namespace pel::load {

namespace http = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

Result<RpcUrl> RpcUrl::parse(std::string_view url) {
  constexpr std::string_view kScheme = "http://";
  if (!url.starts_with(kScheme))
    return make_error("only http:// URLs are supported: " + std::string(url));
  std::string_view rest = url.substr(kScheme.size());
  RpcUrl out;
  size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) out.target = std::string(rest.substr(slash));
  size_t colon = authority.rfind(':');
  if (colon == std::string_view::npos) {
    out.host = std::string(authority);
  } else {
    out.host = std::string(authority.substr(0, colon));
    std::string_view port = authority.substr(colon + 1);
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535)
      return make_error("bad port in URL: " + std::string(url));
    out.port = static_cast<uint16_t>(value);
  }
  if (out.host.empty()) return make_error("no host in URL: " + std::string(url));
  return out;
}

std::string RpcUrl::text() const {
  return "http://" + host + ":" + std::to_string(port) + target;
}

RpcConnection::RpcConnection(RpcUrl url) : url_(std::move(url)), socket_(io_) {
  header_prefix_ = "POST " + url_.target + " HTTP/1.1\r\nHost: " + url_.host +
                   "\r\nContent-Type: application/json\r\nContent-Length: ";
}

Status RpcConnection::ensure_connected() {
  if (connected_) return {};
  boost::system::error_code ec;
  tcp::resolver resolver(io_);
  auto endpoints = resolver.resolve(url_.host, std::to_string(url_.port), ec);
  if (ec) return make_error("resolve " + url_.host + ": " + ec.message());
  net::connect(socket_, endpoints, ec);
  if (ec) return make_error("connect " + url_.text() + ": " + ec.message());
  socket_.set_option(tcp::no_delay(true), ec);
  buffer_.clear();
  connected_ = true;
  return {};
}

void RpcConnection::close() {
  boost::system::error_code ignored;
  socket_.close(ignored);
  connected_ = false;
}

Result<std::string> RpcConnection::post(std::string_view body) {
  PEL_TRY(ensure_connected());
  std::string header = header_prefix_;
  header += std::to_string(body.size());
  header += "\r\n\r\n";
  std::array<net::const_buffer, 2> buffers{net::buffer(header),
                                           net::buffer(body.data(), body.size())};
  boost::system::error_code ec;
  net::write(socket_, buffers, ec);
  if (ec) {
    close();
    return make_error("write: " + ec.message());
  }
  http::response_parser<http::string_body> parser;
  parser.body_limit(1ULL << 30);  // blocks with many transaction hashes are large
  http::read(socket_, buffer_, parser, ec);
  if (ec) {
    close();
    return make_error("read: " + ec.message());
  }
  auto response = parser.release();
  if (!response.keep_alive()) close();
  if (response.result() != http::status::ok) {
    return make_error("HTTP " + std::to_string(response.result_int()) + ": " +
                      response.body().substr(0, 200));
  }
  return std::move(response.body());
}

Result<nlohmann::json> result_of(const nlohmann::json& response) {
  if (!response.is_object()) return make_error("response is not a JSON object");
  if (auto error = response.find("error"); error != response.end()) {
    std::string message = error->value("message", std::string("(no message)"));
    return make_error(message);
  }
  auto result = response.find("result");
  if (result == response.end()) return make_error("response has neither result nor error");
  return *result;
}

Result<nlohmann::json> RpcConnection::call(std::string_view method, const nlohmann::json& params) {
  nlohmann::json request = {{"jsonrpc", "2.0"}, {"id", 1}, {"method", method}, {"params", params}};
  auto body = post(request.dump());
  if (!body) return body.error();
  auto response = nlohmann::json::parse(*body, nullptr, /*allow_exceptions=*/false);
  if (response.is_discarded())
    return make_error("malformed JSON response to " + std::string(method));
  auto result = result_of(response);
  if (!result) return make_error(std::string(method) + ": " + result.error().message);
  return result;
}

Result<std::vector<nlohmann::json>> RpcConnection::call_batch(
    std::string_view method, const std::vector<nlohmann::json>& params) {
  nlohmann::json batch = nlohmann::json::array();
  for (size_t i = 0; i < params.size(); ++i)
    batch.push_back({{"jsonrpc", "2.0"}, {"id", i}, {"method", method}, {"params", params[i]}});
  auto body = post(batch.dump());
  if (!body) return body.error();
  auto responses = nlohmann::json::parse(*body, nullptr, /*allow_exceptions=*/false);
  if (responses.is_discarded() || !responses.is_array())
    return make_error("malformed batch response to " + std::string(method));
  std::vector<nlohmann::json> results(params.size());
  size_t seen = 0;
  for (const auto& response : responses) {
    const auto* id = response.is_object() && response.contains("id") ? &response["id"] : nullptr;
    if (id == nullptr || !id->is_number_unsigned() || id->get<size_t>() >= params.size())
      return make_error("batch response with an unexpected id");
    auto result = result_of(response);
    if (!result) return make_error(std::string(method) + ": " + result.error().message);
    results[id->get<size_t>()] = std::move(*result);
    ++seen;
  }
  if (seen != params.size()) return make_error("batch response is missing answers");
  return results;
}

}  // namespace pel::load

namespace pel::load {

Result<U256> big_quantity_of(const nlohmann::json& value) {
  if (!value.is_string()) return make_error("expected a hex quantity, got " + value.dump());
  const auto& text = value.get_ref<const std::string&>();
  if (!text.starts_with("0x") || text.size() < 3)
    return make_error("expected a hex quantity, got " + text);
  return U256::from_hex(text);
}

Result<uint64_t> quantity_of(const nlohmann::json& value) {
  auto big = big_quantity_of(value);
  if (!big) return big.error();
  if (*big > U256(std::numeric_limits<uint64_t>::max()))
    return make_error("quantity does not fit 64 bits: " + value.dump());
  return big->limbs[0];
}

std::string quantity_text(uint64_t value) {
  char digits[16];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value, 16);
  return "0x" + std::string(digits, end);
}

}  // namespace pel::load
