#include "core/receipt.hpp"

#include <gtest/gtest.h>

#include "core/bloom.hpp"
#include "core/rlp.hpp"
#include "core/txn_test_support.hpp"

namespace pel {
namespace {

using test::address;
using test::hash;
using test::hex;
using test::text;

Receipt sample_receipt(TxnType type) {
  Receipt receipt;
  receipt.type = type;
  receipt.success = true;
  receipt.cumulative_gas_used = 0x1234567;
  receipt.logs_bloom.bytes[0] = 0x80;
  receipt.logs_bloom.bytes[255] = 0x01;
  receipt.logs = {
      {address("0x7dcd17433742f4c0ca53122ab541d0ba67fc27df"),
       {hash("0x00000000000000000000000000000000000000000000000000000000656d6974"),
        hash("0x13bd2394f758553be374ffa4a9455cdf5e6ef3d905acd02746df2d12361e1ace")},
       hex("0x0000000000000000000000000000000000000000000000000000000000000012")},
      {address("0x0000000000000000000000000000000000000001"), {}, {}},
  };
  return receipt;
}

TEST(Receipt, DecodesAPreByzantiumReceiptWithTenLogs) {
  auto vectors = test::load_vectors("chain_samples.json");
  Bytes raw = hex(text(vectors["receipt_with_logs"]["raw"]));
  auto receipt = decode_receipt(raw);
  ASSERT_TRUE(receipt.ok()) << receipt.error().message;
  EXPECT_EQ(receipt->type, TxnType::kLegacy);
  EXPECT_EQ(receipt->post_state,
            hash("0xd8d47639c4145e1a431418c21066a775bc51f2baab85c7ea3119de9e40e27058"));
  EXPECT_EQ(receipt->cumulative_gas_used, 0x2a903u);
  ASSERT_EQ(receipt->logs.size(), 10u);
  for (size_t i = 0; i < receipt->logs.size(); ++i) {
    const Log& log = receipt->logs[i];
    EXPECT_EQ(log.address, address("0xa788ca96a910bac854f95b794776c1ad847dcdd5"));
    EXPECT_EQ(log.topics.size(), 1u);
    ASSERT_EQ(log.data.size(), 32u);
    EXPECT_EQ(log.data[31], i + 1);  // the logs count 1..10
  }
  EXPECT_EQ(receipt->logs[0].topics[0],
            hash("0x101e368776582e57ab3d116ffe2517c0a585cd5b23174b01e275c2d8329c3d83"));
  EXPECT_EQ(encode_receipt(*receipt), raw);
}

TEST(Receipt, DecodesAStatusReceipt) {
  auto vectors = test::load_vectors("chain_samples.json");
  Bytes raw = hex(text(vectors["raw_block"]["receipt"]));
  auto receipt = decode_receipt(raw);
  ASSERT_TRUE(receipt.ok()) << receipt.error().message;
  EXPECT_EQ(receipt->type, TxnType::kLegacy);
  EXPECT_TRUE(receipt->success);
  EXPECT_FALSE(receipt->post_state.has_value());
  EXPECT_EQ(receipt->cumulative_gas_used, 0xcf50u);
  EXPECT_EQ(receipt->logs_bloom, Bloom{});
  EXPECT_TRUE(receipt->logs.empty());
  EXPECT_EQ(encode_receipt(*receipt), raw);
}

TEST(Receipt, TypedReceiptsCarryTheirTypeByte) {
  for (TxnType type : {TxnType::kLegacy, TxnType::kAccessList, TxnType::kDynamicFee}) {
    for (bool success : {false, true}) {
      Receipt receipt = sample_receipt(type);
      receipt.success = success;
      Bytes raw = encode_receipt(receipt);
      if (type == TxnType::kLegacy) {
        EXPECT_GE(raw[0], 0xc0);
      } else {
        EXPECT_EQ(raw[0], static_cast<uint8_t>(type));
        EXPECT_GE(raw[1], 0xc0);
      }
      auto decoded = decode_receipt(raw);
      ASSERT_TRUE(decoded.ok()) << decoded.error().message;
      EXPECT_EQ(*decoded, receipt);
    }
  }
}

TEST(Receipt, StatusEncoding) {
  Receipt receipt = sample_receipt(TxnType::kLegacy);
  receipt.logs.clear();
  receipt.success = false;
  Bytes failed = encode_receipt(receipt);
  EXPECT_EQ(failed[3], 0x80);  // f9 01 xx, then status 0 as the empty string
  receipt.success = true;
  Bytes succeeded = encode_receipt(receipt);
  EXPECT_EQ(succeeded[3], 0x01);
}

Bytes list_of(const std::vector<Bytes>& items) {
  Bytes payload;
  for (const Bytes& item : items) payload.insert(payload.end(), item.begin(), item.end());
  return rlp::wrap_list(payload);
}

std::vector<Bytes> receipt_items(const Receipt& receipt) {
  Bytes raw = encode_receipt(receipt);
  BytesView list_bytes(raw);
  if (receipt.type != TxnType::kLegacy) list_bytes = list_bytes.subspan(1);
  auto list = rlp::decode_list(list_bytes);
  EXPECT_TRUE(list.ok());
  std::vector<Bytes> items;
  while (list.ok() && !list->empty()) {
    auto item = list->read_raw();
    items.emplace_back(item->begin(), item->end());
  }
  return items;
}

TEST(Receipt, RejectsMalformedReceipts) {
  auto rejected = [](const Bytes& raw) { return !decode_receipt(raw).ok(); };
  const auto items = receipt_items(sample_receipt(TxnType::kLegacy));
  ASSERT_EQ(items.size(), 4u);
  ASSERT_FALSE(rejected(list_of(items)));

  EXPECT_TRUE(rejected({}));
  auto five = items;
  five.push_back(Bytes{0x80});
  EXPECT_TRUE(rejected(list_of(five)));
  auto three = items;
  three.pop_back();
  EXPECT_TRUE(rejected(list_of(three)));
  for (Bytes status : {Bytes{0x02}, Bytes{0x00}, Bytes{0x81, 0x01}, hex("0x820001"), Bytes{0xc0}}) {
    auto bad = items;
    bad[0] = status;
    EXPECT_TRUE(rejected(list_of(bad))) << to_hex(status);
  }
  auto short_bloom = items;
  short_bloom[2] = hex("0xb8ff" + std::string(255 * 2, '0'));
  EXPECT_TRUE(rejected(list_of(short_bloom)));

  // A log of the wrong shape: four items, a 31-byte topic, a 19-byte address.
  const Bytes address_item = hex("0x940000000000000000000000000000000000000001");
  Bytes topic31 = hex("0x9f" + std::string(62, '1'));
  for (const Bytes& log : {list_of({address_item, list_of({}), Bytes{0x80}, Bytes{0x80}}),
                           list_of({address_item, list_of({topic31}), Bytes{0x80}}),
                           list_of({hex("0x93" + std::string(38, '1')), list_of({}), Bytes{0x80}}),
                           list_of({address_item, list_of({})}), Bytes{0x80}}) {
    auto bad = items;
    bad[3] = list_of({log});
    EXPECT_TRUE(rejected(list_of(bad))) << to_hex(log);
  }

  // A typed receipt cannot carry a state root; types 3 and up are not supported.
  auto with_root = items;
  with_root[0] = hex("0xa0" + std::string(64, '1'));
  Bytes legacy_with_root = list_of(with_root);
  EXPECT_FALSE(rejected(legacy_with_root));
  Bytes typed_with_root{0x02};
  typed_with_root.insert(typed_with_root.end(), legacy_with_root.begin(), legacy_with_root.end());
  EXPECT_TRUE(rejected(typed_with_root));
  for (uint8_t type : {0x00, 0x03, 0x04, 0x7f}) {
    Bytes typed{type};
    Bytes body = list_of(items);
    typed.insert(typed.end(), body.begin(), body.end());
    EXPECT_TRUE(rejected(typed)) << int{type};
  }

  Bytes trailing = list_of(items);
  trailing.push_back(0x80);
  EXPECT_TRUE(rejected(trailing));
}

TEST(Bloom, SetsTheBitsTheHashSelects) {
  // First three 16-bit words 0x0001, 0x07ff and 0xf800: bits 1, 2047 and 0 (11 low bits).
  Hash item = hash("0x000107fff8000000000000000000000000000000000000000000000000000000");
  Bloom bloom;
  bloom_add(bloom, item);
  Bloom expected;
  expected.bytes[255] = 0x03;  // bits 0 and 1: the least significant byte
  expected.bytes[0] = 0x80;    // bit 2047: the top bit of the first byte
  EXPECT_EQ(bloom, expected);
  EXPECT_TRUE(bloom_contains(bloom, item));
  Hash other = hash("0x0002000000000000000000000000000000000000000000000000000000000000");
  EXPECT_FALSE(bloom_contains(bloom, other));  // needs bits 2 and 0: bit 2 is unset
  Bloom merged;
  bloom_add(merged, other);
  bloom_merge(merged, bloom);
  EXPECT_TRUE(bloom_contains(merged, item));
  EXPECT_TRUE(bloom_contains(merged, other));
  EXPECT_EQ(merged.bytes[255], 0x07);
}

}  // namespace
}  // namespace pel
