#include "rpc/params.hpp"

#include <gtest/gtest.h>

#include "rpc/param_binding.hpp"

namespace pel::rpc {
namespace {

using json = nlohmann::json;

std::string error_of(const auto& result) {
  return result.ok() ? std::string("<ok>") : result.error().message;
}

TEST(Quantity, DecodesCanonicalForms) {
  EXPECT_EQ(*parse_quantity_u64("0x0"), 0u);
  EXPECT_EQ(*parse_quantity_u64("0x1"), 1u);
  EXPECT_EQ(*parse_quantity_u64("0x1f"), 31u);
  EXPECT_EQ(*parse_quantity_u64("0xAbC"), 0xabcu);
  EXPECT_EQ(*parse_quantity_u64("0X10"), 16u);
  EXPECT_EQ(*parse_quantity_u64("0xffffffffffffffff"), ~uint64_t{0});
}

TEST(Quantity, RejectsWhatGethRejects) {
  EXPECT_EQ(error_of(parse_quantity_u64("")), "empty hex string");
  EXPECT_EQ(error_of(parse_quantity_u64("0x")), "hex string \"0x\"");
  EXPECT_EQ(error_of(parse_quantity_u64("0x00")), "hex number with leading zero digits");
  EXPECT_EQ(error_of(parse_quantity_u64("0x0123")), "hex number with leading zero digits");
  EXPECT_EQ(error_of(parse_quantity_u64("1f")), "hex string without 0x prefix");
  EXPECT_EQ(error_of(parse_quantity_u64("12")), "hex string without 0x prefix");
  EXPECT_EQ(error_of(parse_quantity_u64("0xg")), "invalid hex string");
  EXPECT_EQ(error_of(parse_quantity_u64("0x1 ")), "invalid hex string");
  EXPECT_EQ(error_of(parse_quantity_u64("-0x1")), "hex string without 0x prefix");
  EXPECT_EQ(error_of(parse_quantity_u64("0x10000000000000000")), "hex number > 64 bits");
  EXPECT_EQ(error_of(decode_quantity_u64(json(5))), "expected a hex quantity string, got number");
  EXPECT_EQ(error_of(decode_quantity_u64(json(nullptr))),
            "expected a hex quantity string, got null");
}

TEST(Quantity, U256Range) {
  auto max = parse_quantity_u256("0x" + std::string(64, 'f'));
  ASSERT_TRUE(max.ok());
  EXPECT_EQ(*max, U256::max());
  auto mixed = parse_quantity_u256("0x1000000000000000200000000000000030000000000000004");
  ASSERT_TRUE(mixed.ok());
  EXPECT_EQ(*mixed, U256(4, 3, 2, 1));
  EXPECT_EQ(*parse_quantity_u256("0x0"), U256(0));
  EXPECT_EQ(error_of(parse_quantity_u256("0x1" + std::string(64, '0'))), "hex number > 256 bits");
  EXPECT_EQ(error_of(parse_quantity_u256("0x01")), "hex number with leading zero digits");
}

TEST(Quantity, EncodesWithoutLeadingZeros) {
  EXPECT_EQ(encode_quantity(uint64_t{0}), "0x0");
  EXPECT_EQ(encode_quantity(uint64_t{1}), "0x1");
  EXPECT_EQ(encode_quantity(uint64_t{0x400}), "0x400");
  EXPECT_EQ(encode_quantity(~uint64_t{0}), "0xffffffffffffffff");
  EXPECT_EQ(encode_quantity(U256(0)), "0x0");
  EXPECT_EQ(encode_quantity(U256(0x1f)), "0x1f");
  EXPECT_EQ(encode_quantity(U256(0, 1, 0, 0)), "0x10000000000000000");
  EXPECT_EQ(encode_quantity(U256(0, 0x0f, 0, 0)), "0xf0000000000000000");
  EXPECT_EQ(encode_quantity(U256::max()), "0x" + std::string(64, 'f'));
  // Round trip through the decoder.
  for (U256 v : {U256(0), U256(5), U256(1, 2, 3, 4), U256(0, 0, 0, 0x8000000000000000ULL)}) {
    EXPECT_EQ(*parse_quantity_u256(encode_quantity(v)), v);
  }
}

TEST(Data, Rules) {
  EXPECT_EQ(*parse_data("0x"), Bytes{});
  EXPECT_EQ(*parse_data("0x00ff"), (Bytes{0x00, 0xff}));
  EXPECT_EQ(*parse_data("0X0A"), (Bytes{0x0a}));
  EXPECT_EQ(error_of(parse_data("00ff")), "hex string without 0x prefix");
  EXPECT_EQ(error_of(parse_data("0xfff")), "hex string of odd length");
  EXPECT_EQ(error_of(parse_data("0xzz")), "invalid hex string");
  EXPECT_EQ(error_of(parse_data("")), "empty hex string");
  EXPECT_EQ(encode_data(Bytes{}), "0x");
  EXPECT_EQ(encode_data(Bytes{0x00, 0xab}), "0x00ab");
}

TEST(Data, AddressesAndHashes) {
  auto address = parse_address("0x00000000000000000000000000000000000000fF");
  ASSERT_TRUE(address.ok());
  EXPECT_EQ(address->bytes[19], 0xff);
  EXPECT_EQ(encode_address(*address), "0x00000000000000000000000000000000000000ff");
  EXPECT_EQ(error_of(parse_address("0x" + std::string(38, '0'))),
            "hex string has length 38, want 40 for an address");
  EXPECT_EQ(error_of(parse_address(std::string(40, '0'))), "hex string without 0x prefix");
  EXPECT_EQ(error_of(parse_address("0x" + std::string(39, '0') + "g")), "invalid hex string");
  EXPECT_EQ(error_of(decode_address(json(1))), "expected an address string, got number");

  std::string hash_text = "0x" + std::string(62, '0') + "2a";
  auto hash = parse_hash(hash_text);
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->bytes[31], 0x2a);
  EXPECT_EQ(encode_hash(*hash), hash_text);
  EXPECT_EQ(error_of(parse_hash("0x" + std::string(66, '0'))),
            "hex string has length 66, want 64 for a hash");
}

TEST(Block, TagsAndNumbers) {
  EXPECT_EQ(*parse_block_number_or_tag("latest"), (BlockNumberOrTag{BlockTag::kLatest, 0}));
  EXPECT_EQ(parse_block_number_or_tag("earliest")->tag, BlockTag::kEarliest);
  EXPECT_EQ(parse_block_number_or_tag("pending")->tag, BlockTag::kPending);
  EXPECT_EQ(parse_block_number_or_tag("safe")->tag, BlockTag::kSafe);
  EXPECT_EQ(parse_block_number_or_tag("finalized")->tag, BlockTag::kFinalized);
  EXPECT_EQ(*parse_block_number_or_tag("0x10"), BlockNumberOrTag::at(16));
  EXPECT_EQ(error_of(parse_block_number_or_tag("0x010")), "hex number with leading zero digits");
  EXPECT_EQ(error_of(parse_block_number_or_tag("Latest")),
            "invalid block number or tag \"Latest\": want latest, earliest, pending, safe, "
            "finalized or a hex number");
  EXPECT_EQ(error_of(decode_block_number_or_tag(json(16))),
            "expected a block number or tag string, got number");
  for (auto block :
       {BlockNumberOrTag::at(0), BlockNumberOrTag::at(255), BlockNumberOrTag{BlockTag::kSafe, 0},
        BlockNumberOrTag{BlockTag::kPending, 0}}) {
    EXPECT_EQ(*parse_block_number_or_tag(encode_block_number_or_tag(block)), block);
  }
}

TEST(Block, Eip1898Forms) {
  std::string hash_text = "0x" + std::string(63, '0') + "7";
  Hash hash = *parse_hash(hash_text);

  EXPECT_EQ(*decode_block_id(json("latest")), BlockId(BlockNumberOrTag{BlockTag::kLatest, 0}));
  EXPECT_EQ(*decode_block_id(json("0x5")), BlockId(BlockNumberOrTag::at(5)));
  EXPECT_EQ(*decode_block_id(json(hash_text)), BlockId(BlockHashRef{hash, false}));
  EXPECT_EQ(*decode_block_id(json{{"blockHash", hash_text}}), BlockId(BlockHashRef{hash, false}));
  EXPECT_EQ(*decode_block_id(json{{"blockHash", hash_text}, {"requireCanonical", true}}),
            BlockId(BlockHashRef{hash, true}));
  EXPECT_EQ(*decode_block_id(json{{"blockNumber", "0x9"}}), BlockId(BlockNumberOrTag::at(9)));
  EXPECT_EQ(*decode_block_id(json{{"blockNumber", "finalized"}}),
            BlockId(BlockNumberOrTag{BlockTag::kFinalized, 0}));

  EXPECT_EQ(error_of(decode_block_id(json{{"blockHash", hash_text}, {"blockNumber", "0x1"}})),
            "cannot specify both blockHash and blockNumber, choose one or the other");
  EXPECT_EQ(error_of(decode_block_id(json::object())),
            "either blockHash or blockNumber must be specified");
  EXPECT_EQ(error_of(decode_block_id(json{{"blockHash", "0x12"}})),
            "blockHash: hex string has length 2, want 64 for a hash");
  EXPECT_EQ(error_of(decode_block_id(json{{"blockNumber", "0x01"}})),
            "blockNumber: hex number with leading zero digits");
  EXPECT_EQ(error_of(decode_block_id(json{{"blockHash", hash_text}, {"requireCanonical", "yes"}})),
            "requireCanonical: expected a boolean");
  EXPECT_EQ(error_of(decode_block_id(json(3))),
            "expected a block number, tag, hash or object, got number");
  // 66 characters but not hex: an invalid hash, not a tag.
  EXPECT_EQ(error_of(decode_block_id(json("0x" + std::string(64, 'z')))), "invalid hex string");
}

// ---- bind_params ----

struct Captured {
  Address address;
  BlockId block;
  std::optional<uint64_t> limit;
};

Handler capturing_handler(Captured& out) {
  return bind_params<Address, BlockId, std::optional<uint64_t>>(
      {"address", "block", "limit"},
      [&out](const Address& a, const BlockId& b, const std::optional<uint64_t>& l) -> RpcResult {
        out = {a, b, l};
        return "ok";
      });
}

TEST(BindParams, DecodesTypedArguments) {
  Captured captured;
  Handler handler = capturing_handler(captured);
  std::string address = "0x" + std::string(38, '0') + "01";
  auto result = handler(json::array({address, "0x10", "0x3"}));
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(captured.address.bytes[19], 1);
  EXPECT_EQ(captured.block, BlockId(BlockNumberOrTag::at(16)));
  EXPECT_EQ(captured.limit, 3u);

  // Trailing optional argument: absent or null.
  ASSERT_TRUE(handler(json::array({address, "latest"})).ok());
  EXPECT_FALSE(captured.limit.has_value());
  ASSERT_TRUE(handler(json::array({address, "latest", nullptr})).ok());
  EXPECT_FALSE(captured.limit.has_value());
}

TEST(BindParams, ErrorsNameTheArgument) {
  Captured captured;
  Handler handler = capturing_handler(captured);
  std::string address = "0x" + std::string(40, '0');
  auto expect_error = [&](const json& params, std::string_view message) {
    auto result = handler(params);
    ASSERT_FALSE(result.ok()) << params.dump();
    EXPECT_EQ(result.error().code, -32602);
    EXPECT_EQ(result.error().message, message) << params.dump();
  };
  expect_error(json::array({"0x12", "latest"}),
               "invalid argument 0 (address): hex string has length 2, want 40 for an address");
  expect_error(json::array({address}), "missing value for required argument 1 (block)");
  expect_error(json::array({address, nullptr}), "missing value for required argument 1 (block)");
  expect_error(json::array(), "missing value for required argument 0 (address)");
  expect_error(json::array({address, "latest", "0x"}),
               "invalid argument 2 (limit): hex string \"0x\"");
  expect_error(json::array({address, "latest", "0x1", 4}), "too many arguments, want at most 3");
  expect_error(json{{"address", address}}, "non-array args");
}

TEST(BindParams, NoArgumentMethods) {
  Handler handler = bind_params<>({}, []() -> RpcResult { return 1; });
  EXPECT_TRUE(handler(json::array()).ok());
  EXPECT_TRUE(handler(json(nullptr)).ok());
  auto extra = handler(json::array({1}));
  ASSERT_FALSE(extra.ok());
  EXPECT_EQ(extra.error().message, "too many arguments, want at most 0");
}

TEST(DecodeField, ReadsObjectMembers) {
  json call = {
      {"to", "0x" + std::string(40, 'a')}, {"gas", "0x5208"}, {"value", "0x01"}, {"data", nullptr}};
  auto gas = decode_field<uint64_t>(call, "gas");
  ASSERT_TRUE(gas.ok());
  EXPECT_EQ(*gas, 21000u);
  auto to = decode_field<Address>(call, "to");
  ASSERT_TRUE(to.ok());
  EXPECT_TRUE(to->has_value());
  EXPECT_FALSE(decode_field<Bytes>(call, "data")->has_value());
  EXPECT_FALSE(decode_field<Bytes>(call, "input")->has_value());
  EXPECT_EQ(error_of(decode_field<U256>(call, "value")),
            "field \"value\": hex number with leading zero digits");
  EXPECT_EQ(error_of(decode_field<U256>(json::array(), "value")), "expected an object");
}

}  // namespace
}  // namespace pel::rpc
