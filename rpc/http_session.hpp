#pragma once
// One HTTP connection of the JSON-RPC server, and the state connections share
// with their server. Internal to http_server.cpp and http_session.cpp.

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "rpc/http_server.hpp"

namespace pel::rpc {

class HttpSession;

struct HttpServer::Shared {
  Shared(HttpServerConfig config_in, const Dispatcher* dispatcher_in)
      : config(std::move(config_in)), dispatcher(dispatcher_in) {}

  const HttpServerConfig config;
  const Dispatcher* const dispatcher;
  MetricsProvider metrics_provider;  // set before start, read-only afterwards

  std::atomic<uint64_t> accepted{0};
  std::atomic<uint64_t> refused{0};
  std::atomic<uint64_t> active{0};
  std::atomic<uint64_t> requests{0};
  std::atomic<bool> stopping{false};

  // Registers a new connection and gives it an id, unless the server is stopping or
  // at max_connections (then it counts a refusal and returns false).
  bool admit(const std::shared_ptr<HttpSession>& session);
  void release(uint64_t id);
  // Marks the server as stopping and returns the connections to wind down. A connection
  // admitted concurrently is either in the list or sees `stopping` when it starts.
  std::vector<std::shared_ptr<HttpSession>> begin_stop();
  std::vector<std::shared_ptr<HttpSession>> live_sessions();
  // True when every connection ended before the deadline.
  bool wait_until_empty(std::chrono::steady_clock::time_point deadline);

 private:
  std::mutex mutex_;
  std::condition_variable drained_;
  std::unordered_map<uint64_t, std::weak_ptr<HttpSession>> sessions_;
  uint64_t next_id_ = 1;
};

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(boost::asio::ip::tcp::socket&& socket, std::shared_ptr<HttpServer::Shared> shared);
  ~HttpSession();

  void set_id(uint64_t id) { id_ = id; }
  // Each of these may be called from any thread; the work runs on the connection's strand.
  void start();
  void request_stop();  // finish the request under way (if any), then close
  void force_close();   // close now

 private:
  using Request = boost::beast::http::request<boost::beast::http::string_body>;
  using Response = boost::beast::http::response<boost::beast::http::string_body>;
  // kDraining: an error answer was sent while request bytes were still unread; they
  // are read and dropped for a moment so that closing does not reset the connection
  // (a reset can destroy the answer before the client reads it).
  enum class Phase { kIdle, kReading, kBusy, kDraining, kClosed };

  void wait_for_request();
  void on_first_bytes(boost::beast::error_code ec, size_t bytes);
  void read_header();
  void on_header(boost::beast::error_code ec);
  void read_body();
  void on_body(boost::beast::error_code ec);
  void on_read_error(boost::beast::error_code ec);
  void handle_request();
  void handle_post(const Request& request);

  void prepare_response(boost::beast::http::status status, std::string_view content_type,
                        std::string body);
  void send(bool close_after);
  void on_write(bool close_after, boost::beast::error_code ec);
  void drain_then_close();
  void drain_some();
  void close();

  boost::beast::tcp_stream stream_;
  std::shared_ptr<HttpServer::Shared> shared_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  Response response_;
  unsigned request_version_ = 11;
  std::string request_origin_;
  Phase phase_ = Phase::kIdle;
  bool stop_requested_ = false;
  bool unread_input_ = false;  // the request being answered was not read to its end
  uint64_t id_ = 0;            // 0 until admitted
};

}  // namespace pel::rpc
