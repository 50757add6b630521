// Throughput of the JSON-RPC server for a trivial method (net_version):
// - over real TCP on loopback with keep-alive, one connection per benchmark thread
//   (->Threads(n) is n concurrent clients), client and server in this process;
// - a new connection per request (the accept path);
// - the dispatcher alone, without HTTP, to separate JSON-RPC cost from transport cost.
// The server's I/O thread count comes from PEL_RPC_BENCH_IO_THREADS (default 2).
//
// For an external load tool (wrk), PEL_RPC_SERVE_PORT=18545 PEL_RPC_SERVE_SECONDS=20
// adds a "ServeForExternalLoad" entry that only serves on that port for that long:
//   rpc_bench --benchmark_filter=ServeForExternalLoad
#include <benchmark/benchmark.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>

#include "rpc/http_server.hpp"
#include "rpc/net_api.hpp"

namespace pel::rpc {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr std::string_view kBody = R"({"jsonrpc":"2.0","id":1,"method":"net_version","params":[]})";

Dispatcher make_dispatcher() {
  MethodRegistry registry;
  if (!register_net_api(registry, NodeInfo{.chain_id = 1337, .version = "0.1.0"}).ok())
    std::abort();
  return Dispatcher(std::move(registry));
}

struct BenchServer {
  explicit BenchServer(uint16_t port = 0) : dispatcher(make_dispatcher()) {
    HttpServerConfig config;
    config.port = port;
    const char* threads = std::getenv("PEL_RPC_BENCH_IO_THREADS");
    config.io_threads = threads ? static_cast<unsigned>(std::atoi(threads)) : 2;
    server = std::make_unique<HttpServer>(config, &dispatcher);
    if (!server->start().ok()) std::abort();
  }
  Dispatcher dispatcher;
  std::unique_ptr<HttpServer> server;
};

BenchServer& bench_server() {
  static BenchServer instance;
  return instance;
}

std::string raw_request(bool keep_alive) {
  return "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n" +
         std::string(keep_alive ? "" : "Connection: close\r\n") +
         "Content-Length: " + std::to_string(kBody.size()) + "\r\n\r\n" + std::string(kBody);
}

void BM_HttpKeepAlive(benchmark::State& state) {
  tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), bench_server().server->port());
  net::io_context io;
  tcp::socket socket(io);
  socket.connect(endpoint);
  socket.set_option(tcp::no_delay(true));
  const std::string request = raw_request(true);
  beast::flat_buffer buffer;
  for (auto _ : state) {
    net::write(socket, net::buffer(request));
    http::response<http::string_body> response;
    http::read(socket, buffer, response);
    if (response.result_int() != 200 || response.body().size() < 30) {
      state.SkipWithError("bad response");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HttpKeepAlive)->Threads(1)->Threads(2)->Threads(4)->Threads(8)->UseRealTime();

void BM_HttpNewConnectionPerRequest(benchmark::State& state) {
  tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), bench_server().server->port());
  net::io_context io;
  const std::string request = raw_request(false);
  for (auto _ : state) {
    tcp::socket socket(io);
    socket.connect(endpoint);
    net::write(socket, net::buffer(request));
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(socket, buffer, response);
    if (response.result_int() != 200) {
      state.SkipWithError("bad response");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HttpNewConnectionPerRequest)->Threads(1)->Threads(4)->UseRealTime();

void BM_DispatchOnly(benchmark::State& state) {
  Dispatcher& dispatcher = bench_server().dispatcher;
  for (auto _ : state) benchmark::DoNotOptimize(dispatcher.handle(kBody));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DispatchOnly);

void BM_DispatchBatchOf100(benchmark::State& state) {
  Dispatcher& dispatcher = bench_server().dispatcher;
  std::string batch = "[";
  for (int i = 0; i < 100; ++i) batch += std::string(i ? "," : "") + std::string(kBody);
  batch += "]";
  for (auto _ : state) benchmark::DoNotOptimize(dispatcher.handle(batch));
  state.SetItemsProcessed(state.iterations() * 100);
}
BENCHMARK(BM_DispatchBatchOf100);

void serve_for_external_load(benchmark::State& state) {
  auto port = static_cast<uint16_t>(std::atoi(std::getenv("PEL_RPC_SERVE_PORT")));
  const char* seconds = std::getenv("PEL_RPC_SERVE_SECONDS");
  BenchServer serving(port);
  for (auto _ : state)
    std::this_thread::sleep_for(std::chrono::seconds(seconds ? std::atoi(seconds) : 20));
  state.counters["requests"] = static_cast<double>(serving.server->stats().requests);
}

const bool kServeRegistered = [] {
  if (std::getenv("PEL_RPC_SERVE_PORT") == nullptr) return false;
  benchmark::RegisterBenchmark("ServeForExternalLoad", serve_for_external_load)
      ->Iterations(1)
      ->UseRealTime();
  return true;
}();

}  // namespace
}  // namespace pel::rpc
