// Block selection: price order across senders, nonce order within, base fee filter,
// gas packing, determinism.
#include <gtest/gtest.h>

#include "node/txpool_test_fixture.hpp"

namespace pel::txpool_test {
namespace {

class TxPoolSelectTest : public TxPoolTest {
 protected:
  // "sender:nonce" for each selected transaction.
  std::vector<std::string> select(uint64_t base_fee, uint64_t gas_limit = 30'000'000,
                                  size_t max_count = SIZE_MAX) {
    std::vector<std::string> out;
    for (const auto& txn : pool_->select_for_block(U256(base_fee), gas_limit, max_count)) {
      size_t sender = 0;
      while (sender < kSenders && address(sender) != txn->sender) ++sender;
      std::string name = std::to_string(sender);
      name += ':';
      name += std::to_string(txn->txn.nonce);
      out.push_back(std::move(name));
    }
    return out;
  }
  using Names = std::vector<std::string>;
};

TEST_F(TxPoolSelectTest, HighestTipFirstAcrossSendersNonceOrderWithin) {
  // Sender 0: a cheap nonce 0 in front of a rich nonce 1.
  submit_ok(0, spec(0, 1));
  submit_ok(0, spec(1, 10));
  submit_ok(1, spec(0, 5));
  submit_ok(1, spec(1, 2));
  submit_ok(2, spec(0, 3));
  EXPECT_EQ(select(kBaseFee), (Names{"1:0", "2:0", "1:1", "0:0", "0:1"}));
}

TEST_F(TxPoolSelectTest, EffectiveTipUnderTheGivenBaseFee) {
  submit_ok(0, spec(0, 5, 6));   // at base 1: tip 5; at base 4: min(5, 2) = 2
  submit_ok(1, spec(0, 3, 20));  // 3 at both
  EXPECT_EQ(select(1 * kGwei), (Names{"0:0", "1:0"}));
  EXPECT_EQ(select(4 * kGwei), (Names{"1:0", "0:0"}));
}

TEST_F(TxPoolSelectTest, LegacyTipIsTheGasPriceAboveTheBaseFee) {
  TxnSpec legacy = spec(0, 0, 4);  // 4 gwei gas price: tip 3 at base fee 1
  legacy.type = TxnType::kLegacy;
  submit_ok(0, legacy);
  submit_ok(1, spec(0, 2, 20));
  submit_ok(2, spec(0, 4, 20));
  EXPECT_EQ(select(kBaseFee), (Names{"2:0", "0:0", "1:0"}));
}

TEST_F(TxPoolSelectTest, BaseFeeFilterSkipsASendersRestOfRun) {
  submit_ok(0, spec(0, 1, 3));   // max fee 3 gwei
  submit_ok(0, spec(1, 5, 50));  // could pay, but waits for nonce 0
  submit_ok(1, spec(0, 1, 50));
  submit_ok(2, spec(0, 2, 2));  // max fee 2 gwei
  // At 3 gwei sender 0's nonce 0 tips 0 and sender 2 cannot pay.
  EXPECT_EQ(select(3 * kGwei), (Names{"1:0", "0:0", "0:1"}));
  // At 4 gwei sender 0's nonce 0 cannot pay either, so its nonce 1 waits.
  EXPECT_EQ(select(4 * kGwei), (Names{"1:0"}));
  // At 2 gwei everyone pays; sender 2 tips 0.
  EXPECT_EQ(select(2 * kGwei), (Names{"0:0", "0:1", "1:0", "2:0"}));
}

TEST_F(TxPoolSelectTest, GasLimitPackingSkipsWhatDoesNotFit) {
  submit_ok(0, spec(0, 10));
  TxnSpec heavy = spec(0, 8);
  heavy.gas = 50'000;
  submit_ok(1, heavy);
  submit_ok(1, spec(1, 20, 30));  // after a skipped nonce: skipped too
  submit_ok(2, spec(0, 5));
  submit_ok(3, spec(0, 4));
  submit_ok(4, spec(0, 3));
  // 70000: 21000 (0:0), 50000 does not fit in 49000, 21000, 21000; 7000 left.
  EXPECT_EQ(select(kBaseFee, 70'000), (Names{"0:0", "2:0", "3:0"}));
  EXPECT_EQ(select(kBaseFee, 92'000), (Names{"0:0", "1:0", "1:1"}));
  EXPECT_EQ(select(kBaseFee, 20'999), Names{});
}

TEST_F(TxPoolSelectTest, MaxCount) {
  for (size_t sender = 0; sender < 4; ++sender) submit_ok(sender, spec(0, 1 + sender));
  EXPECT_EQ(select(kBaseFee, 30'000'000, 2), (Names{"3:0", "2:0"}));
}

TEST_F(TxPoolSelectTest, EqualTipsInArrivalOrder) {
  submit_ok(3, spec(0, 2));
  submit_ok(1, spec(0, 2));
  submit_ok(2, spec(0, 2));
  submit_ok(1, spec(1, 2));
  EXPECT_EQ(select(kBaseFee), (Names{"3:0", "1:0", "2:0", "1:1"}));
  // Selection does not consume: asking again gives the same list.
  EXPECT_EQ(select(kBaseFee), (Names{"3:0", "1:0", "2:0", "1:1"}));
}

TEST_F(TxPoolSelectTest, QueuedAreNeverSelectedPromotedAre) {
  submit_ok(0, spec(0, 1));
  submit_ok(0, spec(2, 9));
  EXPECT_EQ(select(kBaseFee), (Names{"0:0"}));
  submit_ok(0, spec(1, 1));
  EXPECT_EQ(select(kBaseFee), (Names{"0:0", "0:1", "0:2"}));
}

TEST_F(TxPoolSelectTest, ManySendersTotalOrderMatchesAReferenceMerge) {
  // 8 senders x 4 nonces with mixed tips: the selection must list every transaction,
  // each sender's in nonce order, and at every step take the best available head.
  for (size_t sender = 0; sender < kSenders; ++sender)
    for (uint64_t nonce = 0; nonce < 4; ++nonce)
      submit_ok(sender, spec(nonce, 1 + (sender * 5 + nonce * 3) % 7));
  auto selected = pool_->select_for_block(U256(kBaseFee), 30'000'000);
  ASSERT_EQ(selected.size(), kSenders * 4);
  std::map<Address, uint64_t> next_nonce;
  for (size_t i = 0; i < selected.size(); ++i) {
    const auto& txn = selected[i];
    EXPECT_EQ(txn->txn.nonce, next_nonce[txn->sender]++);
    // No other sender's next transaction pays a strictly higher tip.
    for (size_t sender = 0; sender < kSenders; ++sender) {
      uint64_t nonce = next_nonce[address(sender)];
      if (address(sender) == txn->sender || nonce >= 4) continue;
      U256 other_tip = U256(1 + (sender * 5 + nonce * 3) % 7) * U256(kGwei);
      EXPECT_LE(other_tip, txn->txn.max_priority_fee_per_gas) << "position " << i;
    }
  }
}

}  // namespace
}  // namespace pel::txpool_test
