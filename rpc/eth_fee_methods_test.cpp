// eth_gasPrice, eth_maxPriorityFeePerGas and eth_feeHistory over the test chain, whose
// base fees follow EIP-1559 from 1 gwei at genesis:
//   block 0: 1000000000 (0x3b9aca00), no gas used
//   block 1:  875000000 (0x342770c0), 67332 gas of 30M
//   block 2:  766115963 (0x2daa007b), empty
//   block 3:  670351468 (0x27f4c06c), 21000 gas
//   block 4:  586674847 (0x22f7f29f), the next one
#include "rpc/eth_test_chain.hpp"

namespace pel::rpc {
namespace {

using namespace eth_test;

class EthFeeMethods : public EthApiTest {};

const json kBaseFees = {"0x3b9aca00", "0x342770c0", "0x2daa007b", "0x27f4c06c", "0x22f7f29f"};

TEST_F(EthFeeMethods, BaseFeesFollowEip1559) {
  for (uint64_t n = 0; n <= 3; ++n) {
    EXPECT_EQ(encode_quantity(*s().block(n).header.base_fee_per_gas), kBaseFees[n]) << n;
  }
}

TEST_F(EthFeeMethods, GasPriceIsTheNextBaseFeePlusTheTip) {
  EXPECT_EQ(result("eth_maxPriorityFeePerGas"), "0x3b9aca00");
  EXPECT_EQ(result("eth_gasPrice"), "0x5e92bc9f");  // 586674847 + 1 gwei
}

TEST_F(EthFeeMethods, FeeHistoryWithRewards) {
  json expected = {
      {"oldestBlock", "0x0"},
      {"baseFeePerGas", kBaseFees},
      {"gasUsedRatio", {0.0, 67'332.0 / 30'000'000.0, 0.0, 21'000.0 / 30'000'000.0}},
      // Block 1's tips, by gas: 2 gwei (21000 gas), 4.125 gwei (25300), 9.125 gwei
      // (21032). 25% of 67332 gas falls in the first, 50% in the second, 75% in the third.
      {"reward",
       {{"0x0", "0x0", "0x0"},
        {"0x77359400", "0xf5de8140", "0x21fe47340"},
        {"0x0", "0x0", "0x0"},
        {"0x3b9aca00", "0x3b9aca00", "0x3b9aca00"}}},
  };
  EXPECT_EQ(result("eth_feeHistory", {"0x4", "latest", {25, 50, 75}}), expected);
  EXPECT_EQ(result("eth_feeHistory", {"4", "0x3", {25, 50, 75}}), expected);
  EXPECT_EQ(result("eth_feeHistory", {4, "pending", {25.0, 50.0, 75.0}}), expected);
  // Percentiles at the edges: the cheapest and the dearest tip.
  json edges = result("eth_feeHistory", {"0x1", "0x1", {0, 100}});
  EXPECT_EQ(edges["reward"], json::array({json::array({"0x77359400", "0x21fe47340"})}));
}

TEST_F(EthFeeMethods, FeeHistoryWindows) {
  json two = result("eth_feeHistory", {"0x2", "0x2"});
  EXPECT_EQ(two["oldestBlock"], "0x1");
  EXPECT_EQ(two["baseFeePerGas"], json({"0x342770c0", "0x2daa007b", "0x27f4c06c"}));
  EXPECT_EQ(two["gasUsedRatio"].size(), 2u);
  EXPECT_FALSE(two.contains("reward"));  // no percentiles asked
  // More blocks than exist: from genesis.
  json capped = result("eth_feeHistory", {"0x400", "0x1", json::array()});
  EXPECT_EQ(capped["oldestBlock"], "0x0");
  EXPECT_EQ(capped["baseFeePerGas"], json({"0x3b9aca00", "0x342770c0", "0x2daa007b"}));
  EXPECT_FALSE(capped.contains("reward"));
  EXPECT_EQ(result("eth_feeHistory", {"0x0", "latest"}),
            json({{"oldestBlock", "0x0"}, {"gasUsedRatio", json::array()}}));
  EXPECT_EQ(result("eth_feeHistory", {"0x1", "earliest"})["baseFeePerGas"],
            json({"0x3b9aca00", "0x342770c0"}));
}

TEST_F(EthFeeMethods, FeeHistoryErrors) {
  json beyond = call("eth_feeHistory", {"0x1", "0x9"});
  EXPECT_EQ(beyond["error"]["code"], -32000);
  EXPECT_EQ(beyond["error"]["message"], "request beyond head block: requested 9, head 3");
  json descending = call("eth_feeHistory", {"0x1", "latest", {50, 25}});
  EXPECT_EQ(descending["error"]["code"], -32602);
  EXPECT_EQ(descending["error"]["message"],
            "invalid argument 2 (rewardPercentiles): invalid reward percentile: #0:50.000000 >= "
            "#1:25.000000");
  EXPECT_EQ(call("eth_feeHistory", {"0x1", "latest", {101}})["error"]["message"],
            "invalid argument 2 (rewardPercentiles): invalid reward percentile: 101.000000");
  EXPECT_EQ(call("eth_feeHistory", {"0x1", "latest", {"50"}})["error"]["code"], -32602);
  EXPECT_EQ(call("eth_feeHistory", {"-1", "latest"})["error"]["code"], -32602);
  EXPECT_EQ(call("eth_feeHistory", {-1, "latest"})["error"]["code"], -32602);
  EXPECT_EQ(call("eth_feeHistory", {"0x01", "latest"})["error"]["message"],
            "invalid argument 0 (blockCount): hex number with leading zero digits");
}

TEST(EthFeeHistory, CountIsCappedAt1024Blocks) {
  TestChain chain;
  for (int i = 0; i < 1030; ++i) chain.commit({});
  Dispatcher dispatcher = make_dispatcher(*chain.store, chain.genesis.config, nullptr);
  json history = call(dispatcher, "eth_feeHistory", {"0x800", "latest", {50}})["result"];
  EXPECT_EQ(history["oldestBlock"], encode_quantity(uint64_t{1030 - 1023}));
  EXPECT_EQ(history["baseFeePerGas"].size(), 1025u);
  EXPECT_EQ(history["gasUsedRatio"].size(), 1024u);
  EXPECT_EQ(history["reward"].size(), 1024u);
}

}  // namespace
}  // namespace pel::rpc
