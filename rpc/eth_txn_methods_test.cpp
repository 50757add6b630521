// eth_sendRawTransaction, transactions by hash and by position, receipts.
#include "crypto/logs_bloom.hpp"
#include "rpc/eth_json.hpp"
#include "rpc/eth_test_chain.hpp"

namespace pel::rpc {
namespace {

using namespace eth_test;

class EthTxnMethods : public EthApiTest {};

std::string zero_bloom() {
  return "0x" + std::string(512, '0');
}

TEST_F(EthTxnMethods, DynamicFeeTransactionByHash) {
  const Transaction& txn = s().txn(1, 0);
  const Hash hash = txn_hash(txn);
  json expected = {
      {"blockHash", s().block(1).hash.hex()},
      {"blockNumber", "0x1"},
      {"transactionIndex", "0x0"},
      {"hash", hash.hex()},
      {"from", chain().alice.hex()},
      {"to", chain().bob.hex()},
      {"nonce", "0x0"},
      {"gas", "0x5208"},
      {"value", "0xde0b6b3a7640000"},
      {"input", "0x"},
      {"type", "0x2"},
      {"chainId", "0x539"},
      {"accessList", json::array()},
      {"maxFeePerGas", "0x174876e800"},
      {"maxPriorityFeePerGas", "0x77359400"},
      // Mined: the price it paid, base fee 0.875 gwei + tip 2 gwei.
      {"gasPrice", "0xab5d04c0"},
      {"yParity", txn.y_parity == 0 ? "0x0" : "0x1"},
      {"v", txn.y_parity == 0 ? "0x0" : "0x1"},
      {"r", encode_quantity(txn.r)},
      {"s", encode_quantity(txn.s)},
  };
  EXPECT_EQ(result("eth_getTransactionByHash", {hash.hex()}), expected);
  EXPECT_EQ(result("eth_getTransactionByBlockNumberAndIndex", {"0x1", "0x0"}), expected);
  EXPECT_EQ(result("eth_getTransactionByBlockHashAndIndex", {s().block(1).hash.hex(), "0x0"}),
            expected);
}

TEST_F(EthTxnMethods, LegacyAndAccessListTransactions) {
  const Transaction& legacy = s().txn(1, 1);
  json got = result("eth_getTransactionByBlockNumberAndIndex", {"0x1", "0x1"});
  EXPECT_EQ(got["hash"], txn_hash(legacy).hex());
  EXPECT_EQ(got["type"], "0x0");
  EXPECT_EQ(got["gasPrice"], "0x2540be400");
  EXPECT_EQ(got["input"], "0x0102");
  EXPECT_EQ(got["chainId"], "0x539");
  // EIP-155: v = chain id * 2 + 35 + parity.
  EXPECT_EQ(got["v"], encode_quantity(uint64_t{kChainId * 2 + 35 + legacy.y_parity}));
  EXPECT_FALSE(got.contains("yParity"));
  EXPECT_FALSE(got.contains("accessList"));
  EXPECT_FALSE(got.contains("maxFeePerGas"));

  json access = result("eth_getTransactionByBlockNumberAndIndex", {"0x1", "0x2"});
  EXPECT_EQ(access["type"], "0x1");
  EXPECT_EQ(access["from"], chain().bob.hex());
  EXPECT_EQ(access["gasPrice"], "0x12a05f200");
  EXPECT_EQ(access["accessList"],
            json::parse(R"([{"address":")" + chain().alice.hex() + R"(","storageKeys":[")" +
                        TestChain::slot(1).hex() + R"("]}])"));
  EXPECT_FALSE(access.contains("maxFeePerGas"));
  EXPECT_EQ(access["yParity"], access["v"]);

  // Out of range, or an unknown block: null.
  EXPECT_EQ(result("eth_getTransactionByBlockNumberAndIndex", {"0x1", "0x3"}), nullptr);
  EXPECT_EQ(result("eth_getTransactionByBlockNumberAndIndex", {"0x2", "0x0"}), nullptr);
  EXPECT_EQ(result("eth_getTransactionByBlockNumberAndIndex", {"0x9", "0x0"}), nullptr);
  EXPECT_EQ(result("eth_getTransactionByBlockNumberAndIndex", {"latest", "0x0"})["hash"],
            txn_hash(s().txn(3, 0)).hex());
  Hash unknown;
  unknown.bytes[5] = 1;
  EXPECT_EQ(result("eth_getTransactionByBlockHashAndIndex", {unknown.hex(), "0x0"}), nullptr);
  EXPECT_EQ(result("eth_getTransactionByHash", {unknown.hex()}), nullptr);
  EXPECT_EQ(call("eth_getTransactionByBlockNumberAndIndex", {"0x1", "0x01"})["error"]["message"],
            "invalid argument 1 (index): hex number with leading zero digits");
}

TEST_F(EthTxnMethods, SendRawTransactionGoesToThePool) {
  Transaction txn = chain().eip1559(chain().bob_key, 1, chain().carol, U256(5), 1, 10);
  const std::string hash = txn_hash(txn).hex();
  EXPECT_EQ(result("eth_sendRawTransaction", {encode_data(encode_transaction(txn))}), hash);
  // Pending: no block yet, and the price it may pay at most.
  json pending = result("eth_getTransactionByHash", {hash});
  EXPECT_EQ(pending["blockHash"], nullptr);
  EXPECT_EQ(pending["blockNumber"], nullptr);
  EXPECT_EQ(pending["transactionIndex"], nullptr);
  EXPECT_EQ(pending["from"], chain().bob.hex());
  EXPECT_EQ(pending["nonce"], "0x1");
  EXPECT_EQ(pending["gasPrice"], "0x2540be400");
  // Pending transactions have no receipt.
  EXPECT_EQ(result("eth_getTransactionReceipt", {hash}), nullptr);

  // The pool's refusal, verbatim, as -32000.
  s().pool.refusal = "nonce too low";
  json refused = call("eth_sendRawTransaction", {encode_data(encode_transaction(txn))});
  s().pool.refusal.clear();
  EXPECT_EQ(refused["error"]["code"], -32000);
  EXPECT_EQ(refused["error"]["message"], "nonce too low");
  // Malformed hex never reaches the pool.
  json malformed = call("eth_sendRawTransaction", {"0xf86"});
  EXPECT_EQ(malformed["error"]["code"], -32602);
  EXPECT_EQ(malformed["error"]["message"], "invalid argument 0 (data): hex string of odd length");
  EXPECT_EQ(call("eth_sendRawTransaction", json::array())["error"]["code"], -32602);
}

TEST_F(EthTxnMethods, Receipts) {
  const Hash hash0 = txn_hash(s().txn(1, 0));
  json expected = {
      {"transactionHash", hash0.hex()},
      {"transactionIndex", "0x0"},
      {"blockHash", s().block(1).hash.hex()},
      {"blockNumber", "0x1"},
      {"from", chain().alice.hex()},
      {"to", chain().bob.hex()},
      {"cumulativeGasUsed", "0x5208"},
      {"gasUsed", "0x5208"},
      {"effectiveGasPrice", "0xab5d04c0"},
      {"contractAddress", nullptr},
      {"logs", json::array()},
      {"logsBloom", zero_bloom()},
      {"type", "0x2"},
      {"status", "0x1"},
  };
  EXPECT_EQ(result("eth_getTransactionReceipt", {hash0.hex()}), expected);

  // The second and third: gas of their own, cumulative gas of the block so far.
  json legacy = result("eth_getTransactionReceipt", {txn_hash(s().txn(1, 1)).hex()});
  EXPECT_EQ(legacy["transactionIndex"], "0x1");
  EXPECT_EQ(legacy["gasUsed"], "0x5228");            // 21000 + 2 non-zero data bytes * 16
  EXPECT_EQ(legacy["cumulativeGasUsed"], "0xa430");  // 42032
  EXPECT_EQ(legacy["effectiveGasPrice"], "0x2540be400");
  EXPECT_EQ(legacy["type"], "0x0");
  json access = result("eth_getTransactionReceipt", {txn_hash(s().txn(1, 2)).hex()});
  EXPECT_EQ(access["gasUsed"], "0x62d4");             // 21000 + 2400 + 1900
  EXPECT_EQ(access["cumulativeGasUsed"], "0x10704");  // the block's gas used
  EXPECT_EQ(access["type"], "0x1");
  EXPECT_EQ(s().block(1).header.gas_used, 67'332u);

  Hash unknown;
  unknown.bytes[9] = 9;
  EXPECT_EQ(result("eth_getTransactionReceipt", {unknown.hex()}), nullptr);
}

TEST(EthJson, ReceiptLogsAndCreations) {
  // Logs (none of a transfer's) and contract addresses are shaped as geth prints them.
  Transaction txn;
  txn.type = TxnType::kDynamicFee;
  txn.nonce = 0;
  txn.max_fee_per_gas = U256(100);
  txn.max_priority_fee_per_gas = U256(3);
  Receipt receipt;
  receipt.type = TxnType::kDynamicFee;
  receipt.success = false;
  receipt.cumulative_gas_used = 90'000;
  Log log;
  log.address.bytes[19] = 0x11;
  log.topics = {TestChain::slot(5)};
  log.data = {0xbe, 0xef};
  receipt.logs = {log};
  receipt.logs_bloom = logs_bloom(receipt.logs);
  Hash txn_hash_value;
  txn_hash_value.bytes[0] = 0xee;
  // The creation address of the sender with nonce 0 (a known vector: the address of
  // 0x6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0 at nonce 0).
  Address sender = test_address("6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0");
  TxnPosition position{TestChain::slot(77), 12, 4, U256(40), 1'700'000'024};
  json got = receipt_json(receipt, {.txn = txn,
                                    .txn_hash = txn_hash_value,
                                    .sender = sender,
                                    .position = position,
                                    .gas_used = 50'000,
                                    .first_log_index = 6});
  EXPECT_EQ(got["contractAddress"], "0xcd234a471b72ba2f1ccf0a70fcaba648a5eecd8d");
  EXPECT_EQ(got["to"], nullptr);
  EXPECT_EQ(got["status"], "0x0");
  EXPECT_EQ(got["effectiveGasPrice"], "0x2b");  // 40 + 3
  EXPECT_EQ(got["gasUsed"], "0xc350");
  EXPECT_EQ(got["logsBloom"], encode_data(receipt.logs_bloom.view()));
  json expected_log = {
      {"address", log.address.hex()},
      {"topics", {TestChain::slot(5).hex()}},
      {"data", "0xbeef"},
      {"blockNumber", "0xc"},
      {"blockHash", TestChain::slot(77).hex()},
      {"blockTimestamp", "0x6553f118"},
      {"transactionHash", txn_hash_value.hex()},
      {"transactionIndex", "0x4"},
      {"logIndex", "0x6"},
      {"removed", false},
  };
  EXPECT_EQ(got["logs"], json::array({expected_log}));
}

}  // namespace
}  // namespace pel::rpc
