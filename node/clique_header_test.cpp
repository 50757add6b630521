#include "node/clique_header.hpp"

#include <gtest/gtest.h>

#include "core/base_fee.hpp"
#include "crypto/clique.hpp"
#include "crypto/header_hash.hpp"

namespace pel {
namespace {

PrivateKey key_of(uint8_t seed) {
  PrivateKey key;
  key.bytes[31] = seed;
  key.bytes[0] = 0x11;
  return key;
}

ChainConfig clique_config() {
  ChainConfig config;
  config.chain_id = 1337;
  config.london_block = 0;
  config.clique = CliqueConfig{.period = 2, .epoch = 4};
  return config;
}

BlockHeader genesis_header() {
  BlockHeader parent;
  parent.number = 0;
  parent.gas_limit = 30'000'000;
  parent.gas_used = 0;
  parent.timestamp = 1000;
  parent.base_fee_per_gas = U256(1'000'000'000);
  return parent;
}

TEST(CliqueHeader, ChildIsSealableAndVerifies) {
  const PrivateKey key = key_of(1);
  const Address signer = *address_of(key);
  const Address other = *address_of(key_of(2));
  const std::vector<Address> signers = {signer, other};
  const ChainConfig config = clique_config();
  BlockHeader parent = genesis_header();

  for (uint64_t n = 1; n <= 5; ++n) {
    auto child = clique_child_header(parent, header_hash(parent), config, 1001, signer, signers);
    ASSERT_TRUE(child.ok()) << child.error().message;
    EXPECT_EQ(child->number, n);
    EXPECT_EQ(child->timestamp, parent.timestamp + 2);  // the period wins over an early clock
    EXPECT_EQ(child->base_fee_per_gas, next_base_fee(parent, config).value());
    const size_t list = n % 4 == 0 ? 40 : 0;
    EXPECT_EQ(child->extra_data.size(), 32 + list + 65);
    ASSERT_TRUE(clique_seal(*child, key).ok());
    Status verified = verify_clique_header(*child, parent, config, signers);
    EXPECT_TRUE(verified.ok()) << verified.error().message;
    parent = *child;
  }
}

TEST(CliqueHeader, VerifyNamesWhatIsWrong) {
  const PrivateKey key = key_of(1);
  const Address signer = *address_of(key);
  const std::vector<Address> signers = {signer};
  const ChainConfig config = clique_config();
  const BlockHeader parent = genesis_header();
  auto child = clique_child_header(parent, header_hash(parent), config, 5000, signer, signers);
  ASSERT_TRUE(child.ok());
  ASSERT_TRUE(clique_seal(*child, key).ok());
  ASSERT_TRUE(verify_clique_header(*child, parent, config, signers).ok());

  auto expect_error = [&](BlockHeader header, const std::string& part, bool reseal = true) {
    if (reseal) {
      ASSERT_TRUE(clique_seal(header, key).ok());
    }
    Status status = verify_clique_header(header, parent, config, signers);
    ASSERT_FALSE(status.ok()) << part;
    EXPECT_NE(status.error().message.find(part), std::string::npos) << status.error().message;
    EXPECT_EQ(status.error().message.rfind("block 1: ", 0), 0u) << status.error().message;
  };
  BlockHeader bad = *child;
  bad.timestamp = parent.timestamp + 1;
  expect_error(bad, "timestamp");
  bad = *child;
  bad.base_fee_per_gas = U256(7);
  expect_error(bad, "base fee");
  bad = *child;
  bad.gas_limit = parent.gas_limit * 2;
  expect_error(bad, "gas limit");
  bad = *child;
  bad.difficulty = U256(1);
  expect_error(bad, "difficulty");
  bad = *child;
  ASSERT_TRUE(clique_seal(bad, key_of(3)).ok());
  expect_error(bad, "not a signer", false);
  bad = *child;
  bad.state_root.bytes[0] ^= 1;  // the seal no longer signs this header
  expect_error(bad, "not a signer", false);

  EXPECT_FALSE(
      clique_child_header(parent, header_hash(parent), config, 0, *address_of(key_of(3)), signers)
          .ok());
}

}  // namespace
}  // namespace pel
