// txpool_status through the dispatcher.
#include "rpc/eth_test_chain.hpp"

namespace pel::rpc {
namespace {

using namespace eth_test;

TEST(TxpoolApi, StatusCountsPendingAndQueued) {
  FakePool pool;
  MethodRegistry registry;
  EthContext context;
  context.pool = &pool;
  ASSERT_TRUE(register_txpool_api(registry, context).ok());
  Dispatcher dispatcher(std::move(registry));
  EXPECT_EQ(call(dispatcher, "txpool_status")["result"],
            json({{"pending", "0x0"}, {"queued", "0x0"}}));
  pool.pool_counts = {.pending = 300, .queued = 17};
  EXPECT_EQ(call(dispatcher, "txpool_status")["result"],
            json({{"pending", "0x12c"}, {"queued", "0x11"}}));
  EXPECT_EQ(call(dispatcher, "txpool_status", {1})["error"]["code"], -32602);
}

TEST(TxpoolApi, RegistersOnce) {
  MethodRegistry registry;
  EthContext context;
  ASSERT_TRUE(register_txpool_api(registry, context).ok());
  EXPECT_FALSE(register_txpool_api(registry, context).ok());
}

TEST(EthApi, NeedsAChainAndRegistersEveryMethod) {
  MethodRegistry registry;
  EXPECT_FALSE(register_eth_api(registry, EthContext{}).ok());
  TestChain chain;
  EthContext context;
  context.chain = chain.store.get();
  ASSERT_TRUE(register_eth_api(registry, context).ok());
  for (const char* method : {"eth_chainId",
                             "eth_syncing",
                             "eth_blockNumber",
                             "eth_getBalance",
                             "eth_getTransactionCount",
                             "eth_getCode",
                             "eth_getStorageAt",
                             "eth_sendRawTransaction",
                             "eth_getTransactionByHash",
                             "eth_getTransactionByBlockNumberAndIndex",
                             "eth_getTransactionByBlockHashAndIndex",
                             "eth_getTransactionReceipt",
                             "eth_getBlockByNumber",
                             "eth_getBlockByHash",
                             "eth_getBlockTransactionCountByNumber",
                             "eth_getBlockTransactionCountByHash",
                             "eth_getBlockReceipts",
                             "eth_gasPrice",
                             "eth_maxPriorityFeePerGas",
                             "eth_feeHistory",
                             "eth_estimateGas",
                             "eth_call"}) {
    EXPECT_TRUE(registry.contains(method)) << method;
  }
  EXPECT_EQ(registry.size(), 22u);
  // Without a pool: no transactions are accepted, and "pending" reads the head.
  Dispatcher dispatcher(std::move(registry));
  json refused = call(dispatcher, "eth_sendRawTransaction", {"0x02"});
  EXPECT_EQ(refused["error"]["code"], -32000);
  EXPECT_EQ(call(dispatcher, "eth_getTransactionCount", {chain.alice.hex(), "pending"})["result"],
            "0x0");
}

}  // namespace
}  // namespace pel::rpc
