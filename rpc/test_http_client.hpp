#pragma once
// A small HTTP/1.1 client over real TCP for the server tests: Beast on its own
// io_context, every operation bounded by a timeout so a failing test cannot hang.

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <string>
#include <string_view>

namespace pel::rpc::test {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;

using HttpRequest = http::request<http::string_body>;
using HttpResponse = http::response<http::string_body>;

class TestHttpClient {
 public:
  explicit TestHttpClient(uint16_t port,
                          std::chrono::milliseconds timeout = std::chrono::seconds(5))
      : stream_(io_), timeout_(timeout) {
    net::ip::tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), port);
    connect_error_ = run([&](auto handler) { stream_.async_connect(endpoint, handler); });
  }

  beast::error_code connect_error() const { return connect_error_; }

  static HttpRequest make_post(std::string body, std::string_view target = "/") {
    HttpRequest request(http::verb::post, std::string(target), 11);
    request.set(http::field::host, "localhost");
    request.set(http::field::content_type, "application/json");
    request.body() = std::move(body);
    request.prepare_payload();
    return request;
  }

  beast::error_code send(HttpRequest& request) {
    return run([&](auto handler) { http::async_write(stream_, request, handler); });
  }

  beast::error_code write_raw(std::string_view bytes) {
    return run([&](auto handler) {
      net::async_write(stream_, net::buffer(bytes.data(), bytes.size()), handler);
    });
  }

  beast::error_code read(HttpResponse& response) {
    response = {};
    return run([&](auto handler) { http::async_read(stream_, buffer_, response, handler); });
  }

  // Sends a request and reads its response; throws on any transport error.
  HttpResponse request(HttpRequest request) {
    if (auto ec = send(request)) throw beast::system_error(ec);
    HttpResponse response;
    if (auto ec = read(response)) throw beast::system_error(ec);
    return response;
  }

  HttpResponse post(std::string body) { return request(make_post(std::move(body))); }

  // True when the server closes the connection (end of stream or reset) within the
  // timeout; false when the connection stays open that long or data arrives.
  bool closed_by_server() {
    char byte;
    auto ec = run([&](auto handler) { stream_.async_read_some(net::buffer(&byte, 1), handler); });
    return ec == net::error::eof || ec == net::error::connection_reset;
  }

 private:
  // Starts one asynchronous operation and runs the loop until it finishes or times out.
  template <class Start>
  beast::error_code run(Start&& start) {
    beast::error_code result = net::error::would_block;
    stream_.expires_after(timeout_);
    start([&](beast::error_code ec, auto&&...) { result = ec; });
    io_.restart();
    io_.run();
    return result;
  }

  net::io_context io_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::chrono::milliseconds timeout_;
  beast::error_code connect_error_;
};

}  // namespace pel::rpc::test
