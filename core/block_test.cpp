#include "core/block.hpp"

#include <gtest/gtest.h>

#include "core/rlp.hpp"
#include "core/txn_test_support.hpp"

namespace pel {
namespace {

using test::address;
using test::hash;
using test::hex;
using test::text;

Bytes raw_block() {
  auto vectors = test::load_vectors("chain_samples.json");
  return hex(text(vectors["raw_block"]["raw"]));
}

Bytes list_of(const std::vector<Bytes>& items) {
  Bytes payload;
  for (const Bytes& item : items) payload.insert(payload.end(), item.begin(), item.end());
  return rlp::wrap_list(payload);
}

std::vector<Bytes> items_of(BytesView raw) {
  auto list = rlp::decode_list(raw);
  EXPECT_TRUE(list.ok());
  std::vector<Bytes> items;
  while (list.ok() && !list->empty()) {
    auto item = list->read_raw();
    items.emplace_back(item->begin(), item->end());
  }
  return items;
}

TEST(Block, DecodesACancunBlockAndReencodesItExactly) {
  Bytes raw = raw_block();
  auto block = decode_block(raw);
  ASSERT_TRUE(block.ok()) << block.error().message;
  EXPECT_EQ(block->header.number, 3u);
  EXPECT_EQ(block->header.gas_used, 0xcf50u);
  EXPECT_EQ(block->header.transactions_root,
            hash("0xb7123db22d2b11088a0c80e4e44e0740ce7965754b75e366b9d1f297e5ea8181"));
  EXPECT_TRUE(block->header.parent_beacon_block_root.has_value());
  ASSERT_EQ(block->body.transactions.size(), 1u);
  const Transaction& txn = block->body.transactions[0];
  EXPECT_EQ(txn.type, TxnType::kLegacy);
  EXPECT_EQ(txn.chain_id, std::optional<uint64_t>(1337));
  EXPECT_EQ(txn.nonce, 2u);
  EXPECT_FALSE(txn.to.has_value());  // a creation
  EXPECT_EQ(txn.gas_limit, 0xcf6cu);
  EXPECT_EQ(txn.data, hex("0x60806040"));
  EXPECT_TRUE(block->body.ommers.empty());
  ASSERT_TRUE(block->body.withdrawals.has_value());
  EXPECT_TRUE(block->body.withdrawals->empty());
  EXPECT_EQ(encode_block(*block), raw);
}

TEST(Block, BodyRoundTripsWithoutTheHeader) {
  auto block = decode_block(raw_block());
  ASSERT_TRUE(block.ok());
  Bytes body = encode_block_body(block->body);
  auto items = items_of(raw_block());
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(body, list_of({items[1], items[2], items[3]}));
  auto decoded = decode_block_body(body);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(*decoded, block->body);
}

TEST(Block, AllTransactionTypesOmmersAndWithdrawals) {
  auto base = decode_block(raw_block());
  ASSERT_TRUE(base.ok());
  Block block = *base;
  Transaction dynamic = block.body.transactions[0];
  dynamic.type = TxnType::kDynamicFee;
  dynamic.max_priority_fee_per_gas = U256(1);
  dynamic.access_list = {{address("0x00000000000000000000000000000000000000aa"), {Hash{}}}};
  Transaction access_list = dynamic;
  access_list.type = TxnType::kAccessList;
  access_list.max_priority_fee_per_gas = access_list.max_fee_per_gas;
  block.body.transactions.push_back(dynamic);
  block.body.transactions.push_back(access_list);
  block.body.withdrawals = {{0, 5, address("0x3ae75c08b4c907eb63a8960c45b86e1e9ab6123c"), 0x64},
                            {1, 6, Address{}, 0xffffffffffffffffULL}};
  Bytes raw = encode_block(block);
  auto decoded = decode_block(raw);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(*decoded, block);

  // A pre-Shanghai block with an ommer: no withdrawals item at all.
  Block old = block;
  old.header.withdrawals_root.reset();
  old.header.blob_gas_used.reset();
  old.header.excess_blob_gas.reset();
  old.header.parent_beacon_block_root.reset();
  old.body.withdrawals.reset();
  old.body.ommers.push_back(old.header);
  Bytes old_raw = encode_block(old);
  EXPECT_EQ(items_of(old_raw).size(), 3u);
  auto old_decoded = decode_block(old_raw);
  ASSERT_TRUE(old_decoded.ok()) << old_decoded.error().message;
  EXPECT_EQ(*old_decoded, old);
}

TEST(Block, WithdrawalEncodingMatchesEip4895) {
  // rlp([index, validator_index, address, amount]) with minimal integers.
  Withdrawal withdrawal{0, 5, address("0x3ae75c08b4c907eb63a8960c45b86e1e9ab6123c"), 0x64};
  EXPECT_EQ(to_hex(encode_withdrawal(withdrawal)),
            "0xd8800594"
            "3ae75c08b4c907eb63a8960c45b86e1e9ab6123c"
            "64");
}

TEST(Block, RejectsMalformedBlocks) {
  auto rejected = [](const Bytes& raw) { return !decode_block(raw).ok(); };
  auto items = items_of(raw_block());
  ASSERT_EQ(items.size(), 4u);
  ASSERT_FALSE(rejected(list_of(items)));

  EXPECT_TRUE(rejected({}));
  EXPECT_TRUE(rejected(hex("0xc0")));
  // Withdrawals missing while the header has a withdrawals root, and the reverse.
  EXPECT_TRUE(rejected(list_of({items[0], items[1], items[2]})));
  auto header = decode_block_header(items[0]);
  ASSERT_TRUE(header.ok());
  BlockHeader pre_shanghai = *header;
  pre_shanghai.withdrawals_root.reset();
  pre_shanghai.blob_gas_used.reset();
  pre_shanghai.excess_blob_gas.reset();
  pre_shanghai.parent_beacon_block_root.reset();
  EXPECT_TRUE(rejected(list_of({encode_block_header(pre_shanghai), items[1], items[2], items[3]})));
  EXPECT_FALSE(rejected(list_of({encode_block_header(pre_shanghai), items[1], items[2]})));
  // A fifth item.
  EXPECT_TRUE(rejected(list_of({items[0], items[1], items[2], items[3], hex("0xc0")})));
  // Transactions as a string; a broken transaction; an ommer that is not a header.
  EXPECT_TRUE(rejected(list_of({items[0], Bytes{0x80}, items[2], items[3]})));
  EXPECT_TRUE(rejected(list_of({items[0], list_of({hex("0xc3010203")}), items[2], items[3]})));
  EXPECT_TRUE(rejected(list_of({items[0], items[1], list_of({hex("0xc0")}), items[3]})));
  // A typed transaction of an unsupported type inside the body.
  Bytes blob_item;
  rlp::encode_bytes(blob_item, hex("0x03c0"));
  EXPECT_TRUE(rejected(list_of({items[0], list_of({blob_item}), items[2], items[3]})));
  // Withdrawals with three fields, with five.
  Bytes three = hex("0xc3800580");
  EXPECT_TRUE(rejected(list_of({items[0], items[1], items[2], list_of({three})})));
  Bytes five = list_of(
      {Bytes{0x80}, Bytes{0x05}, hex("0x94" + std::string(40, '1')), Bytes{0x64}, Bytes{0x80}});
  EXPECT_TRUE(rejected(list_of({items[0], items[1], items[2], list_of({five})})));
  Bytes trailing = raw_block();
  trailing.push_back(0xc0);
  EXPECT_TRUE(rejected(trailing));
}

}  // namespace
}  // namespace pel
