#include "core/transaction.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/rlp.hpp"
#include "core/txn_test_support.hpp"

namespace pel {
namespace {

using test::address;
using test::hash;
using test::hex;
using test::u256_dec;
using test::u256_hex;

// ---- The example of EIP-155's text ----

constexpr const char* kEip155SigningData =
    "0xec098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008001808"
    "0";
constexpr const char* kEip155SignedTxn =
    "0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a0"
    "28ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb70330"
    "4b3800ccf555c9f3dc64214b297fb1966a3b6d83";
constexpr const char* kEip155R =
    "18515461264373351373200002665853028612451056578545711640558177340181847433846";
constexpr const char* kEip155S =
    "46948507304638947509940763649030358759909902576025900602547168820602576006531";

Transaction eip155_example_unsigned() {
  Transaction txn;
  txn.type = TxnType::kLegacy;
  txn.chain_id = 1;
  txn.nonce = 9;
  txn.max_fee_per_gas = txn.max_priority_fee_per_gas = U256(20'000'000'000ULL);
  txn.gas_limit = 21000;
  txn.to = address("0x3535353535353535353535353535353535353535");
  txn.value = U256(1'000'000'000'000'000'000ULL);
  return txn;
}

TEST(Eip155Example, SigningPayloadMatchesPublishedSigningData) {
  EXPECT_EQ(to_hex(signing_payload(eip155_example_unsigned())), kEip155SigningData);
}

TEST(Eip155Example, EncodingWithPublishedSignatureMatchesSignedTxn) {
  Transaction txn = eip155_example_unsigned();
  txn.y_parity = 0;
  txn.r = u256_dec(kEip155R);
  txn.s = u256_dec(kEip155S);
  EXPECT_EQ(legacy_v(txn), U256(37));
  EXPECT_EQ(to_hex(encode_transaction(txn)), kEip155SignedTxn);
}

TEST(Eip155Example, DecodesEveryPublishedField) {
  auto txn = decode_transaction(hex(kEip155SignedTxn));
  ASSERT_TRUE(txn.ok()) << txn.error().message;
  EXPECT_EQ(txn->type, TxnType::kLegacy);
  EXPECT_EQ(txn->nonce, 9u);
  EXPECT_EQ(txn->max_fee_per_gas, U256(20'000'000'000ULL));
  EXPECT_EQ(txn->max_priority_fee_per_gas, U256(20'000'000'000ULL));
  EXPECT_EQ(txn->gas_limit, 21000u);
  EXPECT_EQ(txn->to, address("0x3535353535353535353535353535353535353535"));
  EXPECT_EQ(txn->value, U256(1'000'000'000'000'000'000ULL));
  EXPECT_TRUE(txn->data.empty());
  EXPECT_EQ(txn->chain_id, std::optional<uint64_t>(1));
  EXPECT_EQ(txn->y_parity, 0);
  EXPECT_EQ(legacy_v(*txn), U256(37));
  EXPECT_EQ(txn->r, u256_dec(kEip155R));
  EXPECT_EQ(txn->s, u256_dec(kEip155S));
  // The decimal r and s of the EIP are the 32-byte values inside the signed encoding.
  EXPECT_EQ(txn->r, u256_hex("0x28ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276"));
  EXPECT_EQ(txn->s, u256_hex("0x67cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83"));
  EXPECT_EQ(to_hex(encode_transaction(*txn)), kEip155SignedTxn);
  EXPECT_EQ(to_hex(signing_payload(*txn)), kEip155SigningData);
}

// ---- Round trips of every type ----

Transaction sample(TxnType type) {
  Transaction txn;
  txn.type = type;
  txn.chain_id = 11155111;
  txn.nonce = 0xffffffffffffffffULL;
  txn.max_priority_fee_per_gas = U256(2);
  txn.max_fee_per_gas = type == TxnType::kDynamicFee ? U256::max() : U256(2);
  txn.gas_limit = 30'000'000;
  txn.to = address("0x00000000000000000000000000000000000000ff");
  txn.value = U256(0, 0, 0, 1);
  txn.data = hex("0x00010203");
  if (type != TxnType::kLegacy) {
    txn.access_list = {
        {address("0xde0b295669a9fd93d5f28d9ec85e40f4cb697bae"),
         {hash("0x0000000000000000000000000000000000000000000000000000000000000003")}},
        {address("0xbb9bc244d798123fde783fcc1c72d3bb8c189413"), {}},
    };
  }
  txn.y_parity = 1;
  txn.r = U256(1, 2, 3, 4);
  txn.s = U256(5);
  return txn;
}

class RoundTrip : public ::testing::TestWithParam<TxnType> {};

TEST_P(RoundTrip, DecodeOfEncodeIsIdentity) {
  Transaction txn = sample(GetParam());
  Bytes raw = encode_transaction(txn);
  auto decoded = decode_transaction(raw);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(*decoded, txn);
  EXPECT_EQ(encode_transaction(*decoded), raw);
}

TEST_P(RoundTrip, CreationHasNoTo) {
  Transaction txn = sample(GetParam());
  txn.to.reset();
  auto decoded = decode_transaction(encode_transaction(txn));
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_FALSE(decoded->to.has_value());
  EXPECT_EQ(*decoded, txn);
}

TEST_P(RoundTrip, BlockBodyForm) {
  Transaction txn = sample(GetParam());
  Bytes items;
  encode_transaction_in_block(items, txn);
  encode_transaction_in_block(items, txn);
  Bytes wire = encode_transaction(txn);
  if (GetParam() == TxnType::kLegacy) {
    EXPECT_EQ(Bytes(items.begin(), items.begin() + wire.size()), wire);  // a list, as on the wire
  } else {
    Bytes wrapped;
    rlp::encode_bytes(wrapped, wire);  // a string holding type || payload
    EXPECT_EQ(Bytes(items.begin(), items.begin() + wrapped.size()), wrapped);
  }
  rlp::Decoder list(items);
  for (int i = 0; i < 2; ++i) {
    auto decoded = decode_transaction_in_block(list);
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(*decoded, txn);
  }
  EXPECT_TRUE(list.empty());
}

INSTANTIATE_TEST_SUITE_P(AllTypes, RoundTrip,
                         ::testing::Values(TxnType::kLegacy, TxnType::kAccessList,
                                           TxnType::kDynamicFee));

TEST(LegacyV, PreEip155HasNoChainId) {
  Transaction txn = sample(TxnType::kLegacy);
  txn.chain_id.reset();
  EXPECT_EQ(legacy_v(txn), U256(28));
  auto decoded = decode_transaction(encode_transaction(txn));
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_FALSE(decoded->chain_id.has_value());
  EXPECT_EQ(decoded->y_parity, 1);
  // Signing covers the six fields only.
  Bytes six;
  rlp::encode_uint(six, txn.nonce);
  rlp::encode_uint(six, txn.max_fee_per_gas);
  rlp::encode_uint(six, txn.gas_limit);
  rlp::encode_fixed(six, *txn.to);
  rlp::encode_uint(six, txn.value);
  rlp::encode_bytes(six, txn.data);
  EXPECT_EQ(signing_payload(txn), rlp::wrap_list(six));
}

TEST(LegacyV, LargestChainIdSurvivesTheRoundTrip) {
  Transaction txn = sample(TxnType::kLegacy);
  txn.chain_id = 0xffffffffffffffffULL;
  txn.y_parity = 1;
  // 2 * (2^64 - 1) + 36 = 2^65 + 34
  EXPECT_EQ(legacy_v(txn), U256(34, 2, 0, 0));
  auto decoded = decode_transaction(encode_transaction(txn));
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(decoded->chain_id, txn.chain_id);
  EXPECT_EQ(decoded->y_parity, 1);
}

TEST(LegacyV, SepoliaChainId) {
  Transaction txn = sample(TxnType::kLegacy);
  txn.y_parity = 0;
  EXPECT_EQ(legacy_v(txn), U256(22310257));
}

// ---- Rejections ----

// The EIP-155 example as its nine encoded items, to be broken one way at a time.
std::vector<Bytes> eip155_items() {
  std::vector<Bytes> items(9);
  rlp::encode_uint(items[0], uint64_t{9});
  rlp::encode_uint(items[1], uint64_t{20'000'000'000ULL});
  rlp::encode_uint(items[2], uint64_t{21000});
  rlp::encode_bytes(items[3], hex("0x3535353535353535353535353535353535353535"));
  rlp::encode_uint(items[4], uint64_t{1'000'000'000'000'000'000ULL});
  rlp::encode_bytes(items[5], {});
  rlp::encode_uint(items[6], uint64_t{37});
  rlp::encode_uint(items[7], u256_dec(kEip155R));
  rlp::encode_uint(items[8], u256_dec(kEip155S));
  return items;
}

Bytes list_of(const std::vector<Bytes>& items) {
  Bytes payload;
  for (const Bytes& item : items) payload.insert(payload.end(), item.begin(), item.end());
  return rlp::wrap_list(payload);
}

Bytes typed(uint8_t type, const std::vector<Bytes>& items) {
  Bytes out{type};
  Bytes list = list_of(items);
  out.insert(out.end(), list.begin(), list.end());
  return out;
}

// A valid EIP-1559 transaction's twelve encoded items.
std::vector<Bytes> dynamic_fee_items() {
  Bytes raw = encode_transaction(sample(TxnType::kDynamicFee));
  auto list = rlp::decode_list(BytesView(raw).subspan(1));
  EXPECT_TRUE(list.ok());
  std::vector<Bytes> items;
  while (!list->empty()) {
    auto item = list->read_raw();
    EXPECT_TRUE(item.ok());
    items.emplace_back(item->begin(), item->end());
  }
  EXPECT_EQ(items.size(), 12u);
  return items;
}

void expect_rejected(BytesView raw, const std::string& why) {
  auto txn = decode_transaction(raw);
  EXPECT_FALSE(txn.ok()) << why << ": decoded " << to_hex(raw);
  if (!txn.ok()) {
    EXPECT_FALSE(txn.error().message.empty()) << why;
  }
}

TEST(Reject, TheUnbrokenItemsDecode) {
  EXPECT_TRUE(decode_transaction(list_of(eip155_items())).ok());
  EXPECT_TRUE(decode_transaction(typed(2, dynamic_fee_items())).ok());
}

TEST(Reject, EmptyInput) {
  auto txn = decode_transaction({});
  ASSERT_FALSE(txn.ok());
  EXPECT_NE(txn.error().message.find("empty"), std::string::npos) << txn.error().message;
}

TEST(Reject, TruncatedAtEveryLength) {
  Bytes raw = hex(kEip155SignedTxn);
  for (size_t size = 1; size < raw.size(); ++size) {
    expect_rejected(BytesView(raw).first(size), "truncated to " + std::to_string(size));
  }
  Bytes typed_raw = encode_transaction(sample(TxnType::kDynamicFee));
  for (size_t size = 1; size < typed_raw.size(); ++size) {
    expect_rejected(BytesView(typed_raw).first(size), "typed truncated to " + std::to_string(size));
  }
}

TEST(Reject, TrailingBytes) {
  Bytes raw = hex(kEip155SignedTxn);
  raw.push_back(0x00);
  expect_rejected(raw, "legacy + trailing byte");
  Bytes typed_raw = encode_transaction(sample(TxnType::kAccessList));
  typed_raw.push_back(0x80);
  expect_rejected(typed_raw, "typed + trailing byte");
}

TEST(Reject, ExtraAndMissingFields) {
  auto legacy = eip155_items();
  legacy.push_back(Bytes{0x80});
  expect_rejected(list_of(legacy), "legacy with ten fields");
  legacy.resize(8);
  expect_rejected(list_of(legacy), "legacy with eight fields");

  auto dynamic = dynamic_fee_items();
  dynamic.push_back(Bytes{0x80});
  expect_rejected(typed(2, dynamic), "EIP-1559 with thirteen fields");
  dynamic.resize(11);
  expect_rejected(typed(2, dynamic), "EIP-1559 with eleven fields");
  // EIP-1559's twelve items under EIP-2930's type: one too many.
  expect_rejected(typed(1, dynamic_fee_items()), "twelve fields under type 1");
}

TEST(Reject, NonCanonicalIntegers) {
  auto items = eip155_items();
  items[0] = {0x81, 0x09};  // a byte below 0x80 wrapped in a string header
  expect_rejected(list_of(items), "nonce 9 as 0x8109");
  items = eip155_items();
  items[1] =
      hex("0x86"
          "0004a817c800");  // leading zero
  expect_rejected(list_of(items), "gas price with a leading zero byte");
  items = eip155_items();
  items[0] = {0x00};  // zero must be the empty string
  expect_rejected(list_of(items), "nonce 0 as 0x00");
  items = eip155_items();
  items[8] =
      hex("0xa100"
          "67cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83");
  expect_rejected(list_of(items), "s with a leading zero byte");

  auto dynamic = dynamic_fee_items();
  dynamic[9] = {0x00};  // y_parity 0 as 0x00
  expect_rejected(typed(2, dynamic), "yParity 0 encoded as 0x00");
}

TEST(Reject, NonCanonicalListHeader) {
  // The EIP-155 example (108-byte payload) with its list length in a two-byte form.
  Bytes raw = hex(kEip155SignedTxn);
  Bytes padded{0xf9, 0x00, 0x6c};
  padded.insert(padded.end(), raw.begin() + 2, raw.end());
  expect_rejected(padded, "list length with a leading zero");
}

TEST(Reject, IntegersTooLarge) {
  auto items = eip155_items();
  items[0] = hex("0x89010000000000000000");  // nonce 2^64
  expect_rejected(list_of(items), "nonce above 64 bits");
  items = eip155_items();
  items[4] =
      hex("0xa1"
          "01" +
          std::string(64, '0'));  // value 2^256
  expect_rejected(list_of(items), "value above 256 bits");
  auto dynamic = dynamic_fee_items();
  dynamic[0] = hex("0x89010000000000000000");
  expect_rejected(typed(2, dynamic), "chain id above 64 bits");
}

TEST(Reject, InvalidLegacyV) {
  for (uint64_t v : {0, 1, 26, 29, 30, 34}) {
    auto items = eip155_items();
    items[6].clear();
    rlp::encode_uint(items[6], v);
    expect_rejected(list_of(items), "v = " + std::to_string(v));
  }
  auto items = eip155_items();
  items[6].clear();
  rlp::encode_uint(items[6], U256(35, 4, 0, 0));  // chain id 2^65: does not fit
  expect_rejected(list_of(items), "v with a chain id above 64 bits");
}

TEST(Reject, TypedYParityAboveOne) {
  auto dynamic = dynamic_fee_items();
  dynamic[9] = {0x02};
  expect_rejected(typed(2, dynamic), "yParity 2");
  dynamic[9] = {0x1b};
  expect_rejected(typed(2, dynamic), "yParity 27");
}

TEST(Reject, ToOfTheWrongShape) {
  auto items = eip155_items();
  items[3].clear();
  rlp::encode_bytes(items[3], hex("0x35353535353535353535353535353535353535"));
  expect_rejected(list_of(items), "19-byte to");
  items[3].clear();
  rlp::encode_bytes(items[3], hex("0x353535353535353535353535353535353535353535"));
  expect_rejected(list_of(items), "21-byte to");
  items[3] = {0xc0};
  expect_rejected(list_of(items), "to as a list");
  items = eip155_items();
  items[5] = {0xc0};
  expect_rejected(list_of(items), "data as a list");
}

TEST(Reject, AccessListOfTheWrongShape) {
  const Bytes address_item = hex("0x94de0b295669a9fd93d5f28d9ec85e40f4cb697bae");
  const Bytes key_item =
      hex("0xa00000000000000000000000000000000000000000000000000000000000000003");
  auto with_access_list = [&](const Bytes& access_list) {
    auto dynamic = dynamic_fee_items();
    dynamic[8] = access_list;
    return typed(2, dynamic);
  };
  ASSERT_TRUE(
      decode_transaction(with_access_list(list_of({list_of({address_item, list_of({key_item})})})))
          .ok());

  expect_rejected(with_access_list({0x80}), "access list as a string");
  expect_rejected(with_access_list(list_of({address_item})), "entry that is not a list");
  expect_rejected(with_access_list(list_of({list_of({address_item})})), "entry without keys");
  expect_rejected(with_access_list(list_of({list_of({address_item, list_of({}), Bytes{0x80}})})),
                  "entry with a third item");
  expect_rejected(with_access_list(list_of({list_of({Bytes{0x80}, list_of({})})})),
                  "empty address");
  Bytes short_address = hex("0x93de0b295669a9fd93d5f28d9ec85e40f4cb697b");
  expect_rejected(with_access_list(list_of({list_of({short_address, list_of({})})})),
                  "19-byte address");
  Bytes short_key = hex("0x9f00000000000000000000000000000000000000000000000000000000000003");
  expect_rejected(with_access_list(list_of({list_of({address_item, list_of({short_key})})})),
                  "31-byte storage key");
  expect_rejected(with_access_list(list_of({list_of({address_item, key_item})})),
                  "storage keys as a string");
  expect_rejected(with_access_list(list_of({list_of({address_item, list_of({list_of({})})})})),
                  "storage key as a list");
}

TEST(Reject, BlobAndUnknownTypes) {
  for (uint8_t type : {0x00, 0x03, 0x04, 0x05, 0x7e, 0x7f}) {
    auto txn = decode_transaction(typed(type, dynamic_fee_items()));
    ASSERT_FALSE(txn.ok()) << "type " << int{type};
    EXPECT_NE(txn.error().message.find("transaction type not supported"), std::string::npos)
        << txn.error().message;
  }
  // A type byte alone.
  expect_rejected(Bytes{0x02}, "type byte without payload");
  expect_rejected(Bytes{0x03}, "blob type byte without payload");
}

TEST(Reject, StringInsteadOfList) {
  expect_rejected(hex("0x80"), "empty string");
  expect_rejected(hex("0x8100"), "one-byte string");
  Bytes wrapped;
  rlp::encode_bytes(wrapped, hex(kEip155SignedTxn));
  expect_rejected(wrapped, "legacy transaction wrapped in a string");
}

TEST(Reject, LegacyWrappedAsStringInBlockBody) {
  Bytes items;
  rlp::encode_bytes(items, hex(kEip155SignedTxn));
  rlp::Decoder list(items);
  EXPECT_FALSE(decode_transaction_in_block(list).ok());
  Bytes empty_string{0x80};
  rlp::Decoder empty(empty_string);
  EXPECT_FALSE(decode_transaction_in_block(empty).ok());
}

// ---- Gas ----

TEST(IntrinsicGas, PlainTransfer) {
  EXPECT_EQ(intrinsic_gas(eip155_example_unsigned()), 21000u);
}

TEST(IntrinsicGas, DataBytesAndCreation) {
  Transaction txn = eip155_example_unsigned();
  txn.data = hex("0x0001ff00");
  EXPECT_EQ(intrinsic_gas(txn), 21000u + 4 + 16 + 16 + 4);
  txn.to.reset();
  EXPECT_EQ(intrinsic_gas(txn), 21000u + 32000 + 4 + 16 + 16 + 4);
}

TEST(IntrinsicGas, AccessList) {
  Transaction txn = sample(TxnType::kAccessList);  // 2 addresses, 1 storage key, 4 data bytes
  EXPECT_EQ(intrinsic_gas(txn), 21000u + (4 + 16 + 16 + 16) + 2 * 2400 + 1 * 1900);
}

TEST(IntrinsicGas, InitcodeWords) {
  Transaction txn = eip155_example_unsigned();
  txn.data = Bytes(33, 0x60);
  EXPECT_EQ(initcode_word_gas(txn), 0u);  // a call
  txn.to.reset();
  EXPECT_EQ(initcode_word_gas(txn), 4u);  // two words
  txn.data.resize(32);
  EXPECT_EQ(initcode_word_gas(txn), 2u);
  txn.data.clear();
  EXPECT_EQ(initcode_word_gas(txn), 0u);
}

TEST(EffectiveGasPrice, DynamicFeeIsCappedByMaxFee) {
  Transaction txn = sample(TxnType::kDynamicFee);
  txn.max_fee_per_gas = U256(100);
  txn.max_priority_fee_per_gas = U256(2);
  EXPECT_EQ(effective_gas_price(txn, U256(50)), U256(52));
  EXPECT_EQ(effective_gas_price(txn, U256(98)), U256(100));
  EXPECT_EQ(effective_gas_price(txn, U256(99)), U256(100));
  EXPECT_EQ(effective_gas_price(txn, U256(100)), U256(100));
}

TEST(EffectiveGasPrice, LegacyPaysItsGasPrice) {
  Transaction txn = eip155_example_unsigned();
  EXPECT_EQ(effective_gas_price(txn, U256(7)), U256(20'000'000'000ULL));
  EXPECT_EQ(effective_gas_price(txn, U256(20'000'000'000ULL)), U256(20'000'000'000ULL));
}

TEST(EffectiveGasPrice, HugeFeesDoNotOverflow) {
  Transaction txn = sample(TxnType::kDynamicFee);
  txn.max_fee_per_gas = U256::max();
  txn.max_priority_fee_per_gas = U256::max();
  EXPECT_EQ(effective_gas_price(txn, U256(1)), U256::max());
  txn.max_priority_fee_per_gas = U256(3);
  EXPECT_EQ(effective_gas_price(txn, U256(1)), U256(4));
}

}  // namespace
}  // namespace pel
