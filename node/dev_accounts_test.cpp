// The dev keys are what docs/dev-chain.md says they are, and the project's
// genesis.json funds them and makes account 0 the clique signer.
#include "node/dev_accounts.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "crypto/address_checksum.hpp"
#include "crypto/keccak.hpp"
#include "node/genesis_file.hpp"

namespace pel {
namespace {

std::string project_genesis_path() {
  return (std::filesystem::path(__FILE__).parent_path().parent_path() / "genesis.json").string();
}

TEST(DevAccounts, KeysFollowTheDocumentedDerivation) {
  ASSERT_EQ(dev_accounts().size(), kDevAccountCount);
  for (const DevAccount& account : dev_accounts()) {
    std::string seed = "pel dev account " + std::to_string(account.index);
    EXPECT_EQ(account.key, keccak256(as_view(seed))) << seed;
    auto address = address_of(account.key);
    ASSERT_TRUE(address.ok()) << address.error().message;
    EXPECT_EQ(*address, account.address) << seed;
  }
  EXPECT_EQ(to_checksum_hex(dev_accounts()[0].address),
            "0xd8f9A1b73B259b70A22B94834C8438F8ED0261d5");
}

TEST(DevAccounts, FindByAddress) {
  auto third = find_dev_account(dev_accounts()[3].address);
  ASSERT_TRUE(third.has_value());
  EXPECT_EQ(third->index, 3u);
  EXPECT_FALSE(find_dev_account(Address{}).has_value());
}

TEST(DevAccounts, ProjectGenesisFundsThemAndAccountZeroSigns) {
  auto genesis = load_genesis_file(project_genesis_path());
  ASSERT_TRUE(genesis.ok()) << genesis.error().message;
  ASSERT_EQ(genesis->alloc.size(), kDevAccountCount);
  const U256 ten_thousand_ether = U256::from_dec("10000000000000000000000").value();
  for (const DevAccount& account : dev_accounts()) {
    auto funded = genesis->alloc.find(account.address);
    ASSERT_NE(funded, genesis->alloc.end()) << "dev account " << account.index << " not funded";
    EXPECT_EQ(funded->second.balance, ten_thousand_ether);
  }
  ASSERT_EQ(genesis->clique_signers.size(), 1u);
  EXPECT_EQ(genesis->clique_signers[0], dev_accounts()[0].address);
}

}  // namespace
}  // namespace pel
