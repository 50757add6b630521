#include "core/base_fee.hpp"

#include <gtest/gtest.h>

namespace pel {
namespace {

ChainConfig london_at(uint64_t block) {
  ChainConfig config;
  config.chain_id = 1;
  config.london_block = block;
  return config;
}

BlockHeader parent_header(uint64_t number, uint64_t gas_used, uint64_t gas_limit,
                          std::optional<U256> base_fee) {
  BlockHeader header;
  header.number = number;
  header.gas_used = gas_used;
  header.gas_limit = gas_limit;
  header.base_fee_per_gas = base_fee;
  return header;
}

TEST(BaseFee, AtTargetIsUnchanged) {
  EXPECT_EQ(next_base_fee(15'000'000, 30'000'000, U256(7'000'000'000ULL)), U256(7'000'000'000ULL));
}

TEST(BaseFee, FullBlockRaisesByAnEighth) {
  // delta = target: 1e9 * 15M / 15M / 8 = 125e6.
  EXPECT_EQ(next_base_fee(30'000'000, 30'000'000, U256(1'000'000'000)), U256(1'125'000'000));
}

TEST(BaseFee, EmptyBlockLowersByAnEighth) {
  // 1e9 - 1e9 / 8 = 875e6; with a fee not divisible by 8 the decrease rounds down:
  // 1'000'000'007 * 15M / 15M / 8 = 125'000'000 (floor), so the fee is 875'000'007.
  EXPECT_EQ(next_base_fee(0, 30'000'000, U256(1'000'000'000)), U256(875'000'000));
  EXPECT_EQ(next_base_fee(0, 30'000'000, U256(1'000'000'007)), U256(875'000'007));
}

TEST(BaseFee, PartialChangesRoundDown) {
  // 20M used of 30M: delta 5M; 1e9 * 5M / 15M = 333'333'333; / 8 = 41'666'666.
  EXPECT_EQ(next_base_fee(20'000'000, 30'000'000, U256(1'000'000'000)), U256(1'041'666'666));
  // 10M used: the same delta below target.
  EXPECT_EQ(next_base_fee(10'000'000, 30'000'000, U256(1'000'000'000)), U256(958'333'334));
}

TEST(BaseFee, TinyFeeStillRisesByOne) {
  // 7 * 15M / 15M / 8 = 0, raised to the minimum increase of 1.
  EXPECT_EQ(next_base_fee(30'000'000, 30'000'000, U256(7)), U256(8));
  EXPECT_EQ(next_base_fee(15'000'001, 30'000'000, U256(1)), U256(2));
  EXPECT_EQ(next_base_fee(15'000'001, 30'000'000, U256(0)), U256(1));
  // Decreases have no minimum: a fee of 7 under an empty block stays 7 (7/8 = 0).
  EXPECT_EQ(next_base_fee(0, 30'000'000, U256(7)), U256(7));
  EXPECT_EQ(next_base_fee(0, 30'000'000, U256(8)), U256(7));
}

TEST(BaseFee, EthereumJsVectors) {
  // From ethereumjs-monorepo packages/block/test/testdata/eip1559baseFee.json: they
  // give the target directly, so the gas limit here is twice it.
  struct Case {
    uint64_t base_fee, gas_used, target, expected;
  };
  const Case cases[] = {
      {1'000'000'000, 10'000'000, 6'000'000, 1'083'333'333},
      {1'000'000'000, 7'000'000, 8'000'000, 984'375'000},
      {1'100'000'000, 10'000'000, 7'000'000, 1'158'928'571},
      {1'059'263'476, 10'001'000, 7'000'000, 1'116'028'649},
      {1'049'238'967, 0, 3'000'000, 918'084'097},
      {1'072'671'875, 9'000'000, 7'000'000, 1'110'981'584},
      {2, 10'000'000, 9'000'000, 3},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(next_base_fee(c.gas_used, 2 * c.target, U256(c.base_fee)), U256(c.expected))
        << c.base_fee << " " << c.gas_used << " " << c.target;
  }
}

TEST(BaseFee, MainnetLondonForkBlockAndItsChild) {
  const ChainConfig mainnet = london_at(12'965'000);
  // Block 12,964,999 is the last pre-London block: its child, the fork block, starts
  // at the initial 1 gwei whatever the parent's gas.
  auto fork =
      next_base_fee(parent_header(12'964'999, 14'000'000, 15'000'000, std::nullopt), mainnet);
  ASSERT_TRUE(fork.ok()) << fork.error().message;
  EXPECT_EQ(*fork, U256(kInitialBaseFee));

  // Mainnet block 12,965,000 (the London fork block): gasLimit 30,029,122, gasUsed
  // 30,025,257, baseFeePerGas 1,000,000,000. Block 12,965,001 has baseFeePerGas
  // 0x430da58e = 1,124,967,822. (Values as eth_getBlockByNumber reports them.)
  auto next = next_base_fee(parent_header(12'965'000, 30'025'257, 30'029'122, U256(1'000'000'000)),
                            mainnet);
  ASSERT_TRUE(next.ok()) << next.error().message;
  EXPECT_EQ(*next, U256(0x430da58eULL));
}

TEST(BaseFee, LondonFromGenesis) {
  const ChainConfig dev = london_at(0);
  auto next = next_base_fee(parent_header(0, 0, 30'000'000, U256(1'000'000'000)), dev);
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(*next, U256(875'000'000));
}

TEST(BaseFee, BadInputsAreErrors) {
  // A London parent without a base fee.
  EXPECT_FALSE(next_base_fee(parent_header(5, 0, 30'000'000, std::nullopt), london_at(0)).ok());
  // A child before London has no base fee to compute.
  EXPECT_FALSE(next_base_fee(parent_header(5, 0, 30'000'000, std::nullopt), london_at(100)).ok());
  EXPECT_FALSE(next_base_fee(parent_header(5, 0, 30'000'000, std::nullopt), ChainConfig{}).ok());
}

TEST(BaseFee, HugeFeesDoNotOverflow) {
  // 2^255 * 15M / 15M / 8 = 2^252: exact, though 2^255 * 15M does not fit 256 bits.
  const U256 big = U256(1) << 255;
  EXPECT_EQ(next_base_fee(30'000'000, 30'000'000, big), big + (U256(1) << 252));
  EXPECT_EQ(next_base_fee(0, 30'000'000, big), big - (U256(1) << 252));
  EXPECT_EQ(next_base_fee(30'000'000, 30'000'000, U256::max()), U256::max());
  // A degenerate gas limit (target 0) leaves the fee alone instead of dividing by 0.
  EXPECT_EQ(next_base_fee(5, 1, U256(100)), U256(100));
}

TEST(GasLimit, BoundRule) {
  // parent / 1024 = 29'296 (30M / 1024 = 29296.875): the difference must be below it.
  EXPECT_TRUE(valid_gas_limit(30'000'000, 30'000'000));
  EXPECT_TRUE(valid_gas_limit(30'000'000, 30'029'295));
  EXPECT_FALSE(valid_gas_limit(30'000'000, 30'029'296));
  EXPECT_TRUE(valid_gas_limit(30'000'000, 29'970'705));
  EXPECT_FALSE(valid_gas_limit(30'000'000, 29'970'704));
  // Never below 5000, even where the bound would allow it (an unchanged limit).
  EXPECT_TRUE(valid_gas_limit(5'000, 5'000));
  EXPECT_FALSE(valid_gas_limit(4'999, 4'999));
  // Never above 2^63 - 1 (geth's MaxGasLimit).
  const uint64_t max = 0x7fffffffffffffffULL;
  EXPECT_TRUE(valid_gas_limit(max, max));
  EXPECT_FALSE(valid_gas_limit(max, max + 1));
  // A parent below 1024 allows no change at all (the bound is 0).
  EXPECT_FALSE(valid_gas_limit(1'000, 1'000));
}

TEST(GasLimit, LondonTransitionDoublesTheParentLimit) {
  // The cases of web3swift's EIP1559BlockTests.testBlockGasLimits (mainnet numbers).
  const ChainConfig mainnet = london_at(12'965'000);
  struct Case {
    uint64_t parent_limit, parent_number, child_limit;
    bool valid;
  };
  const Case cases[] = {
      {10'000'000, 12'964'999, 20'000'000, true},  {10'000'000, 12'964'999, 20'019'530, true},
      {10'000'000, 12'964'999, 20'019'531, false}, {10'000'000, 12'964'999, 19'980'470, true},
      {10'000'000, 12'964'999, 19'980'469, false}, {20'000'000, 12'965'000, 20'000'000, true},
      {20'000'000, 12'965'000, 20'019'530, true},  {20'000'000, 12'965'000, 20'019'531, false},
      {20'000'000, 12'965'000, 19'980'470, true},  {20'000'000, 12'965'000, 19'980'469, false},
      {40'000'000, 12'965'000, 40'039'061, true},  {40'000'000, 12'965'000, 40'039'062, false},
      {40'000'000, 12'965'000, 39'960'939, true},  {40'000'000, 12'965'000, 39'960'938, false},
  };
  for (const Case& c : cases) {
    BlockHeader parent, child;
    parent.number = c.parent_number;
    parent.gas_limit = c.parent_limit;
    child.number = c.parent_number + 1;
    child.gas_limit = c.child_limit;
    EXPECT_EQ(valid_gas_limit(parent, child, mainnet), c.valid)
        << c.parent_limit << " -> " << c.child_limit;
  }
  // Before London there is no doubling.
  BlockHeader parent, child;
  parent.number = 10;
  parent.gas_limit = 10'000'000;
  child.number = 11;
  child.gas_limit = 20'000'000;
  EXPECT_FALSE(valid_gas_limit(parent, child, ChainConfig{}));
}

}  // namespace
}  // namespace pel
