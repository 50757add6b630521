// `pel run` as a process: it starts on a fresh datadir and a free port, reports the
// port, produces blocks that eth_blockNumber shows, stops with exit code 0 on
// SIGTERM, and on restart continues the same chain.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "node/dev_accounts.hpp"
#include "node/txpool_test_support.hpp"
#include "rpc/test_http_client.hpp"
#include "state/chain_store_test_util.hpp"

extern char** environ;

namespace pel {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string dev_genesis_path() {
  return (fs::path(__FILE__).parent_path().parent_path() / "genesis.json").string();
}

// A `pel run` child process with its stdout (and stderr) on a pipe.
class NodeProcess {
 public:
  explicit NodeProcess(std::vector<std::string> args) {
    int pipe_fds[2];
    EXPECT_EQ(::pipe(pipe_fds), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 2);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
    args.insert(args.begin(), PEL_BINARY);
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    int spawned = posix_spawn(&pid_, PEL_BINARY, &actions, nullptr, argv.data(), environ);
    EXPECT_EQ(spawned, 0);
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipe_fds[1]);
    output_fd_ = pipe_fds[0];
  }
  ~NodeProcess() {
    if (pid_ > 0 && !exit_code_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    ::close(output_fd_);
  }

  // Reads output until a line contains `text`; returns that line, or nullopt at the
  // timeout or when the process closes its output.
  std::optional<std::string> wait_for_line(const std::string& text,
                                           std::chrono::milliseconds timeout) {
    auto deadline = Clock::now() + timeout;
    for (;;) {
      size_t newline;
      while ((newline = pending_.find('\n')) != std::string::npos) {
        std::string line = pending_.substr(0, newline);
        pending_.erase(0, newline + 1);
        output_ += line + "\n";
        if (line.find(text) != std::string::npos) return line;
      }
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) return std::nullopt;
      pollfd fd{output_fd_, POLLIN, 0};
      if (::poll(&fd, 1, static_cast<int>(left.count())) <= 0) return std::nullopt;
      char buffer[4096];
      ssize_t n = ::read(output_fd_, buffer, sizeof buffer);
      if (n <= 0) return std::nullopt;
      pending_.append(buffer, static_cast<size_t>(n));
    }
  }

  // Sends `signal` and waits for the exit code (nullopt: still running at the timeout).
  std::optional<int> stop(int signal, std::chrono::milliseconds timeout) {
    ::kill(pid_, signal);
    auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        return exit_code_;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return std::nullopt;
  }

  const std::string& output() const { return output_; }

 private:
  pid_t pid_ = -1;
  int output_fd_ = -1;
  std::string pending_;
  std::string output_;
  std::optional<int> exit_code_;
};

// A port nothing listens on now (the kernel's pick for an ephemeral bind).
uint16_t free_port() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(
      io, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  return acceptor.local_endpoint().port();
}

uint16_t port_of(const std::string& line) {
  return static_cast<uint16_t>(std::stoi(line.substr(line.rfind(':') + 1)));
}

uint64_t block_number(uint16_t port) {
  rpc::test::TestHttpClient client(port);
  auto response = client.post(R"({"jsonrpc":"2.0","id":1,"method":"eth_blockNumber","params":[]})");
  auto body = nlohmann::json::parse(response.body());
  return std::stoull(body.at("result").get<std::string>(), nullptr, 16);
}

// Waits until eth_blockNumber reaches `at_least`; returns the last number seen.
uint64_t wait_for_block(uint16_t port, uint64_t at_least, std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  uint64_t number = block_number(port);
  while (number < at_least && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    number = block_number(port);
  }
  return number;
}

TEST(NodeProcess, ServesProducesStopsOnSigtermAndRestarts) {
  store_test::TempDir dir;
  std::vector<std::string> args = {
      "run",          "--datadir", dir.str(),   "--genesis", dev_genesis_path(), "--http.port", "0",
      "--block-time", "100ms",     "--threads", "2"};
  uint64_t reached = 0;
  {
    NodeProcess node(args);
    auto line = node.wait_for_line("RPC listening on http://127.0.0.1:", std::chrono::seconds(30));
    ASSERT_TRUE(line) << node.output();
    EXPECT_NE(node.output().find("chain id    1337"), std::string::npos) << node.output();
    EXPECT_NE(node.output().find("head        block 0 "), std::string::npos) << node.output();
    uint16_t port = port_of(*line);
    reached = wait_for_block(port, 3, std::chrono::seconds(20));
    EXPECT_GE(reached, 3u);
    EXPECT_EQ(node.stop(SIGTERM, std::chrono::seconds(20)), 0) << node.output();
    EXPECT_TRUE(node.wait_for_line("stopped", std::chrono::seconds(5))) << node.output();
  }
  {
    NodeProcess node(args);
    auto line = node.wait_for_line("RPC listening on http://127.0.0.1:", std::chrono::seconds(30));
    ASSERT_TRUE(line) << node.output();
    uint16_t port = port_of(*line);
    // The chain continues from where it stopped (at least the block seen before).
    EXPECT_GE(block_number(port), reached);
    EXPECT_GE(wait_for_block(port, reached + 2, std::chrono::seconds(20)), reached + 2);
    EXPECT_EQ(node.stop(SIGINT, std::chrono::seconds(20)), 0) << node.output();
  }
}

nlohmann::json call(uint16_t port, const std::string& method, const nlohmann::json& params) {
  rpc::test::TestHttpClient client(port);
  nlohmann::json request = {{"jsonrpc", "2.0"}, {"id", 1}, {"method", method}, {"params", params}};
  return nlohmann::json::parse(client.post(request.dump()).body());
}

// A transfer sent with eth_sendRawTransaction is included in a block and has a receipt.
TEST(NodeProcess, IncludesARawTransaction) {
  store_test::TempDir dir;
  NodeProcess node({"run", "--datadir", dir.str(), "--genesis", dev_genesis_path(), "--http.port",
                    "0", "--block-time", "200ms"});
  auto line = node.wait_for_line("RPC listening on", std::chrono::seconds(30));
  ASSERT_TRUE(line) << node.output();
  uint16_t port = port_of(*line);
  txpool_test::TxnSpec spec;
  spec.chain_id = 1337;
  spec.value = 12345;
  Bytes raw = txpool_test::signed_raw(dev_accounts()[1].key, spec);
  nlohmann::json sent = call(port, "eth_sendRawTransaction", {to_hex(raw)});
  ASSERT_TRUE(sent.contains("result")) << sent.dump();
  std::string hash = sent["result"];
  nlohmann::json receipt;
  auto deadline = Clock::now() + std::chrono::seconds(20);
  while (Clock::now() < deadline) {
    receipt = call(port, "eth_getTransactionReceipt", {hash});
    if (receipt.contains("result") && !receipt["result"].is_null()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(receipt.contains("result") && !receipt["result"].is_null()) << receipt.dump();
  EXPECT_EQ(receipt["result"]["status"], "0x1");
  EXPECT_EQ(receipt["result"]["gasUsed"], "0x5208");
  nlohmann::json nonce =
      call(port, "eth_getTransactionCount", {dev_accounts()[1].address.hex(), "latest"});
  EXPECT_EQ(nonce["result"], "0x1") << nonce.dump();
  // The same bytes again: the pool or the chain knows them.
  nlohmann::json again = call(port, "eth_sendRawTransaction", {to_hex(raw)});
  EXPECT_TRUE(again.contains("error")) << again.dump();
  EXPECT_EQ(node.stop(SIGTERM, std::chrono::seconds(20)), 0) << node.output();
}

TEST(NodeProcess, MetricsPortServesPrometheusText) {
  store_test::TempDir dir;
  // --metrics.port 0 means no metrics server: pick a free port.
  uint16_t metrics_port = free_port();
  NodeProcess node({"run", "--datadir", dir.str(), "--genesis", dev_genesis_path(), "--http.port",
                    "0", "--metrics.port", std::to_string(metrics_port), "--block-time", "100ms"});
  auto line = node.wait_for_line("RPC listening on", std::chrono::seconds(30));
  ASSERT_TRUE(line) << node.output();
  EXPECT_NE(node.output().find("metrics     http://127.0.0.1:" + std::to_string(metrics_port) +
                               "/metrics\n"),
            std::string::npos)
      << node.output();
  wait_for_block(port_of(*line), 2, std::chrono::seconds(20));
  rpc::test::TestHttpClient client(metrics_port);
  rpc::test::HttpRequest request(rpc::test::http::verb::get, "/metrics", 11);
  request.set(rpc::test::http::field::host, "localhost");
  auto response = client.request(request);
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_NE(response.body().find("pel_blocks_produced_total "), std::string::npos)
      << response.body();
  EXPECT_NE(response.body().find("pel_head_block "), std::string::npos);
  EXPECT_NE(response.body().find("pel_txpool_pending 0"), std::string::npos);
  EXPECT_NE(response.body().find("pel_rpc_requests_total{method=\"eth_blockNumber\""),
            std::string::npos)
      << response.body();
  EXPECT_EQ(node.stop(SIGTERM, std::chrono::seconds(20)), 0) << node.output();
}

TEST(NodeProcess, BadFlagIsOneLineAndNonZeroExit) {
  NodeProcess node({"run", "--http.port", "notaport"});
  EXPECT_FALSE(node.wait_for_line("RPC listening", std::chrono::seconds(10)));
  EXPECT_EQ(std::count(node.output().begin(), node.output().end(), '\n'), 1) << node.output();
  EXPECT_TRUE(node.output().starts_with("pel: ")) << node.output();
  auto code = node.stop(0, std::chrono::seconds(10));
  ASSERT_TRUE(code);
  EXPECT_NE(*code, 0);
}

}  // namespace
}  // namespace pel
