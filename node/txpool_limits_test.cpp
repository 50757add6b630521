// Global and per-sender limits and the deterministic eviction of the cheapest tail.
#include <gtest/gtest.h>

#include "node/txpool_test_fixture.hpp"

namespace pel::txpool_test {
namespace {

class TxPoolLimitsTest : public TxPoolTest {
 protected:
  void limit(size_t max_txns, size_t per_sender = 1'024) {
    TxPoolConfig config;
    config.max_txns = max_txns;
    config.max_txns_per_sender = per_sender;
    make_pool(config);
  }
  bool holds(const Hash& hash) const { return pool_->find(hash) != nullptr; }
};

TEST_F(TxPoolLimitsTest, FullPoolEvictsTheCheapestByEffectiveTip) {
  limit(3);
  Hash tip5 = submit_ok(0, spec(0, 5));
  Hash tip3 = submit_ok(1, spec(0, 3));
  Hash tip4 = submit_ok(2, spec(0, 4));
  EXPECT_EQ(submit_error(3, spec(0, 2)), "transaction underpriced");
  // Equal to the cheapest: the newcomer loses the tie.
  EXPECT_EQ(submit_error(3, spec(0, 3)), "transaction underpriced");
  Hash tip6 = submit_ok(3, spec(0, 6));
  EXPECT_FALSE(holds(tip3));
  EXPECT_TRUE(holds(tip4) && holds(tip5) && holds(tip6));
  TxPoolStats stats = pool_->stats();
  EXPECT_EQ(stats.pending, 3u);
  EXPECT_EQ(stats.evicted, 1u);
  EXPECT_EQ(stats.senders, 3u);
}

TEST_F(TxPoolLimitsTest, EffectiveTipIsCappedByMaxFeeMinusBaseFee) {
  limit(2);
  // Base fee 1 gwei. Tip 3 but max fee 3: effective tip 2. Tip 3, max fee 10: 3.
  Hash capped = submit_ok(0, spec(0, 3, 3));
  Hash plain = submit_ok(1, spec(0, 3, 10));
  submit_ok(2, spec(0, 4, 10));
  EXPECT_FALSE(holds(capped));
  EXPECT_TRUE(holds(plain));
}

TEST_F(TxPoolLimitsTest, TransactionsThatCannotPayTheBaseFeeGoFirst) {
  limit(2);
  // Base fee 1 gwei: max fee 0.9 gwei cannot pay it, whatever its tip.
  TxnSpec unpayable = spec(0);
  unpayable.tip = kGwei * 9 / 10;
  unpayable.max_fee = kGwei * 9 / 10;
  Hash stuck = submit_ok(0, unpayable);
  TxnSpec tiny_tip = spec(0);
  tiny_tip.tip = 1;
  Hash payable = submit_ok(1, tiny_tip);
  TxnSpec newcomer = spec(0);
  newcomer.tip = 2;
  submit_ok(2, newcomer);
  EXPECT_FALSE(holds(stuck));
  EXPECT_TRUE(holds(payable));
}

TEST_F(TxPoolLimitsTest, QueuedTailsGoBeforePendingOnes) {
  limit(3);
  Hash pending_cheap = submit_ok(0, spec(0, 1));
  Hash queued_rich = submit_ok(1, spec(5, 50, 60));
  submit_ok(2, spec(0, 2));
  submit_ok(3, spec(0, 3));
  EXPECT_FALSE(holds(queued_rich));
  EXPECT_TRUE(holds(pending_cheap));
  // A queued newcomer cannot displace pending transactions.
  EXPECT_EQ(submit_error(4, spec(3, 100, 200)), "transaction underpriced");
}

TEST_F(TxPoolLimitsTest, EvictionTakesTheSendersHighestNonceNeverAGap) {
  limit(3);
  // Sender 0: nonce 0 pays 1, nonce 1 pays 9. Only its tail (nonce 1) is a candidate.
  Hash low = submit_ok(0, spec(0, 1));
  Hash high = submit_ok(0, spec(1, 9));
  Hash other = submit_ok(1, spec(0, 5));
  Hash newcomer = submit_ok(2, spec(0, 6));
  EXPECT_TRUE(holds(low) && holds(high) && holds(newcomer));
  EXPECT_FALSE(holds(other));
  EXPECT_EQ(pool_->stats().queued, 0u);
}

TEST_F(TxPoolLimitsTest, EvictingTheSendersOwnTailToStrandTheNewcomerIsRefused) {
  limit(2);
  submit_ok(0, spec(0, 1));
  submit_ok(0, spec(1, 1));
  // Nonce 2 would need nonce 1, which is the cheapest tail.
  EXPECT_EQ(submit_error(0, spec(2, 100, 200)), "txpool is full");
  // Another sender paying more takes nonce 1's place; nonce 0 stays pending.
  submit_ok(1, spec(0, 2));
  EXPECT_EQ(pool_->txns_from(address(0)).size(), 1u);
  EXPECT_EQ(pool_->stats().pending, 2u);
}

TEST_F(TxPoolLimitsTest, EqualPricesEvictTheLaterArrival) {
  limit(3);
  Hash first = submit_ok(0, spec(0, 2));
  Hash second = submit_ok(1, spec(0, 2));
  Hash third = submit_ok(2, spec(0, 2));
  submit_ok(3, spec(0, 3));
  EXPECT_TRUE(holds(first) && holds(second));
  EXPECT_FALSE(holds(third));
  submit_ok(4, spec(0, 3));
  EXPECT_TRUE(holds(first));
  EXPECT_FALSE(holds(second));
}

TEST_F(TxPoolLimitsTest, EvictionOrderFollowsTheBaseFee) {
  limit(2);
  // Tip 5 with max fee 6 vs tip 3 with max fee 20. At base fee 1 gwei: 5 vs 3.
  Hash capped = submit_ok(0, spec(0, 5, 6));
  Hash roomy = submit_ok(1, spec(0, 3, 20));
  // At base fee 4 gwei: min(5, 6 - 4) = 2 vs 3, so the first becomes the cheapest.
  pool_->on_new_block({.next_base_fee = U256(4 * kGwei)});
  submit_ok(2, spec(0, 4, 20));
  EXPECT_FALSE(holds(capped));
  EXPECT_TRUE(holds(roomy));
}

TEST_F(TxPoolLimitsTest, SenderLimitKeepsTheLowestNonces) {
  limit(100, 3);
  submit_ok(0, spec(0));
  submit_ok(0, spec(1));
  Hash far = submit_ok(0, spec(3));
  EXPECT_EQ(submit_error(0, spec(4)), "account limit exceeded: pooled 3 txs");
  // Nonce 2 fills the gap and displaces the sender's own highest nonce.
  submit_ok(0, spec(2));
  EXPECT_FALSE(holds(far));
  EXPECT_EQ(pool_->stats().pending, 3u);
  EXPECT_EQ(pool_->stats().queued, 0u);
  EXPECT_EQ(pool_->stats().evicted, 1u);
}

TEST_F(TxPoolLimitsTest, SameSubmissionsSameSurvivors) {
  // Two pools fed the same submissions end with the same content.
  auto run = [&] {
    limit(5, 2);
    for (uint32_t i = 0; i < 40; ++i) {
      auto result =
          pool_->submit_raw(signed_raw(key(i % kSenders), spec(i / kSenders % 3, 1 + (i * 7) % 5)));
      (void)result;
    }
    std::vector<Hash> survivors;
    for (size_t sender = 0; sender < kSenders; ++sender)
      for (const auto& txn : pool_->txns_from(address(sender))) survivors.push_back(txn->hash);
    return survivors;
  };
  auto first = run();
  auto second = run();
  EXPECT_EQ(first.size(), 5u);
  EXPECT_EQ(first, second);
}

}  // namespace
}  // namespace pel::txpool_test
