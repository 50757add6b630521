// Parsing genesis files that are valid: Sepolia's, the project's dev chain, and the
// forms geth accepts for each field. Errors are in genesis_errors_test.cpp.
#include "core/genesis.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace pel {
namespace {

// head followed by `count` copies of `fill` (GCC 12 misreports "literal" + std::string).
std::string padded(std::string head, size_t count, char fill) {
  head.append(count, fill);
  return head;
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << "cannot open " << path;
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Test data lives beside this file; the project's genesis.json one level up.
std::filesystem::path source_dir() {
  return std::filesystem::path(__FILE__).parent_path();
}

Address address(std::string_view hex) {
  return Address::from_hex(hex).value();
}
U256 u256(std::string_view text) {
  return U256::from_string(text).value();
}

Genesis parse_ok(std::string_view text) {
  auto genesis = parse_genesis(text);
  EXPECT_TRUE(genesis.ok()) << genesis.error().message;
  return genesis.ok() ? std::move(genesis).value() : Genesis{};
}

// The smallest file geth accepts, as a JSON value that tests modify.
nlohmann::json minimal() {
  return {{"config", {{"chainId", 7}}},
          {"gasLimit", "0x1"},
          {"difficulty", "0x0"},
          {"alloc", nlohmann::json::object()}};
}

TEST(GenesisSepolia, ConfigForksAndTerminalDifficulty) {
  Genesis g = parse_ok(read_text(source_dir() / "testdata" / "sepolia-genesis.json"));
  const ChainConfig& c = g.config;
  EXPECT_EQ(c.chain_id, 11155111u);
  EXPECT_EQ(c.homestead_block, 0u);
  EXPECT_EQ(c.berlin_block, 0u);
  EXPECT_EQ(c.london_block, 0u);
  EXPECT_EQ(c.muir_glacier_block, std::nullopt);
  EXPECT_EQ(c.merge_netsplit_block, 1735371u);
  EXPECT_EQ(c.terminal_total_difficulty, U256(17000000000000000ULL));
  EXPECT_EQ(c.shanghai_time, 1677557088u);
  EXPECT_EQ(c.cancun_time, 1706655072u);
  EXPECT_EQ(c.prague_time, 1741159776u);
  EXPECT_EQ(c.osaka_time, 1760427360u);
  EXPECT_FALSE(c.clique.has_value());

  EXPECT_TRUE(c.is_london(0));
  EXPECT_TRUE(c.is_berlin(0));
  EXPECT_TRUE(c.is_eip155(0));
  EXPECT_FALSE(c.is_shanghai(1677557087));
  EXPECT_TRUE(c.is_shanghai(1677557088));
  EXPECT_FALSE(c.is_cancun(1706655071));
  EXPECT_TRUE(c.is_cancun(1706655072));
  EXPECT_FALSE(c.is_prague(1741159775));
  EXPECT_TRUE(c.is_prague(1741159776));
  // Shanghai activates after the genesis timestamp: no withdrawals root in its header.
  EXPECT_FALSE(c.is_shanghai(g.timestamp));
}

TEST(GenesisSepolia, ForkSchedule) {
  Genesis g = parse_ok(read_text(source_dir() / "testdata" / "sepolia-genesis.json"));
  auto schedule = fork_schedule(g.config);
  ASSERT_EQ(schedule.size(), 15u);  // 11 block forks (no glaciers) + 4 timestamp forks
  EXPECT_EQ(schedule[0].name, "homestead");
  EXPECT_EQ(schedule[9].name, "london");
  EXPECT_EQ(schedule[10].name, "mergeNetsplit");
  EXPECT_FALSE(schedule[10].by_timestamp);
  EXPECT_TRUE(schedule[10].optional);
  EXPECT_FALSE(schedule[9].optional);
  EXPECT_EQ(schedule[10].at, 1735371u);
  EXPECT_EQ(schedule[11].name, "shanghai");
  EXPECT_TRUE(schedule[11].by_timestamp);
  EXPECT_EQ(schedule[11].at, 1677557088u);
  EXPECT_EQ(schedule[14].name, "osaka");
}

TEST(GenesisSepolia, HeaderFields) {
  Genesis g = parse_ok(read_text(source_dir() / "testdata" / "sepolia-genesis.json"));
  EXPECT_EQ(g.nonce, 0u);  // written "0x000000000000000": an odd digit count is a quantity
  EXPECT_EQ(g.timestamp, 0x6159af19u);
  EXPECT_EQ(g.extra_data, Bytes(as_view("Sepolia, Athens, Attica, Greece!").begin(),
                                as_view("Sepolia, Athens, Attica, Greece!").end()));
  EXPECT_EQ(g.gas_limit, 30'000'000u);
  EXPECT_EQ(g.difficulty, U256(0x20000));
  EXPECT_TRUE(g.mix_hash.is_zero());  // the file spells it "mixhash"
  EXPECT_TRUE(g.coinbase.is_zero());
  EXPECT_TRUE(g.parent_hash.is_zero());
  EXPECT_EQ(g.number, 0u);
  EXPECT_EQ(g.base_fee_per_gas, std::nullopt);
  EXPECT_EQ(g.header_base_fee(), U256(1'000'000'000));  // London at 0, so geth's default
  EXPECT_EQ(g.header_gas_limit(), 30'000'000u);
  EXPECT_EQ(g.excess_blob_gas, std::nullopt);
  EXPECT_TRUE(g.clique_signers.empty());
}

TEST(GenesisSepolia, Alloc) {
  Genesis g = parse_ok(read_text(source_dir() / "testdata" / "sepolia-genesis.json"));
  ASSERT_EQ(g.alloc.size(), 15u);
  EXPECT_EQ(g.alloc.at(address("0xa2A6d93439144FFE4D27c9E088dCD8b783946263")).balance,
            u256("1000000000000000000000000"));
  EXPECT_EQ(g.alloc.at(address("0x0000006916a87b82333f4245046623b23794c65c")).balance,
            u256("10000000000000000000000000"));
  EXPECT_EQ(g.alloc.at(address("0xb21c33de1fab3fa15499c62b59fe0cc3250020d1")).balance,
            u256("100000000000000000000000000"));
  const GenesisAccount& last = g.alloc.at(address("0x799D329e5f583419167cD722962485926E338F4a"));
  EXPECT_EQ(last.balance, u256("1000000000000000000"));
  EXPECT_EQ(last.nonce, 0u);
  EXPECT_TRUE(last.code.empty());
  EXPECT_TRUE(last.storage.empty());
}

TEST(GenesisProject, DevChain) {
  Genesis g = parse_ok(read_text(source_dir().parent_path() / "genesis.json"));
  EXPECT_EQ(g.config.chain_id, 1337u);
  EXPECT_TRUE(g.config.is_london(0));
  EXPECT_EQ(g.config.gray_glacier_block, 0u);
  // No timestamp forks yet: their header fields are not produced.
  EXPECT_EQ(g.config.shanghai_time, std::nullopt);
  EXPECT_EQ(g.config.cancun_time, std::nullopt);
  EXPECT_EQ(g.config.terminal_total_difficulty, std::nullopt);
  ASSERT_TRUE(g.config.clique.has_value());
  EXPECT_EQ(g.config.clique->period, 1u);
  EXPECT_EQ(g.config.clique->epoch, 30000u);
  EXPECT_EQ(g.gas_limit, 1'000'000'000u);
  EXPECT_EQ(g.header_base_fee(), U256(1'000'000'000));
  EXPECT_EQ(g.base_fee_per_gas, U256(1'000'000'000));

  ASSERT_EQ(g.alloc.size(), 10u);
  for (const auto& [addr, account] : g.alloc) {
    EXPECT_EQ(account.balance, u256("10000000000000000000000")) << addr.hex();  // 10,000 ETH
  }
  // One signer: dev account 0 (node/dev_accounts_test.cpp checks it against its key).
  ASSERT_EQ(g.clique_signers.size(), 1u);
  EXPECT_EQ(g.clique_signers[0], address("0xd8f9A1b73B259b70A22B94834C8438F8ED0261d5"));
  EXPECT_TRUE(g.alloc.contains(g.clique_signers[0]));
}

TEST(GenesisForms, QuantitiesAsHexDecimalOrNumber) {
  nlohmann::json j = minimal();
  j["nonce"] = 66;
  j["timestamp"] = "1700000000";
  j["gasLimit"] = "0x00ff";
  j["difficulty"] = 131072;
  j["number"] = "0x2";
  j["gasUsed"] = 21000;
  j["baseFeePerGas"] = "7";
  j["excessBlobGas"] = "0x0";
  j["blobGasUsed"] = 131072;
  Genesis g = parse_ok(j.dump());
  EXPECT_EQ(g.nonce, 66u);
  EXPECT_EQ(g.timestamp, 1700000000u);
  EXPECT_EQ(g.gas_limit, 255u);
  EXPECT_EQ(g.difficulty, U256(131072));
  EXPECT_EQ(g.number, 2u);
  EXPECT_EQ(g.gas_used, 21000u);
  EXPECT_EQ(g.base_fee_per_gas, U256(7));
  EXPECT_EQ(g.excess_blob_gas, 0u);
  EXPECT_EQ(g.blob_gas_used, 131072u);
  EXPECT_EQ(g.header_base_fee(), std::nullopt);  // London is not configured
}

TEST(GenesisForms, BigIntegerLiteralsStayExact) {
  // 10^24 wei and mainnet's terminal total difficulty do not fit a double exactly.
  Genesis g = parse_ok(R"({
    "config": {"chainId": 1, "terminalTotalDifficulty": 58750000000000000000000},
    "gasLimit": 5000, "difficulty": 17179869184,
    "alloc": {"0x0000000000000000000000000000000000000001": {"balance": 1000000000000000000000001}}
  })");
  EXPECT_EQ(g.config.terminal_total_difficulty, u256("58750000000000000000000"));
  EXPECT_EQ(g.alloc.at(address("0x0000000000000000000000000000000000000001")).balance,
            u256("1000000000000000000000001"));
  EXPECT_EQ(g.difficulty, U256(17179869184ULL));
}

TEST(GenesisForms, AllocAccountWithCodeNonceAndStorage) {
  nlohmann::json j = minimal();
  j["alloc"] = {
      {"00000000000000000000000000000000000000aA",  // no 0x, mixed case unchecked (as geth)
       {{"balance", "0"},
        {"nonce", "0x5"},
        {"code", "0x6001600055"},
        {"storage",
         {{"0x01", "0x2a"},
          {"0x0000000000000000000000000000000000000000000000000000000000000002", "0x1"},
          {"3", "ff00"}}}}},
      {"0x00000000000000000000000000000000000000bb", {{"balance", "0xde0b6b3a7640000"}}},
  };
  Genesis g = parse_ok(j.dump());
  ASSERT_EQ(g.alloc.size(), 2u);
  const GenesisAccount& a = g.alloc.at(address("0x00000000000000000000000000000000000000aa"));
  EXPECT_EQ(a.nonce, 5u);
  EXPECT_EQ(a.code, (Bytes{0x60, 0x01, 0x60, 0x00, 0x55}));
  ASSERT_EQ(a.storage.size(), 3u);
  auto word = [](uint64_t v) {
    uint8_t be[32];
    U256(v).to_be_bytes(be);
    return Hash::from_view(BytesView(be, 32));
  };
  EXPECT_EQ(a.storage.at(word(1)), word(0x2a));
  EXPECT_EQ(a.storage.at(word(2)), word(1));
  EXPECT_EQ(a.storage.at(word(3)), word(0xff00));
  EXPECT_EQ(g.alloc.at(address("0x00000000000000000000000000000000000000bb")).balance,
            u256("1000000000000000000"));
}

TEST(GenesisForms, NamesMatchCaseInsensitivelyAndNullIsAbsent) {
  nlohmann::json j = minimal();
  j["mixhash"] = padded("0x", 62, '0') + "ab";
  j["COINBASE"] = "0x00000000000000000000000000000000000000cc";
  j["baseFeePerGas"] = nullptr;
  j["extraData"] = nullptr;
  j["config"]["LondonBlock"] = 0;
  for (const char* fork :
       {"homesteadBlock", "eip150Block", "eip155Block", "eip158Block", "byzantiumBlock",
        "constantinopleBlock", "petersburgBlock", "istanbulBlock", "berlinBlock"}) {
    j["config"][fork] = 0;
  }
  j["config"]["unknownFutureFork"] = 12;  // ignored, as geth ignores unknown members
  Genesis g = parse_ok(j.dump());
  EXPECT_EQ(g.mix_hash.bytes[31], 0xab);
  EXPECT_EQ(g.coinbase, address("0x00000000000000000000000000000000000000cc"));
  EXPECT_EQ(g.base_fee_per_gas, std::nullopt);
  EXPECT_TRUE(g.extra_data.empty());
  EXPECT_TRUE(g.config.is_london(0));
}

TEST(GenesisForms, OptionalForksMaySkipAndCliqueEpochDefaults) {
  nlohmann::json j = minimal();
  j["config"] = {{"chainId", 5},
                 {"homesteadBlock", 0},
                 {"eip150Block", 0},
                 {"eip155Block", 0},
                 {"eip158Block", 0},
                 {"byzantiumBlock", 0},
                 {"constantinopleBlock", 0},
                 {"petersburgBlock", 0},
                 {"istanbulBlock", 0},
                 {"berlinBlock", 10},  // muirGlacier is optional: skipping it is fine
                 {"londonBlock", 10},
                 {"clique", {{"period", 15}}}};
  j["extraData"] = padded(padded(padded(padded("0x", 64, '0'), 40, '1'), 40, '2'), 130, '0');
  Genesis g = parse_ok(j.dump());
  EXPECT_FALSE(g.config.is_london(9));
  EXPECT_TRUE(g.config.is_london(10));
  EXPECT_EQ(g.config.clique, (CliqueConfig{15, kDefaultCliqueEpoch}));
  ASSERT_EQ(g.clique_signers.size(), 2u);
  EXPECT_EQ(g.clique_signers[0], address("0x1111111111111111111111111111111111111111"));
  EXPECT_EQ(g.clique_signers[1], address("0x2222222222222222222222222222222222222222"));
  EXPECT_EQ(g.header_base_fee(), std::nullopt);  // London comes after the genesis block
}

TEST(GenesisDefaults, ZeroGasLimitUsesGethsDefault) {
  nlohmann::json j = minimal();
  j["gasLimit"] = 0;
  EXPECT_EQ(parse_ok(j.dump()).header_gas_limit(), kDefaultGenesisGasLimit);
}

TEST(CliqueSigners, Layout) {
  Bytes extra(32 + 20 * 3 + 65, 0);
  for (size_t i = 0; i < 3; ++i) extra[32 + 20 * i + 19] = static_cast<uint8_t>(i + 1);
  auto signers = parse_clique_signers(extra);
  ASSERT_TRUE(signers.ok()) << signers.error().message;
  ASSERT_EQ(signers->size(), 3u);
  EXPECT_EQ((*signers)[2].bytes[19], 3);

  EXPECT_TRUE(parse_clique_signers(Bytes(97, 0)).ok());  // no signers is a valid layout
  EXPECT_FALSE(parse_clique_signers(Bytes(96, 0)).ok());
  EXPECT_FALSE(parse_clique_signers(Bytes(97 + 19, 0)).ok());
}

}  // namespace
}  // namespace pel
