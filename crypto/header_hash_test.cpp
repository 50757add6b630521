#include "crypto/header_hash.hpp"

#include <gtest/gtest.h>

#include "core/receipt.hpp"
#include "core/rlp.hpp"
#include "core/txn_test_support.hpp"
#include "crypto/keccak.hpp"

namespace pel {
namespace {

using test::hash;
using test::hex;
using test::text;
using test::u256_hex;

uint64_t u64(const nlohmann::json& quantity) {
  return u256_hex(text(quantity)).low64();
}

// A header from the fields of an eth_getBlockByNumber response.
BlockHeader header_from_rpc(const nlohmann::json& rpc) {
  BlockHeader header;
  header.parent_hash = hash(text(rpc["parentHash"]));
  header.ommers_hash = hash(text(rpc["sha3Uncles"]));
  header.beneficiary = test::address(text(rpc["miner"]));
  header.state_root = hash(text(rpc["stateRoot"]));
  header.transactions_root = hash(text(rpc["transactionsRoot"]));
  header.receipts_root = hash(text(rpc["receiptsRoot"]));
  header.logs_bloom = test::fixed<256>(text(rpc["logsBloom"]));
  header.difficulty = u256_hex(text(rpc["difficulty"]));
  header.number = u64(rpc["number"]);
  header.gas_limit = u64(rpc["gasLimit"]);
  header.gas_used = u64(rpc["gasUsed"]);
  header.timestamp = u64(rpc["timestamp"]);
  header.extra_data = hex(text(rpc["extraData"]));
  header.mix_hash = hash(text(rpc["mixHash"]));
  header.nonce = test::fixed<8>(text(rpc["nonce"]));
  if (rpc.contains("baseFeePerGas")) header.base_fee_per_gas = u256_hex(text(rpc["baseFeePerGas"]));
  if (rpc.contains("withdrawalsRoot")) header.withdrawals_root = hash(text(rpc["withdrawalsRoot"]));
  if (rpc.contains("blobGasUsed")) header.blob_gas_used = u64(rpc["blobGasUsed"]);
  if (rpc.contains("excessBlobGas")) header.excess_blob_gas = u64(rpc["excessBlobGas"]);
  if (rpc.contains("parentBeaconBlockRoot")) {
    header.parent_beacon_block_root = hash(text(rpc["parentBeaconBlockRoot"]));
  }
  if (rpc.contains("requestsHash")) header.requests_hash = hash(text(rpc["requestsHash"]));
  return header;
}

TEST(HeaderHash, PublicHeadersOfEveryLayout) {
  auto vectors = test::load_vectors("chain_samples.json");
  ASSERT_EQ(vectors["headers"].size(), 6u);
  for (const auto& sample : vectors["headers"]) {
    SCOPED_TRACE(text(sample["name"]));
    BlockHeader header = header_from_rpc(sample["header"]);
    EXPECT_EQ(header_hash(header), hash(text(sample["header"]["hash"])));
    auto decoded = decode_block_header(encode_block_header(header));
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(*decoded, header);
  }
}

TEST(HeaderHash, MainnetBlockOne) {
  // Spelled out once, field by field, as a block explorer shows them.
  BlockHeader header;
  header.parent_hash = hash("0xd4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3");
  header.ommers_hash = kEmptyOmmersHash;
  header.beneficiary = test::address("0x05a56e2d52c817161883f50c441c3228cfe54d9f");
  header.state_root = hash("0xd67e4d450343046425ae4271474353857ab860dbc0a1dde64b41b5cd3a532bf3");
  header.transactions_root =
      hash("0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421");
  header.receipts_root = header.transactions_root;
  header.difficulty = U256(17171480576ULL);
  header.number = 1;
  header.gas_limit = 5000;
  header.gas_used = 0;
  header.timestamp = 1438269988;
  BytesView extra = as_view("Geth/v1.0.0/linux/go1.4.2");
  header.extra_data.assign(extra.begin(), extra.end());
  header.mix_hash = hash("0x969b900de27b6ac6a67742365dd65f55a0526c41fd18e1b16f1a1215c2e66f59");
  header.nonce = test::fixed<8>("0x539bd4979fef1ec4");
  EXPECT_EQ(header_hash(header),
            hash("0x88e96d4537bea4d9c05d12549907b32561d3bf31f45aae734cdc119f13406cb6"));
  EXPECT_EQ(keccak256(rlp::wrap_list({})), kEmptyOmmersHash);
}

// The root of a Merkle Patricia Trie holding one entry under key rlp(0): one leaf node,
// rlp([hex-prefix path 0x20 0x80, value]). Enough to check a one-transaction block's
// roots without the trie module.
Hash single_entry_trie_root(BytesView value) {
  Bytes node;
  rlp::encode_bytes(node, hex("0x2080"));
  rlp::encode_bytes(node, value);
  return keccak256(rlp::wrap_list(node));
}

TEST(BlockRoots, OneTransactionBlockMatchesItsHeader) {
  auto vectors = test::load_vectors("chain_samples.json");
  const auto& sample = vectors["raw_block"];
  auto block = decode_block(hex(text(sample["raw"])));
  ASSERT_TRUE(block.ok()) << block.error().message;
  ASSERT_EQ(block->body.transactions.size(), 1u);
  EXPECT_EQ(single_entry_trie_root(encode_transaction(block->body.transactions[0])),
            block->header.transactions_root);
  EXPECT_EQ(block->header.transactions_root, hash(text(sample["transactions_root"])));

  auto receipt = decode_receipt(hex(text(sample["receipt"])));
  ASSERT_TRUE(receipt.ok()) << receipt.error().message;
  EXPECT_EQ(receipt->cumulative_gas_used, block->header.gas_used);
  EXPECT_EQ(single_entry_trie_root(encode_receipt(*receipt)), block->header.receipts_root);
  EXPECT_EQ(block->header.receipts_root, hash(text(sample["receipts_root"])));
}

TEST(BlockRoots, ShanghaiWithdrawalsRoot) {
  // The Shanghai sample's single withdrawal and its header's withdrawalsRoot.
  Withdrawal withdrawal{0, 5, test::address("0x3ae75c08b4c907eb63a8960c45b86e1e9ab6123c"), 0x64};
  EXPECT_EQ(single_entry_trie_root(encode_withdrawal(withdrawal)),
            hash("0x0cbd4206b2131f21f541589e2bb2ad8cfceb1875f04acde910ea91933245f92b"));
}

}  // namespace
}  // namespace pel
