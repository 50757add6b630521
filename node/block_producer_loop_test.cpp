// The production loop: blocks on the block time, empty ones included; a full block's
// worth of pending gas seals a block at once (and the next while the pool stays full);
// stop() returns promptly and leaves the chain at a whole block.
#include "node/block_producer_loop.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "core/base_fee.hpp"
#include "node/dev_accounts.hpp"
#include "node/genesis_file.hpp"
#include "node/pool_access.hpp"
#include "node/state_account_reader.hpp"
#include "node/txpool_test_support.hpp"
#include "state/chain_store_test_util.hpp"

namespace pel {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

struct LoopNode {
  LoopNode(const std::string& dir, uint64_t gas_limit, std::chrono::milliseconds block_time) {
    genesis =
        load_genesis_file(
            (std::filesystem::path(__FILE__).parent_path().parent_path() / "genesis.json").string())
            .value();
    genesis.gas_limit = gas_limit;
    chain =
        std::move(ChainStore::open_with_genesis(dir, genesis, store_test::fast_options()).value());
    reader = std::make_unique<StateAccountReader>(*chain);
    TxPoolConfig config;
    config.chain_id = genesis.config.chain_id;
    config.block_gas_limit = gas_limit;
    pool = std::make_unique<TxPool>(config, *reader,
                                    next_base_fee(chain->head()->header, genesis.config).value());
    producer = std::make_unique<BlockProducer>(
        *chain, *pool, genesis.config, genesis.clique_signers,
        ValidatorKey{dev_accounts()[0].key, dev_accounts()[0].address},
        ExecutorConfig{.threads = 2}, [this] { reader->refresh(); });
    loop = std::make_unique<BlockProducerLoop>(*producer, block_time,
                                               [this] { return pool->stats().pending_gas_added; });
    access = std::make_unique<PoolAccess>(*pool, [this] { loop->pool_grew(); });
  }
  ~LoopNode() {
    loop->stop();
    access.reset();
    loop.reset();
    producer.reset();
    pool.reset();
    reader.reset();
  }
  bool wait_for_head(uint64_t number, std::chrono::milliseconds timeout) {
    auto deadline = Clock::now() + timeout;
    while (chain->head()->number < number) {
      if (Clock::now() > deadline) return false;
      std::this_thread::sleep_for(5ms);
    }
    return true;
  }

  Genesis genesis;
  std::unique_ptr<ChainStore> chain;
  std::unique_ptr<StateAccountReader> reader;
  std::unique_ptr<TxPool> pool;
  std::unique_ptr<BlockProducer> producer;
  std::unique_ptr<BlockProducerLoop> loop;
  std::unique_ptr<PoolAccess> access;
};

Bytes transfer(size_t account, uint64_t nonce) {
  txpool_test::TxnSpec spec;
  spec.chain_id = 1337;
  spec.nonce = nonce;
  return txpool_test::signed_raw(dev_accounts()[account].key, spec);
}

TEST(BlockProducerLoop, MakesEmptyBlocksOnTheBlockTime) {
  store_test::TempDir dir;
  LoopNode node(dir.str(), 1'000'000'000, 50ms);
  node.loop->start();
  EXPECT_TRUE(node.wait_for_head(3, 10s));
  node.loop->stop();
  uint64_t stopped_at = node.chain->head()->number;
  std::this_thread::sleep_for(150ms);
  EXPECT_EQ(node.chain->head()->number, stopped_at);  // nothing after stop()
  auto verified = node.chain->verify_canonical_chain();
  ASSERT_TRUE(verified.ok()) << verified.error().message;
  EXPECT_EQ(verified->head, stopped_at);
}

TEST(BlockProducerLoop, AFullBlockOfPendingGasSealsAtOnce) {
  store_test::TempDir dir;
  // Room for four transfers a block, and a block time the test never reaches.
  LoopNode node(dir.str(), 100'000, std::chrono::hours(1));
  node.loop->start();
  for (uint64_t nonce = 0; nonce < 3; ++nonce)
    ASSERT_TRUE(node.access->submit_raw(transfer(1, nonce)));
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(node.chain->head()->number, 0u);  // 63,000 gas pending: not a full block
  // The fifth transfer's gas passes the limit, and it is in the pool before the loop
  // wakes: a full block of four at once, then, the block having been full, the last
  // one without waiting for the block time. (A sixth could arrive before or after
  // that second block: no fixed outcome to test.)
  for (uint64_t nonce = 0; nonce < 2; ++nonce)
    ASSERT_TRUE(node.access->submit_raw(transfer(2, nonce)));
  ASSERT_TRUE(node.wait_for_head(2, 10s));
  auto first = node.chain->body_by_hash(node.chain->canonical_hash(1).value().value()).value();
  auto second = node.chain->body_by_hash(node.chain->canonical_hash(2).value().value()).value();
  EXPECT_EQ(first->transactions.size(), 4u);
  EXPECT_EQ(second->transactions.size(), 1u);
  EXPECT_EQ(node.pool->stats().pending, 0u);
}

TEST(BlockProducerLoop, TransactionsBehindANonceGapDoNotSealABlock) {
  store_test::TempDir dir;
  LoopNode node(dir.str(), 100'000, std::chrono::hours(1));
  node.loop->start();
  // Five transfers' gas passes the limit, but nonce 0 is missing: none can run.
  for (uint64_t nonce = 1; nonce <= 5; ++nonce)
    ASSERT_TRUE(node.access->submit_raw(transfer(1, nonce)));
  EXPECT_EQ(node.pool->stats().queued, 5u);
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(node.chain->head()->number, 0u);
  // Filling the gap makes all six executable: a full block at once, then the rest.
  ASSERT_TRUE(node.access->submit_raw(transfer(1, 0)));
  ASSERT_TRUE(node.wait_for_head(2, 10s));
  auto first = node.chain->body_by_hash(node.chain->canonical_hash(1).value().value()).value();
  auto second = node.chain->body_by_hash(node.chain->canonical_hash(2).value().value()).value();
  EXPECT_EQ(first->transactions.size(), 4u);
  EXPECT_EQ(second->transactions.size(), 2u);
}

}  // namespace
}  // namespace pel
