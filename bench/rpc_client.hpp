#pragma once
// A blocking JSON-RPC client over one HTTP/1.1 keep-alive connection (Boost.Beast),
// for the load driver: each submitting thread owns one RpcConnection. Requests are
// written as one pre-built header plus the body (no per-request allocation beyond the
// response), so the client costs little next to the node it measures.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/uint256.hpp"

namespace pel::load {

// http://host:port/path; only plain http (the driver talks to a local node).
struct RpcUrl {
  std::string host;
  uint16_t port = 80;
  std::string target = "/";

  static Result<RpcUrl> parse(std::string_view url);
  std::string text() const;
};

class RpcConnection {
 public:
  explicit RpcConnection(RpcUrl url);
  RpcConnection(const RpcConnection&) = delete;
  RpcConnection& operator=(const RpcConnection&) = delete;

  // POSTs a JSON body and returns the response body (HTTP 200 only). Connects on first
  // use; after a transport error the connection is closed and the next post reconnects.
  // Nothing is retried: a retried eth_sendRawTransaction would be a second submission.
  Result<std::string> post(std::string_view body);

  // One JSON-RPC call: its "result", or an error holding the RPC error's message.
  Result<nlohmann::json> call(std::string_view method, const nlohmann::json& params);

  // A JSON-RPC batch of calls of one method (ids 0..n-1): the results in request order,
  // or the first error.
  Result<std::vector<nlohmann::json>> call_batch(std::string_view method,
                                                 const std::vector<nlohmann::json>& params);

 private:
  Status ensure_connected();
  void close();

  RpcUrl url_;
  std::string header_prefix_;  // request line and fixed headers, up to Content-Length
  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
  bool connected_ = false;
};

// The "result" of one JSON-RPC response object, or its error's message.
Result<nlohmann::json> result_of(const nlohmann::json& response);

}  // namespace pel::load

namespace pel::load {

// A JSON-RPC quantity ("0x1a") as a number.
Result<uint64_t> quantity_of(const nlohmann::json& value);
Result<U256> big_quantity_of(const nlohmann::json& value);

// The hex quantity form of a number ("0x0", "0x1a").
std::string quantity_text(uint64_t value);

}  // namespace pel::load
