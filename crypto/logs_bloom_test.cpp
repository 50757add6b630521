#include "crypto/logs_bloom.hpp"

#include <gtest/gtest.h>

#include "core/txn_test_support.hpp"

namespace pel {
namespace {

using test::hash;
using test::hex;
using test::text;

TEST(LogsBloom, MatchesAReceiptFromTheExecutionApisChain) {
  auto vectors = test::load_vectors("chain_samples.json");
  const auto& rpc = vectors["dynamic_fee_receipt"]["receipt"];
  std::vector<Log> logs;
  for (const auto& log : rpc["logs"]) {
    Log decoded{test::address(text(log["address"])), {}, hex(text(log["data"]))};
    for (const auto& topic : log["topics"]) decoded.topics.push_back(hash(text(topic)));
    logs.push_back(std::move(decoded));
  }
  ASSERT_EQ(logs.size(), 1u);
  Bloom expected = test::fixed<256>(text(rpc["logsBloom"]));
  EXPECT_EQ(logs_bloom(logs), expected);

  // 1 address + 2 topics set at most 9 bits.
  int bits = 0;
  for (uint8_t byte : expected.bytes) bits += __builtin_popcount(byte);
  EXPECT_GT(bits, 0);
  EXPECT_LE(bits, 9);

  EXPECT_TRUE(bloom_may_contain(expected, logs[0].address.view()));
  EXPECT_TRUE(bloom_may_contain(expected, logs[0].topics[1].view()));
  EXPECT_FALSE(bloom_may_contain(
      expected, test::address("0x0000000000000000000000000000000000000001").view()));
}

TEST(LogsBloom, MatchesTheStoredBloomOfATenLogReceipt) {
  auto vectors = test::load_vectors("chain_samples.json");
  auto receipt = decode_receipt(hex(text(vectors["receipt_with_logs"]["raw"])));
  ASSERT_TRUE(receipt.ok()) << receipt.error().message;
  ASSERT_EQ(receipt->logs.size(), 10u);
  EXPECT_NE(receipt->logs_bloom, Bloom{});
  EXPECT_EQ(logs_bloom(receipt->logs), receipt->logs_bloom);

  // Built log by log it is the same; a missing log changes it.
  Bloom incremental;
  for (const Log& log : receipt->logs) add_log_to_bloom(incremental, log);
  EXPECT_EQ(incremental, receipt->logs_bloom);
  std::vector<Log> nine(receipt->logs.begin(), receipt->logs.end() - 1);
  EXPECT_NE(logs_bloom(nine), receipt->logs_bloom);
}

TEST(LogsBloom, EmptyLogsGiveAnEmptyBloom) {
  EXPECT_EQ(logs_bloom({}), Bloom{});
  // Data is not part of the bloom.
  Log log{test::address("0x0000000000000000000000000000000000000002"), {}, {}};
  Log with_data = log;
  with_data.data = hex("0x0102");
  EXPECT_EQ(logs_bloom({&log, 1}), logs_bloom({&with_data, 1}));
}

}  // namespace
}  // namespace pel
