#include "rpc/http_session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include "rpc/http_checks.hpp"
#include "rpc/prometheus_text.hpp"

namespace pel::rpc {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

// ---- HttpServer::Shared ----

bool HttpServer::Shared::admit(const std::shared_ptr<HttpSession>& session) {
  std::lock_guard lock(mutex_);
  if (stopping.load() || sessions_.size() >= config.max_connections) {
    refused.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  uint64_t id = next_id_++;
  session->set_id(id);
  sessions_.emplace(id, session);
  accepted.fetch_add(1, std::memory_order_relaxed);
  active.fetch_add(1, std::memory_order_relaxed);
  return true;
}

void HttpServer::Shared::release(uint64_t id) {
  std::lock_guard lock(mutex_);
  if (sessions_.erase(id) == 0) return;
  active.fetch_sub(1, std::memory_order_relaxed);
  if (sessions_.empty()) drained_.notify_all();
}

std::vector<std::shared_ptr<HttpSession>> HttpServer::Shared::begin_stop() {
  std::lock_guard lock(mutex_);
  stopping.store(true);
  std::vector<std::shared_ptr<HttpSession>> out;
  for (auto& [id, weak] : sessions_)
    if (auto session = weak.lock()) out.push_back(std::move(session));
  return out;
}

std::vector<std::shared_ptr<HttpSession>> HttpServer::Shared::live_sessions() {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<HttpSession>> out;
  for (auto& [id, weak] : sessions_)
    if (auto session = weak.lock()) out.push_back(std::move(session));
  return out;
}

bool HttpServer::Shared::wait_until_empty(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  return drained_.wait_until(lock, deadline, [&] { return sessions_.empty(); });
}

// ---- HttpSession ----

namespace {

constexpr size_t kFirstReadSize = 4096;
// How long unread request bytes are drained after an error answer (Go's net/http
// waits about as long before it closes such a connection).
constexpr std::chrono::milliseconds kDrainTime{500};
// Drained bytes are thrown away, so they are read in large pieces: a client may be
// sending megabytes, and reading them 4 KiB at a time could outlast kDrainTime.
constexpr size_t kDrainReadSize = 64 * 1024;
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
constexpr std::string_view kJson = "application/json";
constexpr std::string_view kText = "text/plain; charset=utf-8";

std::string_view view(beast::string_view text) {
  return {text.data(), text.size()};
}

bool is_parse_error(beast::error_code ec) {
  return ec.category() == http::make_error_code(http::error::bad_method).category();
}

}  // namespace

HttpSession::HttpSession(tcp::socket&& socket, std::shared_ptr<HttpServer::Shared> shared)
    : stream_(std::move(socket)), shared_(std::move(shared)) {
  // Responses go out in one write; waiting for more data (Nagle) would only add latency.
  beast::error_code ignored;
  stream_.socket().set_option(tcp::no_delay(true), ignored);
}

HttpSession::~HttpSession() {
  if (id_ != 0) shared_->release(id_);
}

void HttpSession::start() {
  net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->wait_for_request(); });
}

void HttpSession::request_stop() {
  net::post(stream_.get_executor(), [self = shared_from_this()] {
    self->stop_requested_ = true;
    // Idle: nothing under way, close now. Reading or busy: the request completes
    // (within read_timeout) and its response closes the connection.
    if (self->phase_ == Phase::kIdle || self->phase_ == Phase::kDraining) self->close();
  });
}

void HttpSession::force_close() {
  net::post(stream_.get_executor(), [self = shared_from_this()] { self->close(); });
}

void HttpSession::wait_for_request() {
  if (phase_ == Phase::kClosed) return;
  if (stop_requested_ || shared_->stopping.load()) return close();
  if (buffer_.size() > 0) return read_header();  // a pipelined request is already here
  phase_ = Phase::kIdle;
  stream_.expires_after(shared_->config.idle_timeout);
  stream_.async_read_some(buffer_.prepare(kFirstReadSize),
                          [self = shared_from_this()](beast::error_code ec, size_t bytes) {
                            self->on_first_bytes(ec, bytes);
                          });
}

void HttpSession::on_first_bytes(beast::error_code ec, size_t bytes) {
  if (ec || phase_ == Phase::kClosed) return close();  // idle timeout, peer gone, or stopped
  buffer_.commit(bytes);
  read_header();
}

void HttpSession::read_header() {
  phase_ = Phase::kReading;
  // One deadline for the whole request, headers and body: a client trickling bytes
  // cannot hold the connection longer than read_timeout.
  stream_.expires_after(shared_->config.read_timeout);
  parser_.emplace();
  parser_->body_limit(shared_->config.max_body_bytes);
  parser_->header_limit(static_cast<uint32_t>(shared_->config.max_header_bytes));
  request_version_ = 11;
  http::async_read_header(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, size_t) { self->on_header(ec); });
}

void HttpSession::on_header(beast::error_code ec) {
  if (phase_ == Phase::kClosed) return;
  if (ec) return on_read_error(ec);
  const auto& request = parser_->get();
  request_version_ = request.version();
  request_origin_ = std::string(view(request[http::field::origin]));
  // curl and others wait (about a second) for this before sending a larger body.
  if (request.version() >= 11 && beast::iequals(request[http::field::expect], "100-continue")) {
    net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                     [self = shared_from_this()](beast::error_code write_ec, size_t) {
                       if (write_ec) return self->close();
                       self->read_body();
                     });
    return;
  }
  read_body();
}

void HttpSession::read_body() {
  if (phase_ == Phase::kClosed) return;
  http::async_read(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, size_t) { self->on_body(ec); });
}

void HttpSession::on_body(beast::error_code ec) {
  if (phase_ == Phase::kClosed) return;
  if (ec) return on_read_error(ec);
  handle_request();
}

void HttpSession::on_read_error(beast::error_code ec) {
  // The rest of the request is unread, so every answer here closes the connection.
  unread_input_ = true;
  if (ec == http::error::body_limit) {
    prepare_response(http::status::payload_too_large, kText,
                     "request body too large (limit " +
                         std::to_string(shared_->config.max_body_bytes) + " bytes)\n");
    return send(true);
  }
  if (ec == http::error::header_limit) {
    prepare_response(http::status::request_header_fields_too_large, kText,
                     "request headers too large\n");
    return send(true);
  }
  if (ec != http::error::end_of_stream && ec != http::error::partial_message &&
      is_parse_error(ec)) {
    prepare_response(http::status::bad_request, kText, "malformed HTTP request\n");
    return send(true);
  }
  close();  // end of stream, timeout (slowloris), reset: nobody to answer
}

void HttpSession::handle_request() {
  phase_ = Phase::kBusy;
  shared_->requests.fetch_add(1, std::memory_order_relaxed);
  const Request& request = parser_->get();
  const auto& config = shared_->config;

  if (!is_host_allowed(view(request[http::field::host]), config.virtual_hosts)) {
    prepare_response(http::status::forbidden, kText, "invalid host specified\n");
    return send(false);
  }
  std::string_view target = view(request.target());
  std::string_view path = target.substr(0, target.find('?'));

  if (path == "/metrics" && shared_->metrics_provider) {
    if (request.method() != http::verb::get) {
      prepare_response(http::status::method_not_allowed, kText, "method not allowed\n");
      response_.set(http::field::allow, "GET");
      return send(false);
    }
    prepare_response(http::status::ok, prometheus::kContentType, shared_->metrics_provider());
    return send(false);
  }
  if (request.method() == http::verb::options && !config.cors_origins.empty()) {
    prepare_response(http::status::no_content, kText, "");
    response_.set(http::field::access_control_allow_methods, "POST, GET, OPTIONS");
    response_.set(http::field::access_control_allow_headers, "Content-Type");
    response_.set(http::field::access_control_max_age, "600");
    return send(false);
  }
  if (path != "/" || shared_->dispatcher == nullptr) {
    prepare_response(http::status::not_found, kText, "not found\n");
    return send(false);
  }
  if (request.method() != http::verb::post) {
    prepare_response(http::status::method_not_allowed, kText, "method not allowed\n");
    response_.set(http::field::allow, config.cors_origins.empty() ? "POST" : "POST, OPTIONS");
    return send(false);
  }
  if (!is_json_content_type(view(request[http::field::content_type]))) {
    prepare_response(http::status::unsupported_media_type, kText,
                     "invalid content type, only application/json is supported\n");
    return send(false);
  }
  handle_post(request);
}

void HttpSession::handle_post(const Request& request) {
  auto reply = shared_->dispatcher->handle(request.body());
  prepare_response(http::status::ok, kJson, reply ? std::move(*reply) : std::string());
  send(false);
}

void HttpSession::prepare_response(http::status status, std::string_view content_type,
                                   std::string body) {
  response_ = Response(status, request_version_);
  if (!body.empty() || status != http::status::no_content) {
    response_.set(http::field::content_type,
                  beast::string_view(content_type.data(), content_type.size()));
  }
  if (!shared_->config.cors_origins.empty()) {
    if (auto origin = allowed_cors_origin(request_origin_, shared_->config.cors_origins)) {
      response_.set(http::field::access_control_allow_origin, *origin);
    }
    response_.set(http::field::vary, "Origin");
  }
  response_.body() = std::move(body);
}

void HttpSession::send(bool close_after) {
  bool keep_alive = !close_after && !stop_requested_ && !shared_->stopping.load() && parser_ &&
                    parser_->is_header_done() && parser_->get().keep_alive();
  response_.keep_alive(keep_alive);
  response_.prepare_payload();
  phase_ = Phase::kBusy;
  stream_.expires_after(shared_->config.write_timeout);
  http::async_write(stream_, response_,
                    [self = shared_from_this(), keep_alive](beast::error_code ec, size_t) {
                      self->on_write(!keep_alive, ec);
                    });
}

void HttpSession::on_write(bool close_after, beast::error_code ec) {
  if (ec) return close();
  if (close_after) return unread_input_ ? drain_then_close() : close();
  wait_for_request();
}

void HttpSession::drain_then_close() {
  if (phase_ == Phase::kClosed) return;
  if (stop_requested_) return close();
  phase_ = Phase::kDraining;
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);  // the client sees our end
  stream_.expires_after(kDrainTime);  // one deadline for the whole drain, not per read
  drain_some();
}

void HttpSession::drain_some() {
  buffer_.consume(buffer_.size());
  stream_.async_read_some(buffer_.prepare(kDrainReadSize),
                          [self = shared_from_this()](beast::error_code ec, size_t) {
                            if (ec || self->phase_ != Phase::kDraining) return self->close();
                            self->drain_some();
                          });
}

void HttpSession::close() {
  if (phase_ == Phase::kClosed) return;
  phase_ = Phase::kClosed;
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream_.close();
}

}  // namespace pel::rpc
