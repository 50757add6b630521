// Every class of bad genesis file gives an error value whose message names the field.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/genesis.hpp"

namespace pel {
namespace {

// head followed by `count` copies of `fill` (GCC 12 misreports "literal" + std::string).
std::string padded(std::string head, size_t count, char fill) {
  head.append(count, fill);
  return head;
}

using nlohmann::json;

json minimal() {
  return {{"config", {{"chainId", 7}}},
          {"gasLimit", "0x1"},
          {"difficulty", "0x0"},
          {"alloc", json::object()}};
}

const std::string kAccount = "0x00000000000000000000000000000000000000aa";

// Parses `text`, expects failure and returns the message.
std::string error_of_text(const std::string& text) {
  auto genesis = parse_genesis(text);
  EXPECT_FALSE(genesis.ok()) << "accepted: " << text;
  return genesis.ok() ? std::string() : genesis.error().message;
}

std::string error_of(const json& j) {
  return error_of_text(j.dump());
}

json with_account(const json& account) {
  json j = minimal();
  j["alloc"][kAccount] = account;
  return j;
}

#define EXPECT_MESSAGE(message, fragment) \
  EXPECT_NE((message).find(fragment), std::string::npos) << (message)

TEST(GenesisErrors, InvalidJson) {
  std::string truncated = error_of_text(R"({"config": {"chainId": 1})");
  EXPECT_MESSAGE(truncated, "genesis: invalid JSON: ");
  EXPECT_MESSAGE(truncated, "line 1");
  EXPECT_MESSAGE(error_of_text(R"({"config": {"chainId": 1,}})"), "genesis: invalid JSON");
  EXPECT_MESSAGE(error_of_text(""), "genesis: invalid JSON");
  EXPECT_MESSAGE(error_of_text("\xff"), "genesis: invalid JSON");
}

TEST(GenesisErrors, NestingTooDeep) {
  std::string deep = padded(R"({"config": )", 100000, '[');
  deep = padded(deep, 100000, ']') + "}";
  EXPECT_MESSAGE(error_of_text(deep), "nesting deeper than");
}

TEST(GenesisErrors, NotAnObject) {
  EXPECT_MESSAGE(error_of_text("[1, 2]"), "genesis: expected a JSON object, got array");
}

TEST(GenesisErrors, MissingRequiredFields) {
  for (const char* field : {"config", "gasLimit", "difficulty", "alloc"}) {
    json j = minimal();
    j.erase(field);
    EXPECT_EQ(error_of(j), std::string("genesis: ") + field + ": missing");
  }
  json j = minimal();
  j["config"].erase("chainId");
  EXPECT_EQ(error_of(j), "genesis: config.chainId: missing");
  EXPECT_EQ(error_of(with_account({{"nonce", 1}})),
            "genesis: alloc " + kAccount + ": balance: missing");
}

TEST(GenesisErrors, ChainIdWrongTypeOrValue) {
  json j = minimal();
  j["config"]["chainId"] = "1337";  // geth reads chainId as a JSON number only
  EXPECT_EQ(error_of(j), "genesis: config.chainId: expected a number, got string");
  j["config"]["chainId"] = -1;
  EXPECT_EQ(error_of(j), "genesis: config.chainId: must not be negative");
  j["config"]["chainId"] = 1.5;
  EXPECT_EQ(error_of(j), "genesis: config.chainId: expected an integer, got a fraction");
  j["config"]["chainId"] = 0;
  EXPECT_EQ(error_of(j), "genesis: config.chainId: must not be zero");
  EXPECT_EQ(error_of_text(R"({"config": {"chainId": 18446744073709551616}})"),
            "genesis: config.chainId: value does not fit in 64 bits");
}

TEST(GenesisErrors, WrongContainerTypes) {
  json j = minimal();
  j["config"] = 5;
  EXPECT_EQ(error_of(j), "genesis: config: expected an object, got number");
  j = minimal();
  j["alloc"] = json::array();
  EXPECT_EQ(error_of(j), "genesis: alloc: expected an object, got array");
  EXPECT_EQ(error_of(with_account("0x1")),
            "genesis: alloc " + kAccount + ": expected an object, got string");
  j = minimal();
  j["config"]["clique"] = true;
  EXPECT_EQ(error_of(j), "genesis: config.clique: expected an object, got boolean");
  EXPECT_EQ(error_of(with_account({{"balance", "1"}, {"storage", json::array()}})),
            "genesis: alloc " + kAccount + ": storage: expected an object, got array");
}

TEST(GenesisErrors, WrongScalarTypes) {
  json j = minimal();
  j["gasLimit"] = true;
  EXPECT_EQ(error_of(j), "genesis: gasLimit: expected a hex or decimal string, got boolean");
  j = minimal();
  j["extraData"] = 12;
  EXPECT_EQ(error_of(j), "genesis: extraData: expected a hex string, got number");
  j = minimal();
  j["config"]["londonBlock"] = "0x0";
  EXPECT_EQ(error_of(j), "genesis: config.londonBlock: expected a number, got string");
  EXPECT_EQ(
      error_of(with_account({{"balance", json::array()}})),
      "genesis: alloc " + kAccount + ": balance: expected a hex or decimal string, got array");
}

TEST(GenesisErrors, BadHex) {
  EXPECT_EQ(error_of(with_account({{"balance", "0x12zz"}})),
            "genesis: alloc " + kAccount + ": balance: invalid hex digit");
  EXPECT_MESSAGE(error_of(with_account({{"balance", "12a"}})),
                 "genesis: alloc " + kAccount + ": balance: ");
  EXPECT_EQ(error_of(with_account({{"balance", "1"}, {"code", "0x60zz"}})),
            "genesis: alloc " + kAccount + ": code: invalid hex digit");
  EXPECT_EQ(error_of(with_account({{"balance", "1"}, {"code", "0x600"}})),
            "genesis: alloc " + kAccount + ": code: hex string has an odd number of digits");
  json j = minimal();
  j["extraData"] = "0xg0";
  EXPECT_EQ(error_of(j), "genesis: extraData: invalid hex digit");
  j = minimal();
  j["nonce"] = "0x";
  EXPECT_MESSAGE(error_of(j), "genesis: nonce: ");
  EXPECT_EQ(error_of(with_account({{"balance", "1"}, {"storage", {{"0xzz", "0x1"}}}})),
            "genesis: alloc " + kAccount + ": storage 0xzz: invalid slot: invalid hex digit");
  EXPECT_EQ(error_of(with_account({{"balance", "1"}, {"storage", {{"0x1", "0x1q"}}}})),
            "genesis: alloc " + kAccount + ": storage 0x1: invalid value: invalid hex digit");
}

TEST(GenesisErrors, OversizeValues) {
  json j = minimal();
  j["gasLimit"] = "0x10000000000000000";  // 2^64
  EXPECT_EQ(error_of(j), "genesis: gasLimit: value does not fit in 64 bits");
  j = minimal();
  j["timestamp"] = "18446744073709551616";
  EXPECT_EQ(error_of(j), "genesis: timestamp: value does not fit in 64 bits");
  EXPECT_MESSAGE(error_of(with_account({{"balance", padded("0x1", 64, '0')}})),
                 "genesis: alloc " + kAccount + ": balance: ");
  EXPECT_MESSAGE(error_of(with_account({{"balance", padded("1", 78, '0')}})),  // 10^78 > 2^256
                 "genesis: alloc " + kAccount + ": balance: ");
  EXPECT_EQ(
      error_of(with_account({{"balance", "1"}, {"storage", {{"0x1", padded("0x1", 64, '0')}}}})),
      "genesis: alloc " + kAccount + ": storage 0x1: invalid value: more than 32 bytes of hex");
  j = minimal();
  j["mixHash"] = padded("0x", 66, '0');
  EXPECT_EQ(error_of(j), "genesis: mixHash: expected 32 bytes of hex, got 33");
  j = minimal();
  j["coinbase"] = padded("0x", 38, '0');
  EXPECT_EQ(error_of(j), "genesis: coinbase: expected 20 bytes of hex, got 19");
}

TEST(GenesisErrors, NegativeAndFractionalQuantities) {
  json j = minimal();
  j["gasLimit"] = -5;
  EXPECT_EQ(error_of(j), "genesis: gasLimit: must not be negative");
  j["gasLimit"] = "-5";
  EXPECT_EQ(error_of(j), "genesis: gasLimit: must not be negative");
  j["gasLimit"] = 1e3;
  EXPECT_EQ(error_of(j), "genesis: gasLimit: expected an integer, got a fraction");
}

TEST(GenesisErrors, BadAddresses) {
  json j = minimal();
  j["alloc"]["0x1234"] = {{"balance", "1"}};
  EXPECT_EQ(error_of(j), "genesis: alloc 0x1234: invalid address: expected 20 bytes of hex, got 2");
  j = minimal();
  j["alloc"]["0x00000000000000000000000000000000000000zz"] = {{"balance", "1"}};
  EXPECT_EQ(error_of(j),
            "genesis: alloc 0x00000000000000000000000000000000000000zz: invalid address: invalid "
            "hex digit");
  j = minimal();
  j["alloc"]["0x00000000000000000000000000000000000000AA"] = {{"balance", "1"}};
  j["alloc"]["00000000000000000000000000000000000000aa"] = {{"balance", "2"}};
  EXPECT_MESSAGE(error_of(j), "address listed twice");
}

TEST(GenesisErrors, ForkOrder) {
  json j = minimal();
  j["config"]["londonBlock"] = 0;  // Berlin and everything before it are not enabled
  EXPECT_EQ(error_of(j),
            "genesis: config.londonBlock: enabled at 0 but berlinBlock is not enabled");
  j = minimal();
  j["config"] = {{"chainId", 1}, {"homesteadBlock", 5}, {"eip150Block", 2}};
  EXPECT_EQ(error_of(j), "genesis: config.eip150Block: enabled at 2, before homesteadBlock at 5");
  j = minimal();
  j["config"] = {{"chainId", 1}, {"cancunTime", 10}};
  EXPECT_EQ(error_of(j),
            "genesis: config.cancunTime: enabled at 10 but shanghaiTime is not enabled");
}

TEST(GenesisErrors, CliqueExtraDataLayout) {
  json j = minimal();
  j["config"]["clique"] = {{"period", 1}, {"epoch", 30000}};
  j["extraData"] = padded("0x", 64, '0');  // vanity only
  EXPECT_EQ(error_of(j),
            "genesis: extraData: extraData is 32 bytes, clique needs at least 97 (32 vanity + "
            "signers + 65 seal)");
  j["extraData"] = padded("0x", 2 * (32 + 19 + 65), '0');
  EXPECT_MESSAGE(error_of(j), "not a multiple of 20");
  j["extraData"] = padded("0x", 2 * (32 + 65), '0');
  EXPECT_EQ(error_of(j), "genesis: extraData: clique needs at least one signer");
  j["config"]["clique"]["period"] = "1";
  EXPECT_EQ(error_of(j), "genesis: config.clique.period: expected a number, got string");
}

}  // namespace
}  // namespace pel
