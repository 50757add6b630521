// The whole driver against a stand-in node: an in-process JSON-RPC server that keeps
// per-sender nonces (rejecting any transfer out of nonce order, as a txpool without a
// queue would) and seals a block of pending transactions every few milliseconds.
#include "bench/load_run.hpp"

#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <thread>

#include "bench/rpc_client.hpp"
#include "core/transaction.hpp"
#include "crypto/txn_crypto.hpp"
#include "rpc/http_server.hpp"

namespace pel::load {
namespace {

class MockChain {
 public:
  explicit MockChain(size_t max_per_block, uint64_t reject_nonce = UINT64_MAX)
      : max_per_block_(max_per_block), reject_nonce_(reject_nonce) {
    rpc::MethodRegistry methods;
    (void)methods.add("eth_chainId",
                      [](const nlohmann::json&) -> rpc::RpcResult { return "0x539"; });
    (void)methods.add("eth_blockNumber", [this](const nlohmann::json&) -> rpc::RpcResult {
      std::lock_guard lock(mutex_);
      return quantity_text(blocks_.size() - 1);
    });
    (void)methods.add(
        "eth_getBlockByNumber", [this](const nlohmann::json& params) -> rpc::RpcResult {
          std::lock_guard lock(mutex_);
          uint64_t number = blocks_.size() - 1;
          if (params[0] != "latest") number = *quantity_of(params[0]);
          if (number >= blocks_.size()) return nullptr;
          return nlohmann::json{{"number", quantity_text(number)},
                                {"baseFeePerGas", "0x3b9aca00"},
                                {"gasUsed", quantity_text(21000 * blocks_[number].size())},
                                {"transactions", blocks_[number]}};
        });
    (void)methods.add(
        "eth_getTransactionCount", [this](const nlohmann::json& params) -> rpc::RpcResult {
          std::lock_guard lock(mutex_);
          return quantity_text(nonces_[*Address::from_hex(params[0].get<std::string>())]);
        });
    (void)methods.add("eth_sendRawTransaction",
                      [this](const nlohmann::json& params) -> rpc::RpcResult {
                        auto txn = decode_transaction(*from_hex(params[0].get<std::string>()));
                        if (!txn) return rpc::server_error(txn.error().message);
                        auto sender = recover_sender(*txn);
                        if (!sender) return rpc::server_error("invalid sender");
                        if (txn->chain_id != 1337u) return rpc::server_error("invalid chain id");
                        std::lock_guard lock(mutex_);
                        uint64_t& next = nonces_[*sender];
                        if (txn->nonce != next) return rpc::server_error("nonce out of order");
                        if (txn->nonce == reject_nonce_)
                          return rpc::server_error("rejected by the test");
                        ++next;
                        std::string hash = txn_hash(*txn).hex();
                        pending_.push_back(hash);
                        return hash;
                      });
    dispatcher_ = std::make_unique<rpc::Dispatcher>(std::move(methods));
    rpc::HttpServerConfig config;
    config.port = 0;
    config.io_threads = 2;
    server_ = std::make_unique<rpc::HttpServer>(config, dispatcher_.get());
    EXPECT_TRUE(server_->start().ok());
    producer_ = std::thread([this] { produce(); });
  }

  ~MockChain() {
    stop_ = true;
    producer_.join();
    server_->stop();
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }

 private:
  void produce() {
    while (!stop_) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      std::lock_guard lock(mutex_);
      size_t count = std::min(pending_.size(), max_per_block_);
      blocks_.emplace_back(pending_.begin(), pending_.begin() + count);
      pending_.erase(pending_.begin(), pending_.begin() + count);
    }
  }

  size_t max_per_block_;
  uint64_t reject_nonce_;
  std::mutex mutex_;
  std::vector<std::vector<std::string>> blocks_{{}};  // genesis, empty
  std::vector<std::string> pending_;
  std::map<Address, uint64_t> nonces_;
  std::unique_ptr<rpc::Dispatcher> dispatcher_;
  std::unique_ptr<rpc::HttpServer> server_;
  std::atomic<bool> stop_{false};
  std::thread producer_;
};

LoadOptions small_run(const std::string& url) {
  LoadOptions options;
  options.rpc = url;
  options.txns = 600;
  options.wallets = 30;
  options.connections = 4;
  options.batch = 25;
  options.poll_ms = 2;
  options.timeout_s = 20;
  return options;
}

TEST(LoadRun, FundsSubmitsAndSeesEveryTransferIncluded) {
  MockChain chain(/*max_per_block=*/100);
  LoadOptions options = small_run(chain.url());
  auto report = run_load(options, [](const std::string&) {});
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_TRUE(report->errors.empty()) << report->errors.front();
  EXPECT_EQ(report->accepted, 600u);
  EXPECT_EQ(report->included, 600u);
  EXPECT_TRUE(run_complete(options, *report));
  EXPECT_GE(report->blocks, 6u);  // at most 100 per block
  EXPECT_LE(report->avg_txns_per_block, 100.0);
  EXPECT_GT(report->latency_ms.p50, 0.0);
  EXPECT_GE(report->latency_ms.p99, report->latency_ms.p50);
  EXPECT_GT(report->included_tps, 0.0);
  EXPECT_EQ(report_json(*report)["included"], 600);

  // A second run with the same seed continues from the wallets' pending nonces.
  options.txns = 90;
  options.fund = false;
  auto again = run_load(options, [](const std::string&) {});
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->included, 90u);
}

TEST(LoadRun, ReportsRejectionsAndWaitsOnlyForAcceptedOnes) {
  // Every wallet's third transfer (nonce 2) is refused, so its later ones are too.
  MockChain chain(/*max_per_block=*/1000, /*reject_nonce=*/2);
  LoadOptions options = small_run(chain.url());
  options.fund = false;  // the funder's own nonce 2 would be refused
  options.timeout_s = 1;
  auto report = run_load(options, [](const std::string&) {});
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->accepted, 60u);  // nonces 0 and 1 of 30 wallets
  EXPECT_EQ(report->rejected, 540u);
  EXPECT_EQ(report->included, 60u);
  EXPECT_FALSE(report->errors.empty());
  EXPECT_FALSE(run_complete(options, *report));
}

TEST(LoadRun, PacingHoldsTheOfferedRate) {
  LoadOptions options;
  options.self_test = true;
  options.txns = 400;
  options.wallets = 8;
  options.batch = 10;
  options.rate = 2000;  // 400 transfers: 0.2 s at least
  auto report = run_load(options, [](const std::string&) {});
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->accepted, 400u);
  // The last request of each connection is due at (its share - one batch) / its rate.
  EXPECT_GE(report->submit_seconds, 0.15);
  EXPECT_LE(report->submitted_tps, 2700.0);
}

TEST(LoadRun, SelfTestAcceptsEveryTransfer) {
  LoadOptions options;
  options.self_test = true;
  options.txns = 300;
  options.wallets = 7;
  options.batch = 1;
  options.verify = true;
  auto report = run_load(options, [](const std::string&) {});
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->accepted, 300u);
  EXPECT_TRUE(run_complete(options, *report));
}

TEST(LoadRun, UnreachableNodeIsAnError) {
  LoadOptions options = small_run("http://127.0.0.1:1");
  EXPECT_FALSE(run_load(options, [](const std::string&) {}).ok());
}

}  // namespace
}  // namespace pel::load
