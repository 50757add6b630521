#include "rpc/http_server.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <cassert>
#include <cstdio>
#include <exception>

#include "rpc/http_session.hpp"
#include "rpc/prometheus_text.hpp"

namespace pel::rpc {

namespace net = boost::asio;
using tcp = net::ip::tcp;

struct HttpServer::Listener {
  explicit Listener(unsigned threads)
      : io(static_cast<int>(threads)),
        work(net::make_work_guard(io)),
        acceptor(net::make_strand(io)),
        retry_timer(acceptor.get_executor()) {}

  // One accept at a time, on the acceptor's strand; each connection gets its own strand.
  void accept_next(std::shared_ptr<HttpServer::Shared> shared) {
    acceptor.async_accept(
        net::make_strand(io), [this, shared](boost::system::error_code ec, tcp::socket socket) {
          if (!acceptor.is_open()) return;  // stop() closed the listener
          if (ec) {
            // Out of descriptors and the like: retry shortly rather than spin.
            retry_timer.expires_after(std::chrono::milliseconds(50));
            retry_timer.async_wait([this, shared](boost::system::error_code wait_ec) {
              if (!wait_ec) accept_next(shared);
            });
            return;
          }
          auto session = std::make_shared<HttpSession>(std::move(socket), shared);
          if (shared->admit(session)) session->start();
          // A refused session is destroyed here, which closes its socket unread.
          accept_next(shared);
        });
  }

  net::io_context io;
  // Keeps run() going until stop() ends it. Without it the loop can run dry in the
  // middle of stop(): once the listener is closed and the connections have seen their
  // clients hang up, nothing is pending, the threads return, and the request_stop()
  // posts that follow are never run.
  net::executor_work_guard<net::io_context::executor_type> work;
  tcp::acceptor acceptor;
  net::steady_timer retry_timer;
};

HttpServer::HttpServer(HttpServerConfig config, const Dispatcher* dispatcher)
    : config_(std::move(config)) {
  if (config_.io_threads == 0) config_.io_threads = 1;
  shared_ = std::make_shared<Shared>(config_, dispatcher);
  listener_ = std::make_unique<Listener>(config_.io_threads);
}

HttpServer::~HttpServer() {
  stop();
}

void HttpServer::set_metrics_provider(MetricsProvider provider) {
  assert(!started_ && "set the metrics provider before start()");
  shared_->metrics_provider = std::move(provider);
}

Status HttpServer::start() {
  assert(!started_ && "an HttpServer starts once");
  started_ = true;
  auto where = [&] { return config_.address + ":" + std::to_string(config_.port); };

  boost::system::error_code ec;
  tcp::endpoint endpoint;
  auto address = net::ip::make_address(config_.address, ec);
  if (!ec) {
    endpoint = tcp::endpoint(address, config_.port);
  } else {
    tcp::resolver resolver(listener_->io);
    auto results = resolver.resolve(config_.address, std::to_string(config_.port), ec);
    if (ec || results.empty()) {
      return make_error("cannot resolve HTTP listen address " + config_.address + ": " +
                        (ec ? ec.message() : "no addresses"));
    }
    endpoint = results.begin()->endpoint();
  }

  auto& acceptor = listener_->acceptor;
  if (acceptor.open(endpoint.protocol(), ec); ec) {
    return make_error("cannot open HTTP listener on " + where() + ": " + ec.message());
  }
  acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (acceptor.bind(endpoint, ec); ec) {
    std::string reason = ec.message();  // close() overwrites ec
    acceptor.close(ec);
    return make_error("cannot listen on " + where() + ": " + reason);
  }
  if (acceptor.listen(net::socket_base::max_listen_connections, ec); ec) {
    std::string reason = ec.message();  // close() overwrites ec
    acceptor.close(ec);
    return make_error("cannot listen on " + where() + ": " + reason);
  }
  port_ = acceptor.local_endpoint(ec).port();

  listener_->accept_next(shared_);
  running_ = true;
  for (unsigned i = 0; i < config_.io_threads; ++i) {
    threads_.emplace_back([this] {
      // Handlers catch their own exceptions; this is the last line for anything else
      // (allocation failure inside Asio), so one bad event does not end the thread.
      for (;;) {
        try {
          listener_->io.run();
          return;
        } catch (const std::exception& e) {
          std::fprintf(stderr, "pel rpc: I/O thread caught: %s\n", e.what());
        }
      }
    });
  }
  return {};
}

void HttpServer::stop() {
  if (!running_.exchange(false)) return;
  auto sessions = shared_->begin_stop();
  net::post(listener_->acceptor.get_executor(), [listener = listener_.get()] {
    boost::system::error_code ignored;
    listener->acceptor.close(ignored);
    listener->retry_timer.cancel();
  });
  for (auto& session : sessions) session->request_stop();
  sessions.clear();  // the sessions must be able to end (and deregister) while we wait

  auto deadline = std::chrono::steady_clock::now() + config_.shutdown_timeout;
  if (!shared_->wait_until_empty(deadline)) {
    for (auto& session : shared_->live_sessions()) session->force_close();
    // Closing is quick unless a handler is still running on that connection's strand.
    shared_->wait_until_empty(std::chrono::steady_clock::now() + std::chrono::seconds(1));
  }
  // End the event loop outright rather than wait for it to run out of work; threads
  // return once their current handler does.
  listener_->work.reset();
  listener_->io.stop();
  for (auto& thread : threads_) thread.join();
  threads_.clear();

  // No other thread runs now. Close the listener (in case its closing was still queued)
  // and run whatever is left queued, which only closes connections, on this thread.
  boost::system::error_code ignored;
  listener_->acceptor.close(ignored);
  listener_->io.restart();
  while (listener_->io.poll() > 0) {
  }
}

HttpServerStats HttpServer::stats() const {
  HttpServerStats out;
  out.connections_accepted = shared_->accepted.load(std::memory_order_relaxed);
  out.connections_refused = shared_->refused.load(std::memory_order_relaxed);
  out.connections_active = shared_->active.load(std::memory_order_relaxed);
  out.requests = shared_->requests.load(std::memory_order_relaxed);
  return out;
}

std::string HttpServer::render_prometheus() const {
  HttpServerStats s = stats();
  std::string out;
  auto metric = [&](const char* name, const char* help, const char* type, uint64_t value) {
    prometheus::append_header(out, name, help, type);
    out += name;
    out += ' ';
    out += std::to_string(value);
    out += '\n';
  };
  metric("pel_rpc_http_connections_accepted_total", "HTTP connections admitted.", "counter",
         s.connections_accepted);
  metric("pel_rpc_http_connections_refused_total",
         "HTTP connections closed at once: over the connection limit or while stopping.", "counter",
         s.connections_refused);
  metric("pel_rpc_http_connections_active", "HTTP connections open now.", "gauge",
         s.connections_active);
  metric("pel_rpc_http_requests_total", "HTTP requests answered.", "counter", s.requests);
  return out;
}

}  // namespace pel::rpc
