// Pending and queued transactions, promotion, replacement, lookups.
#include <gtest/gtest.h>

#include "node/txpool_test_fixture.hpp"

namespace pel::txpool_test {
namespace {

std::vector<uint64_t> nonces_of(const std::vector<PooledTxnPtr>& txns) {
  std::vector<uint64_t> out;
  for (const auto& txn : txns) out.push_back(txn->txn.nonce);
  return out;
}

TEST_F(TxPoolTest, ContiguousNoncesArePending) {
  for (uint64_t nonce = 0; nonce < 3; ++nonce) submit_ok(0, spec(nonce));
  TxPoolStats stats = pool_->stats();
  EXPECT_EQ(stats.pending, 3u);
  EXPECT_EQ(stats.queued, 0u);
  EXPECT_EQ(stats.senders, 1u);
  EXPECT_EQ(stats.accepted, 3u);
  EXPECT_EQ(pool_->pending_nonce(address(0)), 3u);
}

TEST_F(TxPoolTest, PendingStartsAtTheAccountNonce) {
  accounts_.set(address(0), 4, U256(kGwei) * U256(kGwei));
  submit_ok(0, spec(5));
  EXPECT_EQ(pool_->stats().queued, 1u);
  EXPECT_EQ(pool_->pending_nonce(address(0)), 4u);
  submit_ok(0, spec(4));
  EXPECT_EQ(pool_->stats().pending, 2u);
  EXPECT_EQ(pool_->stats().queued, 0u);
  EXPECT_EQ(pool_->pending_nonce(address(0)), 6u);
}

TEST_F(TxPoolTest, GapsQueueAndFillingThemPromotes) {
  submit_ok(0, spec(0));
  submit_ok(0, spec(2));
  submit_ok(0, spec(3));
  submit_ok(0, spec(5));
  EXPECT_EQ(pool_->stats().pending, 1u);
  EXPECT_EQ(pool_->stats().queued, 3u);
  EXPECT_EQ(pool_->pending_nonce(address(0)), 1u);

  submit_ok(0, spec(1));  // fills the first gap: 1, 2, 3 become pending
  EXPECT_EQ(pool_->stats().pending, 4u);
  EXPECT_EQ(pool_->stats().queued, 1u);
  EXPECT_EQ(pool_->pending_nonce(address(0)), 4u);

  submit_ok(0, spec(4));
  EXPECT_EQ(pool_->stats().pending, 6u);
  EXPECT_EQ(pool_->stats().queued, 0u);
  EXPECT_EQ(nonces_of(pool_->txns_from(address(0))), (std::vector<uint64_t>{0, 1, 2, 3, 4, 5}));
}

TEST_F(TxPoolTest, OnlyQueuedIsNotSelected) {
  submit_ok(0, spec(1));
  submit_ok(1, spec(0));
  auto selected = pool_->select_for_block(U256(kBaseFee), 30'000'000);
  ASSERT_EQ(selected.size(), 1u);
  EXPECT_EQ(selected[0]->sender, address(1));
}

TEST_F(TxPoolTest, PendingNonceOfAnUnknownSenderIsTheAccountNonce) {
  accounts_.set(address(3), 17, 0);
  EXPECT_EQ(pool_->pending_nonce(address(3)), 17u);
  EXPECT_EQ(pool_->pending_nonce(Address{}), 0u);
}

TEST_F(TxPoolTest, FindAndTxnsFrom) {
  Hash a = submit_ok(0, spec(0));
  Hash b = submit_ok(0, spec(2));
  EXPECT_EQ(pool_->find(a)->txn.nonce, 0u);
  EXPECT_EQ(pool_->find(b)->txn.nonce, 2u);
  EXPECT_EQ(pool_->find(Hash{}), nullptr);
  EXPECT_TRUE(pool_->txns_from(address(1)).empty());
}

TEST_F(TxPoolTest, ReplacingAQueuedTransactionKeepsItQueued) {
  submit_ok(0, spec(2, 1, 10));
  Hash replacement = submit_ok(0, spec(2, 2, 20));
  EXPECT_EQ(pool_->stats().queued, 1u);
  EXPECT_EQ(pool_->stats().pending, 0u);
  ASSERT_EQ(pool_->txns_from(address(0)).size(), 1u);
  EXPECT_EQ(pool_->txns_from(address(0))[0]->hash, replacement);
}

TEST_F(TxPoolTest, ReplacedTransactionIsForgotten) {
  Hash old = submit_ok(0, spec(0, 1, 10));
  Hash replacement = submit_ok(0, spec(0, 2, 20));
  EXPECT_EQ(pool_->find(old), nullptr);
  EXPECT_NE(pool_->find(replacement), nullptr);
  // The old one may come back only as a (now underpriced) replacement.
  EXPECT_EQ(submit_error(0, spec(0, 1, 10)), "replacement transaction underpriced");
}

TEST_F(TxPoolTest, LegacyReplacementBumpsTheGasPrice) {
  TxnSpec legacy = spec(0, 0, 10);
  legacy.type = TxnType::kLegacy;
  submit_ok(0, legacy);
  legacy.max_fee = U256(10 * kGwei) + U256(kGwei) - U256(1);
  EXPECT_EQ(submit_error(0, legacy), "replacement transaction underpriced");
  legacy.max_fee = U256(11 * kGwei);
  EXPECT_EQ(submit_error(0, legacy), "");
}

TEST_F(TxPoolTest, ReplacementOfAZeroTipMustRaiseIt) {
  submit_ok(0, spec(0, 0, 10));
  // 10% of zero is zero, but geth also asks for a strict increase.
  EXPECT_EQ(submit_error(0, spec(0, 0, 20)), "replacement transaction underpriced");
  TxnSpec one_wei = spec(0, 0, 20);
  one_wei.tip = 1;
  EXPECT_EQ(submit_error(0, one_wei), "");
}

TEST_F(TxPoolTest, RemoveQueuesTheLaterNonces) {
  Hash first = submit_ok(0, spec(0));
  Hash second = submit_ok(0, spec(1));
  submit_ok(0, spec(2));
  EXPECT_TRUE(pool_->remove(second));
  EXPECT_FALSE(pool_->remove(second));
  EXPECT_EQ(pool_->stats().pending, 1u);
  EXPECT_EQ(pool_->stats().queued, 1u);
  EXPECT_EQ(pool_->pending_nonce(address(0)), 1u);
  EXPECT_TRUE(pool_->remove(first));
  EXPECT_EQ(pool_->stats().pending, 0u);
  EXPECT_EQ(pool_->stats().queued, 1u);
  // Refilled, it is pending again.
  submit_ok(0, spec(0));
  submit_ok(0, spec(1));
  EXPECT_EQ(pool_->stats().pending, 3u);
}

TEST_F(TxPoolTest, RemovingTheLastTransactionForgetsTheSender) {
  Hash only = submit_ok(0, spec(0));
  EXPECT_TRUE(pool_->remove(only));
  EXPECT_EQ(pool_->stats().senders, 0u);
  // The account is read afresh: a new nonce is seen.
  accounts_.set_nonce(address(0), 1);
  EXPECT_EQ(submit_error(0, spec(0)), "nonce too low: next nonce 1, tx nonce 0");
}

TEST_F(TxPoolTest, KnownSendersAreValidatedAgainstTheStateThePoolKeeps) {
  submit_ok(0, spec(0));
  // Without a block report, a changed account is not re-read for a sender the pool
  // holds: the pool's view moves only with on_new_block().
  accounts_.set_nonce(address(0), 5);
  EXPECT_EQ(submit_error(0, spec(1)), "");
  const Address changed[] = {address(0)};
  pool_->on_new_block({.next_base_fee = U256(kBaseFee), .changed_accounts = changed});
  EXPECT_EQ(submit_error(0, spec(2)), "nonce too low: next nonce 5, tx nonce 2");
}

}  // namespace
}  // namespace pel::txpool_test
