// The HTTP server over real TCP: a server on port 0 in this process, a Beast client
// in the test (test_http_client.hpp).
#include "rpc/http_server.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "rpc/net_api.hpp"
#include "rpc/test_http_client.hpp"

namespace pel::rpc {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;
using test::HttpRequest;
using test::HttpResponse;
using test::TestHttpClient;

// Lets a test hold a handler inside its call, and know when it got there.
class Gate {
 public:
  void enter_and_wait() {
    std::unique_lock lock(mutex_);
    ++entered_;
    changed_.notify_all();
    changed_.wait_for(lock, 10s, [&] { return open_; });
  }
  bool wait_entered(int count) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, 5s, [&] { return entered_ >= count; });
  }
  void open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int entered_ = 0;
  bool open_ = false;
};

std::string call(std::string_view method, std::string params = "[]", int id = 1) {
  return R"({"jsonrpc":"2.0","id":)" + std::to_string(id) + R"(,"method":")" + std::string(method) +
         R"(","params":)" + params + "}";
}

class HttpServerTest : public ::testing::Test {
 protected:
  void start(HttpServerConfig config = {}, DispatcherLimits limits = {},
             HttpServer::MetricsProvider metrics = {}) {
    config.port = 0;
    MethodRegistry registry;
    ASSERT_TRUE(register_net_api(registry, NodeInfo{.chain_id = 1337, .version = "0.1.0"}).ok());
    ASSERT_TRUE(registry
                    .add("test_throw",
                         [](const json&) -> RpcResult { throw std::runtime_error("handler bug"); })
                    .ok());
    ASSERT_TRUE(registry
                    .add("test_slow",
                         [this](const json&) -> RpcResult {
                           gate_.enter_and_wait();
                           return "slow done";
                         })
                    .ok());
    dispatcher_ = std::make_unique<Dispatcher>(std::move(registry), limits);
    server_ = std::make_unique<HttpServer>(config, dispatcher_.get());
    if (metrics) server_->set_metrics_provider(std::move(metrics));
    auto started = server_->start();
    ASSERT_TRUE(started.ok()) << started.error().message;
  }

  void TearDown() override {
    gate_.open();
    if (server_) server_->stop();
  }

  uint16_t port() const { return server_->port(); }

  // Waits until the server's count of open connections reaches `count`.
  bool wait_active(uint64_t count) {
    for (int i = 0; i < 500; ++i) {
      if (server_->stats().connections_active == count) return true;
      std::this_thread::sleep_for(10ms);
    }
    return false;
  }

  Gate gate_;
  std::unique_ptr<Dispatcher> dispatcher_;
  std::unique_ptr<HttpServer> server_;
};

TEST_F(HttpServerTest, PortZeroPicksAFreePortAndABusyPortIsAnError) {
  start();
  EXPECT_NE(port(), 0);
  EXPECT_TRUE(server_->running());
  HttpServerConfig busy;
  busy.port = port();
  HttpServer second(busy, dispatcher_.get());
  auto status = second.start();
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find("cannot listen on 127.0.0.1:"), std::string::npos)
      << status.error().message;
  // The reason is the bind error, not what closing the acceptor left in the code.
  EXPECT_NE(status.error().message.find("in use"), std::string::npos) << status.error().message;
}

TEST_F(HttpServerTest, SingleCall) {
  start();
  TestHttpClient client(port());
  HttpResponse response = client.post(call("net_version"));
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(response[test::http::field::content_type], "application/json");
  EXPECT_TRUE(response.keep_alive());
  EXPECT_EQ(response.body(), R"({"jsonrpc":"2.0","id":1,"result":"1337"})");
  EXPECT_EQ(json::parse(client.post(call("net_listening")).body())["result"], true);
  EXPECT_EQ(json::parse(client.post(call("net_peerCount")).body())["result"], "0x0");
}

TEST_F(HttpServerTest, BatchWithValidAndInvalidEntries) {
  start();
  TestHttpClient client(port());
  HttpResponse response = client.post(
      "[" + call("net_version", "[]", 1) + "," + R"({"jsonrpc":"2.0","method":"net_listening"},)" +
      call("nope_nope", "[]", 2) + ",17," + call("net_version", "[1]", 3) + "]");
  ASSERT_EQ(response.result_int(), 200);
  json body = json::parse(response.body());
  ASSERT_EQ(body.size(), 4u);
  EXPECT_EQ(body[0], json::parse(R"({"jsonrpc":"2.0","id":1,"result":"1337"})"));
  EXPECT_EQ(body[1]["error"]["code"], -32601);
  EXPECT_EQ(body[1]["id"], 2);
  EXPECT_EQ(body[2]["error"]["code"], -32600);
  EXPECT_EQ(body[3]["error"]["code"], -32602);
  EXPECT_EQ(body[3]["error"]["message"], "too many arguments, want at most 0");
  EXPECT_EQ(body[3]["id"], 3);
}

TEST_F(HttpServerTest, NotificationsGetAnEmptyOk) {
  start();
  TestHttpClient client(port());
  HttpResponse single = client.post(R"({"jsonrpc":"2.0","method":"net_version"})");
  EXPECT_EQ(single.result_int(), 200);
  EXPECT_EQ(single.body(), "");
  HttpResponse batch = client.post(
      R"([{"jsonrpc":"2.0","method":"net_version"},{"jsonrpc":"2.0","method":"nothing"}])");
  EXPECT_EQ(batch.result_int(), 200);
  EXPECT_EQ(batch.body(), "");
  EXPECT_EQ(json::parse(client.post(call("net_version")).body())["result"], "1337");
}

TEST_F(HttpServerTest, JsonRpcErrorsOverHttp) {
  start();
  TestHttpClient client(port());
  json parse = json::parse(client.post(R"({"jsonrpc":"2.0","id":1,"method":)").body());
  EXPECT_EQ(parse["error"]["code"], -32700);
  EXPECT_TRUE(parse["id"].is_null());
  json shape = json::parse(client.post(R"({"jsonrpc":"2.0","id":"a","method":["x"]})").body());
  EXPECT_EQ(shape["error"]["code"], -32600);
  EXPECT_EQ(shape["id"], "a");
  json unknown = json::parse(client.post(call("eth_unknown")).body());
  EXPECT_EQ(unknown["error"]["message"], "the method eth_unknown does not exist/is not available");
  json params = json::parse(client.post(call("net_listening", "{\"a\":1}")).body());
  EXPECT_EQ(params["error"]["code"], -32602);
  EXPECT_EQ(params["error"]["message"], "non-array args");
}

TEST_F(HttpServerTest, OversizedBodyIs413AndClosesTheConnection) {
  HttpServerConfig config;
  config.max_body_bytes = 1024;
  start(config);
  std::string padding(1024 - call("net_version").size(), ' ');
  TestHttpClient fits(port());
  EXPECT_EQ(json::parse(fits.post(call("net_version") + padding).body())["result"], "1337");

  TestHttpClient client(port());
  HttpResponse response = client.post(call("net_version") + padding + " ");
  EXPECT_EQ(response.result_int(), 413);
  EXPECT_FALSE(response.keep_alive());
  EXPECT_EQ(response.body(), "request body too large (limit 1024 bytes)\n");
  EXPECT_TRUE(client.closed_by_server());
}

TEST_F(HttpServerTest, ClientSendingAHugeBodyStillReads413) {
  HttpServerConfig config;
  config.max_body_bytes = 1024;
  start(config);
  // The server answers after the headers and never reads this body; it drains what
  // arrives for a moment instead of resetting the connection under the client's feet.
  TestHttpClient client(port());
  HttpResponse response = client.post(call("net_version") + std::string(16 * 1024 * 1024, ' '));
  EXPECT_EQ(response.result_int(), 413);
  EXPECT_TRUE(client.closed_by_server());
}

TEST_F(HttpServerTest, OversizedBatchIsLimitExceeded) {
  start({}, DispatcherLimits{.max_batch_size = 3});
  TestHttpClient client(port());
  std::string one = call("net_version");
  json ok = json::parse(client.post("[" + one + "," + one + "," + one + "]").body());
  EXPECT_EQ(ok.size(), 3u);
  json over = json::parse(client.post("[" + one + "," + one + "," + one + "," + one + "]").body());
  EXPECT_EQ(over["error"]["code"], -32005);
  EXPECT_TRUE(over["id"].is_null());
}

TEST_F(HttpServerTest, KeepAliveServesManyRequestsOnOneConnection) {
  start();
  TestHttpClient client(port());
  for (int i = 0; i < 20; ++i) {
    json body = json::parse(client.post(call("net_version", "[]", i)).body());
    EXPECT_EQ(body["id"], i);
  }
  EXPECT_EQ(server_->stats().connections_accepted, 1u);
  EXPECT_EQ(server_->stats().requests, 20u);
}

TEST_F(HttpServerTest, PipelinedRequestsAreAnsweredInOrder) {
  start();
  TestHttpClient client(port());
  std::string raw;
  for (int id : {1, 2, 3}) {
    std::string body = call("net_version", "[]", id);
    raw +=
        "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        "Content-Length: " +
        std::to_string(body.size()) + "\r\n\r\n" + body;
  }
  ASSERT_FALSE(client.write_raw(raw));
  for (int id : {1, 2, 3}) {
    HttpResponse response;
    ASSERT_FALSE(client.read(response));
    EXPECT_EQ(json::parse(response.body())["id"], id);
  }
}

TEST_F(HttpServerTest, ReadTimeoutClosesAStalledRequest) {
  HttpServerConfig config;
  config.read_timeout = 200ms;
  start(config);
  TestHttpClient client(port());
  auto started = std::chrono::steady_clock::now();
  // Headers promise a body that never comes (slowloris).
  ASSERT_FALSE(client.write_raw(
      "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n{\"jsonrpc\""));
  EXPECT_TRUE(client.closed_by_server());
  auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_GE(elapsed, 150ms);
  EXPECT_LT(elapsed, 3s);
  EXPECT_TRUE(wait_active(0));
}

TEST_F(HttpServerTest, TricklingHeadersDoNotExtendTheReadTimeout) {
  HttpServerConfig config;
  config.read_timeout = 300ms;
  start(config);
  TestHttpClient client(port());
  auto started = std::chrono::steady_clock::now();
  bool write_failed = false;
  for (int i = 0; i < 20 && !write_failed; ++i) {  // a byte every 50 ms would take 1 s
    write_failed = static_cast<bool>(client.write_raw(i == 0 ? "P" : "X"));
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_TRUE(write_failed || client.closed_by_server());
  EXPECT_LT(std::chrono::steady_clock::now() - started, 900ms);
}

TEST_F(HttpServerTest, IdleKeepAliveConnectionIsClosed) {
  HttpServerConfig config;
  config.idle_timeout = 200ms;
  start(config);
  TestHttpClient client(port());
  EXPECT_EQ(client.post(call("net_version")).result_int(), 200);
  auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(client.closed_by_server());
  EXPECT_GE(std::chrono::steady_clock::now() - started, 150ms);
}

TEST_F(HttpServerTest, ConnectionsBeyondTheLimitAreClosed) {
  HttpServerConfig config;
  config.max_connections = 2;
  start(config);
  auto first = std::make_unique<TestHttpClient>(port());
  TestHttpClient second(port());
  EXPECT_EQ(first->post(call("net_version")).result_int(), 200);
  EXPECT_EQ(second.post(call("net_version")).result_int(), 200);

  TestHttpClient third(port());  // the kernel completes the handshake; the server closes it
  EXPECT_TRUE(third.closed_by_server());
  EXPECT_EQ(server_->stats().connections_refused, 1u);
  EXPECT_EQ(server_->stats().connections_active, 2u);

  first.reset();  // frees a slot
  ASSERT_TRUE(wait_active(1));
  TestHttpClient fourth(port());
  EXPECT_EQ(fourth.post(call("net_version")).result_int(), 200);
  EXPECT_EQ(second.post(call("net_version")).result_int(), 200);
}

TEST_F(HttpServerTest, HandlerExceptionIsInternalErrorAndServingGoesOn) {
  start();
  TestHttpClient client(port());
  json thrown = json::parse(client.post(call("test_throw")).body());
  EXPECT_EQ(thrown["error"]["code"], -32603);
  EXPECT_EQ(thrown["error"]["message"], "internal error: handler bug");
  EXPECT_EQ(json::parse(client.post(call("net_version")).body())["result"], "1337");
  TestHttpClient other(port());
  EXPECT_EQ(json::parse(other.post(call("net_version")).body())["result"], "1337");
}

TEST_F(HttpServerTest, HandlersRunConcurrentlyOnTheIoThreads) {
  HttpServerConfig config;
  config.io_threads = 2;
  start(config);
  auto slow_call = [&] { return TestHttpClient(port()).post(call("test_slow")).body(); };
  auto a = std::async(std::launch::async, slow_call);
  auto b = std::async(std::launch::async, slow_call);
  EXPECT_TRUE(gate_.wait_entered(2));  // both inside a handler at once
  gate_.open();
  EXPECT_EQ(json::parse(a.get())["result"], "slow done");
  EXPECT_EQ(json::parse(b.get())["result"], "slow done");
}

TEST_F(HttpServerTest, GracefulStopFinishesTheRequestInFlight) {
  HttpServerConfig config;
  config.shutdown_timeout = 10s;
  start(config);
  TestHttpClient idle(port());
  EXPECT_EQ(idle.post(call("net_version")).result_int(), 200);

  auto in_flight = std::async(std::launch::async,
                              [&] { return TestHttpClient(port()).post(call("test_slow")); });
  ASSERT_TRUE(gate_.wait_entered(1));
  std::atomic<bool> stopped{false};
  std::thread stopper([&] {
    server_->stop();
    stopped = true;
  });

  // The idle connection is closed at once; no new connection is served.
  EXPECT_TRUE(idle.closed_by_server());
  TestHttpClient late(port(), 1s);
  EXPECT_TRUE(late.connect_error() || late.closed_by_server());
  std::this_thread::sleep_for(100ms);
  EXPECT_FALSE(stopped.load());  // still waiting for the handler

  gate_.open();
  HttpResponse response = in_flight.get();
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(json::parse(response.body())["result"], "slow done");
  EXPECT_FALSE(response.keep_alive());
  stopper.join();
  EXPECT_TRUE(stopped.load());
  EXPECT_FALSE(server_->running());
  EXPECT_EQ(server_->stats().connections_active, 0u);
}

// Regression: when clients hung up just as stop() began, the event loop could run out
// of work (listener closed, connections ended) before stop() posted its requests to
// the connections; the threads returned, the posts never ran, and stop() waited its
// full shutdown_timeout.
TEST(HttpServerStop, IsPromptRightAfterClientsLeave) {
  MethodRegistry registry;
  ASSERT_TRUE(register_net_api(registry, NodeInfo{}).ok());
  Dispatcher dispatcher(std::move(registry));
  for (int round = 0; round < 20; ++round) {
    HttpServerConfig config;
    config.port = 0;
    config.shutdown_timeout = 5s;
    HttpServer server(config, &dispatcher);
    ASSERT_TRUE(server.start().ok());
    {
      TestHttpClient a(server.port());
      TestHttpClient b(server.port());
      EXPECT_EQ(a.post(call("net_version")).result_int(), 200);
      EXPECT_EQ(b.post(call("net_version")).result_int(), 200);
    }
    auto started = std::chrono::steady_clock::now();
    server.stop();
    EXPECT_LT(std::chrono::steady_clock::now() - started, 1s) << "round " << round;
  }
}

TEST_F(HttpServerTest, StopClosesIdleConnectionsWithoutWaiting) {
  HttpServerConfig config;
  config.shutdown_timeout = 10s;
  config.idle_timeout = 60s;
  start(config);
  std::vector<std::unique_ptr<TestHttpClient>> clients;
  for (int i = 0; i < 5; ++i) {
    clients.push_back(std::make_unique<TestHttpClient>(port()));
    EXPECT_EQ(clients.back()->post(call("net_version")).result_int(), 200);
  }
  auto started = std::chrono::steady_clock::now();
  server_->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
  for (auto& client : clients) EXPECT_TRUE(client->closed_by_server());
  server_->stop();  // idempotent
}

TEST_F(HttpServerTest, StopClosesStalledReadsAfterShutdownTimeout) {
  HttpServerConfig config;
  config.shutdown_timeout = 200ms;
  config.read_timeout = 30s;
  start(config);
  TestHttpClient stalled(port());
  ASSERT_FALSE(
      stalled.write_raw("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 50\r\n\r\n{"));
  ASSERT_TRUE(wait_active(1));
  std::this_thread::sleep_for(100ms);  // the server has read the partial request by now
  auto started = std::chrono::steady_clock::now();
  server_->stop();  // a request being read may finish, but only within shutdown_timeout
  auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_GE(elapsed, 150ms);
  EXPECT_LT(elapsed, 3s);
  EXPECT_TRUE(stalled.closed_by_server());
  EXPECT_EQ(server_->stats().connections_active, 0u);
}

TEST_F(HttpServerTest, StopLetsARequestBeingReadFinish) {
  HttpServerConfig config;
  config.shutdown_timeout = 5s;
  start(config);
  TestHttpClient client(port());
  std::string body = call("net_version");
  ASSERT_FALSE(client.write_raw("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: " +
                                std::to_string(body.size()) + "\r\n\r\n"));
  ASSERT_TRUE(wait_active(1));
  std::this_thread::sleep_for(100ms);  // the server has read the headers by now
  std::thread stopper([&] { server_->stop(); });
  std::this_thread::sleep_for(100ms);
  ASSERT_FALSE(client.write_raw(body));
  HttpResponse response;
  ASSERT_FALSE(client.read(response));
  EXPECT_EQ(json::parse(response.body())["result"], "1337");
  EXPECT_FALSE(response.keep_alive());
  stopper.join();
}

TEST_F(HttpServerTest, HttpLevelErrors) {
  start();
  TestHttpClient client(port());
  HttpRequest get(test::http::verb::get, "/", 11);
  get.set(test::http::field::host, "localhost");
  HttpResponse not_allowed = client.request(get);
  EXPECT_EQ(not_allowed.result_int(), 405);
  EXPECT_EQ(not_allowed[test::http::field::allow], "POST");

  HttpRequest wrong_path = TestHttpClient::make_post(call("net_version"), "/rpc");
  EXPECT_EQ(client.request(wrong_path).result_int(), 404);

  HttpRequest form = TestHttpClient::make_post(call("net_version"));
  form.set(test::http::field::content_type, "application/x-www-form-urlencoded");
  HttpResponse unsupported = client.request(form);
  EXPECT_EQ(unsupported.result_int(), 415);
  EXPECT_EQ(unsupported.body(), "invalid content type, only application/json is supported\n");

  HttpRequest no_type = TestHttpClient::make_post(call("net_version"));
  no_type.erase(test::http::field::content_type);
  EXPECT_EQ(client.request(no_type).result_int(), 200);

  HttpRequest rebinding = TestHttpClient::make_post(call("net_version"));
  rebinding.set(test::http::field::host, "attacker.example:8545");
  HttpResponse forbidden = client.request(rebinding);
  EXPECT_EQ(forbidden.result_int(), 403);
  EXPECT_EQ(forbidden.body(), "invalid host specified\n");

  HttpRequest metrics(test::http::verb::get, "/metrics", 11);
  metrics.set(test::http::field::host, "localhost");
  EXPECT_EQ(client.request(metrics).result_int(), 404);  // no provider registered

  // The connection survived all of the above.
  EXPECT_EQ(server_->stats().connections_accepted, 1u);

  TestHttpClient garbage(port());
  ASSERT_FALSE(garbage.write_raw("HELLO\x01 / HTTP/9.9\r\n\r\n"));
  HttpResponse bad;
  ASSERT_FALSE(garbage.read(bad));
  EXPECT_EQ(bad.result_int(), 400);
  EXPECT_TRUE(garbage.closed_by_server());
}

TEST_F(HttpServerTest, MetricsEndpointServesTheProvidersText) {
  start({}, {}, [this] {
    return dispatcher_->metrics().render_prometheus() + server_->render_prometheus();
  });
  TestHttpClient client(port());
  EXPECT_EQ(client.post(call("net_version")).result_int(), 200);
  HttpRequest get(test::http::verb::get, "/metrics", 11);
  get.set(test::http::field::host, "localhost");
  HttpResponse response = client.request(get);
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(response[test::http::field::content_type], "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(
      response.body().find("pel_rpc_requests_total{method=\"net_version\",outcome=\"ok\"} 1\n"),
      std::string::npos)
      << response.body();
  EXPECT_NE(response.body().find("pel_rpc_http_connections_active 1\n"), std::string::npos);
  HttpRequest post = TestHttpClient::make_post("{}", "/metrics");
  EXPECT_EQ(client.request(post).result_int(), 405);
}

TEST_F(HttpServerTest, MetricsOnlyServerHasNoRpc) {
  HttpServerConfig config;
  config.port = 0;
  HttpServer metrics_server(config, nullptr);
  metrics_server.set_metrics_provider([] { return std::string("up 1\n"); });
  ASSERT_TRUE(metrics_server.start().ok());
  TestHttpClient client(metrics_server.port());
  HttpRequest get(test::http::verb::get, "/metrics", 11);
  get.set(test::http::field::host, "localhost");
  EXPECT_EQ(client.request(get).body(), "up 1\n");
  EXPECT_EQ(client.post(call("net_version")).result_int(), 404);
  metrics_server.stop();
}

TEST_F(HttpServerTest, CorsPreflightAndOrigin) {
  HttpServerConfig config;
  config.cors_origins = {"https://app.example"};
  start(config);
  TestHttpClient client(port());
  HttpRequest preflight(test::http::verb::options, "/", 11);
  preflight.set(test::http::field::host, "localhost");
  preflight.set(test::http::field::origin, "https://app.example");
  preflight.set(test::http::field::access_control_request_method, "POST");
  HttpResponse response = client.request(preflight);
  EXPECT_EQ(response.result_int(), 204);
  EXPECT_EQ(response[test::http::field::access_control_allow_origin], "https://app.example");
  EXPECT_EQ(response[test::http::field::access_control_allow_methods], "POST, GET, OPTIONS");
  EXPECT_EQ(response[test::http::field::access_control_allow_headers], "Content-Type");

  HttpRequest post = TestHttpClient::make_post(call("net_version"));
  post.set(test::http::field::origin, "https://app.example");
  EXPECT_EQ(client.request(post)[test::http::field::access_control_allow_origin],
            "https://app.example");
  post.set(test::http::field::origin, "https://evil.example");
  HttpResponse foreign = client.request(post);
  EXPECT_EQ(foreign.result_int(), 200);  // the browser, not the server, enforces CORS
  EXPECT_EQ(foreign.count(test::http::field::access_control_allow_origin), 0u);
}

TEST_F(HttpServerTest, ExpectContinueGetsAnInterimResponse) {
  start();
  TestHttpClient client(port());
  std::string body = call("net_version");
  ASSERT_FALSE(
      client.write_raw("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                       "application/json\r\nExpect: 100-continue\r\nContent-Length: " +
                       std::to_string(body.size()) + "\r\n\r\n"));
  HttpResponse interim;
  ASSERT_FALSE(client.read(interim));
  EXPECT_EQ(interim.result_int(), 100);
  ASSERT_FALSE(client.write_raw(body));
  HttpResponse response;
  ASSERT_FALSE(client.read(response));
  EXPECT_EQ(json::parse(response.body())["result"], "1337");
}

TEST_F(HttpServerTest, Http10ClientsGetKeepAliveOnlyWhenAsked) {
  start();
  TestHttpClient client(port());
  HttpRequest request = TestHttpClient::make_post(call("net_version"));
  request.version(10);
  request.set(test::http::field::connection, "keep-alive");
  HttpResponse kept = client.request(request);
  EXPECT_EQ(kept.version(), 10u);
  EXPECT_TRUE(kept.keep_alive());
  request.erase(test::http::field::connection);
  HttpResponse closing = client.request(request);
  EXPECT_FALSE(closing.keep_alive());
  EXPECT_TRUE(client.closed_by_server());
}

}  // namespace
}  // namespace pel::rpc
