// Blocks by number and hash, their transaction counts and receipts.
#include "rpc/eth_reader.hpp"
#include "rpc/eth_test_chain.hpp"

namespace pel::rpc {
namespace {

using namespace eth_test;

class EthBlockMethods : public EthApiTest {};

TEST_F(EthBlockMethods, BlockWithTransactionHashes) {
  const CommittedBlock& block1 = s().block(1);
  const BlockHeader& header = block1.header;
  ASSERT_EQ(block1.hash, header_hash(header));
  Block whole{header, BlockBody{}};
  whole.body.transactions = s().txns[0];
  json hashes = json::array();
  for (const Transaction& txn : s().txns[0]) hashes.push_back(txn_hash(txn).hex());
  json expected = {
      {"number", "0x1"},
      {"hash", block1.hash.hex()},
      {"parentHash", s().block(0).hash.hex()},
      {"nonce", "0x0000000000000000"},
      {"mixHash", Hash{}.hex()},
      {"sha3Uncles", "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347"},
      {"logsBloom", "0x" + std::string(512, '0')},
      {"stateRoot", header.state_root.hex()},
      {"miner", chain().coinbase.hex()},
      {"difficulty", "0x2"},
      {"totalDifficulty", "0x3"},  // genesis 1 + 2
      {"extraData", "0x0102"},
      {"gasLimit", "0x1c9c380"},
      {"gasUsed", "0x10704"},
      {"timestamp", "0x6553f102"},
      {"transactionsRoot", header.transactions_root.hex()},
      {"receiptsRoot", header.receipts_root.hex()},
      {"baseFeePerGas", "0x342770c0"},
      {"size", encode_quantity(uint64_t{encode_block(whole).size()})},
      {"transactions", hashes},
      {"uncles", json::array()},
  };
  EXPECT_EQ(result("eth_getBlockByNumber", {"0x1", false}), expected);
  EXPECT_EQ(result("eth_getBlockByHash", {block1.hash.hex(), false}), expected);
  EXPECT_NE(header.transactions_root, header.receipts_root);
}

TEST_F(EthBlockMethods, BlockWithFullTransactions) {
  json block = result("eth_getBlockByNumber", {"0x1", true});
  ASSERT_EQ(block["transactions"].size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    const std::string hash = txn_hash(s().txn(1, i)).hex();
    EXPECT_EQ(block["transactions"][i], result("eth_getTransactionByHash", {hash})) << i;
  }
  EXPECT_EQ(block["hash"], s().block(1).hash.hex());
  EXPECT_EQ(result("eth_getBlockByHash", {s().block(1).hash.hex(), true}), block);
}

TEST_F(EthBlockMethods, TagsGenesisAndUnknownBlocks) {
  for (const char* tag : {"latest", "pending", "safe", "finalized"}) {
    json latest = result("eth_getBlockByNumber", {tag, false});
    EXPECT_EQ(latest["number"], "0x3") << tag;
    EXPECT_EQ(latest["hash"], s().block(3).hash.hex()) << tag;
    EXPECT_EQ(latest["totalDifficulty"], "0x7") << tag;
  }
  json genesis = result("eth_getBlockByNumber", {"earliest", true});
  EXPECT_EQ(genesis["hash"], s().block(0).hash.hex());
  EXPECT_EQ(genesis["number"], "0x0");
  EXPECT_EQ(genesis["difficulty"], "0x1");
  EXPECT_EQ(genesis["totalDifficulty"], "0x1");
  EXPECT_EQ(genesis["baseFeePerGas"], "0x3b9aca00");
  EXPECT_EQ(genesis["extraData"], "0x70656c");
  EXPECT_EQ(genesis["transactions"], json::array());
  EXPECT_EQ(genesis["parentHash"], Hash{}.hex());
  json empty = result("eth_getBlockByNumber", {"0x2", true});
  EXPECT_EQ(empty["transactions"], json::array());
  EXPECT_EQ(empty["gasUsed"], "0x0");
  EXPECT_EQ(empty["totalDifficulty"], "0x5");

  EXPECT_EQ(result("eth_getBlockByNumber", {"0x4", false}), nullptr);
  Hash unknown;
  unknown.bytes[3] = 3;
  EXPECT_EQ(result("eth_getBlockByHash", {unknown.hex(), false}), nullptr);
  EXPECT_EQ(call("eth_getBlockByNumber", {"0x1", "yes"})["error"]["message"],
            "invalid argument 1 (fullTransactions): expected a boolean, got string");
  EXPECT_EQ(call("eth_getBlockByNumber", json::array())["error"]["message"],
            "missing value for required argument 0 (block)");
}

TEST_F(EthBlockMethods, TransactionCounts) {
  EXPECT_EQ(result("eth_getBlockTransactionCountByNumber", {"0x1"}), "0x3");
  EXPECT_EQ(result("eth_getBlockTransactionCountByNumber", {"0x2"}), "0x0");
  EXPECT_EQ(result("eth_getBlockTransactionCountByNumber", {"latest"}), "0x1");
  EXPECT_EQ(result("eth_getBlockTransactionCountByNumber", {"0x5"}), nullptr);
  EXPECT_EQ(result("eth_getBlockTransactionCountByHash", {s().block(1).hash.hex()}), "0x3");
  Hash unknown;
  unknown.bytes[4] = 4;
  EXPECT_EQ(result("eth_getBlockTransactionCountByHash", {unknown.hex()}), nullptr);
}

TEST_F(EthBlockMethods, BlockReceipts) {
  json receipts = result("eth_getBlockReceipts", {"0x1"});
  ASSERT_EQ(receipts.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    const std::string hash = txn_hash(s().txn(1, i)).hex();
    EXPECT_EQ(receipts[i], result("eth_getTransactionReceipt", {hash})) << i;
  }
  EXPECT_EQ(result("eth_getBlockReceipts", {s().block(1).hash.hex()}), receipts);
  EXPECT_EQ(result("eth_getBlockReceipts", {{{"blockHash", s().block(1).hash.hex()}}}), receipts);
  EXPECT_EQ(result("eth_getBlockReceipts", {"0x2"}), json::array());
  EXPECT_EQ(result("eth_getBlockReceipts", {"latest"}).size(), 1u);
  EXPECT_EQ(result("eth_getBlockReceipts", {"0x9"}), nullptr);
}

TEST(EthTotalDifficulty, LongChainsCrossCheckpoints) {
  TestChain chain;
  constexpr uint64_t kBlocks = EthReader::kTdCheckpoint + 50;
  for (uint64_t i = 0; i < kBlocks; ++i) chain.commit({});
  Dispatcher dispatcher = make_dispatcher(*chain.store, chain.genesis.config, nullptr);
  // Out of order, so that both the walk back and the cached checkpoints are used.
  for (uint64_t number : {kBlocks, uint64_t{3}, EthReader::kTdCheckpoint + 1, kBlocks - 1,
                          EthReader::kTdCheckpoint, uint64_t{0}, uint64_t{100}}) {
    json block = call(dispatcher, "eth_getBlockByNumber", {encode_quantity(number), false});
    EXPECT_EQ(block["result"]["totalDifficulty"], encode_quantity(1 + 2 * number)) << number;
  }
}

}  // namespace
}  // namespace pel::rpc
