#include "state/schema.hpp"

#include <gtest/gtest.h>

#include "state/change_set.hpp"

namespace pel {
namespace {

TEST(Schema, AccountRecordRoundTripAndLayout) {
  Account account{0x0102030405060708ULL, U256(0xabcdef), Hash{}, kEmptyTrieRoot};
  account.code_hash.bytes[31] = 0x77;
  const Bytes record = schema::encode_account(account);
  ASSERT_EQ(record.size(), schema::kAccountRecordSize);
  EXPECT_EQ(to_hex(BytesView(record).first(8)), "0x0102030405060708");  // nonce, big-endian
  EXPECT_EQ(record[39], 0xef);                                          // balance ends at 40
  EXPECT_EQ(record[71], 0x77);                                          // code hash ends at 72
  EXPECT_EQ(Hash::from_view(BytesView(record).subspan(72)), kEmptyTrieRoot);
  EXPECT_EQ(schema::decode_account(record).value(), account);
  EXPECT_FALSE(schema::decode_account(BytesView(record).first(103)).ok());
}

TEST(Schema, KeysSortByNumberAndByAccount) {
  EXPECT_LT(schema::number_key(255), schema::number_key(256));
  EXPECT_EQ(schema::decode_number(schema::number_key(0x1122334455667788ULL)).value(),
            0x1122334455667788ULL);
  Address a;
  a.bytes[19] = 1;
  Hash slot;
  slot.bytes[0] = 0xff;
  const auto key = schema::storage_key(a, slot);
  EXPECT_EQ(key[19], 1);
  EXPECT_EQ(key[20], 0xff);
  EXPECT_TRUE(schema::encode_slot_value(U256()).empty());
  EXPECT_EQ(schema::encode_slot_value(U256(0x1234)), (Bytes{0x12, 0x34}));
  EXPECT_EQ(schema::decode_slot_value(Bytes{0x12, 0x34}).value(), U256(0x1234));
}

TEST(Schema, HeadTxnLocationAndReceipts) {
  Hash hash;
  hash.bytes[3] = 9;
  auto head = schema::decode_head(schema::encode_head({42, hash})).value();
  EXPECT_EQ(head.number, 42u);
  EXPECT_EQ(head.hash, hash);
  EXPECT_FALSE(schema::decode_head(Bytes(39)).ok());
  const schema::TxnLocation location{7, 0x01020304};
  EXPECT_EQ(schema::decode_txn_location(schema::encode_txn_location(location)).value(), location);

  std::vector<Receipt> receipts(2);
  receipts[0].success = true;
  receipts[0].cumulative_gas_used = 21000;
  receipts[1].type = TxnType::kDynamicFee;
  receipts[1].cumulative_gas_used = 50000;
  receipts[1].logs.push_back({Address{}, {Hash{}}, {1, 2, 3}});
  EXPECT_EQ(schema::decode_receipts(schema::encode_receipts(receipts)).value(), receipts);
  EXPECT_TRUE(schema::decode_receipts(schema::encode_receipts({})).value().empty());
  EXPECT_FALSE(schema::decode_receipts(Bytes{0xc1}).ok());
}

TEST(ChangeSet, RoundTrip) {
  ChangeSet change_set;
  Address a, b;
  a.bytes[0] = 1;
  b.bytes[0] = 2;
  change_set.accounts.push_back({a, Account{3, U256(4), kEmptyCodeHash, kEmptyTrieRoot}});
  change_set.accounts.push_back({b, std::nullopt});
  Hash slot;
  slot.bytes[31] = 5;
  change_set.slots.push_back({a, slot, U256(0)});
  change_set.slots.push_back({b, slot, U256::max()});
  EXPECT_EQ(decode_change_set(encode_change_set(change_set)).value(), change_set);
  EXPECT_EQ(decode_change_set(encode_change_set({})).value(), ChangeSet{});
  Bytes truncated = encode_change_set(change_set);
  truncated.pop_back();
  EXPECT_FALSE(decode_change_set(truncated).ok());
}

}  // namespace
}  // namespace pel
