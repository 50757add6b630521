#pragma once
// The JSON-RPC HTTP server (Boost.Beast on Boost.Asio).
//
//   POST /            JSON-RPC 2.0 body -> Dispatcher -> 200 with the JSON response
//                     (an empty body when the request held only notifications).
//   GET  /metrics     Prometheus text from the metrics provider, if one is set;
//                     otherwise /metrics is an ordinary path (404).
//   OPTIONS           CORS preflight (204), only when cors_origins is not empty.
//
// HTTP answers outside JSON-RPC: 404 (a path other than / or /metrics), 405 (a method
// other than POST on /), 415 (a Content-Type other than application/json; a request
// without one is accepted), 403 (Host header not in virtual_hosts), 413 (body over
// max_body_bytes; decided from Content-Length before the body is read, the connection
// is then closed), 431 (headers over max_header_bytes), 400 (malformed HTTP).
//
// Connections: HTTP/1.1 keep-alive and pipelining; "Expect: 100-continue" is honoured.
// - idle_timeout: a kept-alive connection with no new request is closed.
// - read_timeout: from a request's first byte, the whole request (headers and body)
//   must arrive within it, else the connection is closed without an answer
//   (slowloris protection).
// - write_timeout: a client that does not read its response is dropped.
// - max_connections: a connection accepted beyond the limit is closed at once,
//   before anything is read (the client sees the connection close or reset).
//
// Threads: io_threads threads run the Asio event loop and also run the method
// handlers (a handler that blocks holds its thread; size io_threads for that).
// Each connection is served on its own strand.
//
// Stop: stop() closes the listener, closes idle connections, lets requests being
// read or handled finish (their responses carry "Connection: close"), waits up to
// shutdown_timeout for them, then closes whatever is left and joins the threads.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/result.hpp"
#include "rpc/dispatcher.hpp"

namespace pel::rpc {

struct HttpServerConfig {
  std::string address = "127.0.0.1";  // an IP address, or a host name resolved at start
  uint16_t port = 8545;               // 0 picks a free port; HttpServer::port() tells which
  unsigned io_threads = 4;
  size_t max_body_bytes = 5 * 1024 * 1024;  // geth's limit
  size_t max_header_bytes = 64 * 1024;
  size_t max_connections = 1024;
  std::chrono::milliseconds read_timeout{30'000};  // geth's ReadTimeout
  std::chrono::milliseconds write_timeout{30'000};
  std::chrono::milliseconds idle_timeout{120'000};  // geth's IdleTimeout
  std::chrono::milliseconds shutdown_timeout{5'000};
  // Origins allowed to call from a browser ("*" for any). Empty: no CORS headers and
  // OPTIONS is answered 405, like geth without --http.corsdomain.
  std::vector<std::string> cors_origins;
  // Host header values accepted (geth's --http.vhosts; protects against DNS rebinding).
  // "*" accepts any; requests addressed to an IP literal or without Host are always
  // accepted. Matching ignores case and the port.
  std::vector<std::string> virtual_hosts{"localhost"};
};

// Counters for /metrics and tests; a consistent-enough snapshot, read without locks.
struct HttpServerStats {
  uint64_t connections_accepted = 0;  // admitted (not counting refused)
  uint64_t connections_refused = 0;   // over max_connections or while stopping
  uint64_t connections_active = 0;
  uint64_t requests = 0;  // HTTP requests answered, of every kind
};

class HttpServer {
 public:
  using MetricsProvider = std::function<std::string()>;

  // `dispatcher` answers POST /; it is not owned and must outlive the server. A null
  // dispatcher makes a metrics-only server (POST / is then 404): run a second
  // HttpServer on --metrics.port that way if metrics should not share the RPC port.
  HttpServer(HttpServerConfig config, const Dispatcher* dispatcher);
  ~HttpServer();  // stop()s
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Serves GET /metrics with the provider's text. Call before start(). The provider is
  // called on an I/O thread and must be thread-safe.
  void set_metrics_provider(MetricsProvider provider);

  // Binds, listens and starts the I/O threads. An error (address in use, bad address)
  // leaves the server stopped. Call at most once.
  Status start();
  // The port listened on (the chosen one when the config asked for port 0); 0 before start().
  uint16_t port() const { return port_; }
  bool running() const { return running_; }

  // Graceful stop, as described above; idempotent. Must not be called from a handler
  // (it joins the threads handlers run on).
  void stop();

  HttpServerStats stats() const;
  // pel_rpc_http_* connection and request counters in the Prometheus text format.
  std::string render_prometheus() const;

  struct Shared;  // state the connections share with the server (http_session.hpp)

 private:
  struct Listener;

  HttpServerConfig config_;
  std::shared_ptr<Shared> shared_;
  std::unique_ptr<Listener> listener_;  // the io_context and acceptor
  std::vector<std::thread> threads_;
  uint16_t port_ = 0;
  std::atomic<bool> running_{false};
  bool started_ = false;
};

}  // namespace pel::rpc
