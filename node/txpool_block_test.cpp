// After a block: included and stale nonces leave, balances are re-checked, gaps promote.
#include <gtest/gtest.h>

#include <functional>

#include "node/txpool_test_fixture.hpp"

namespace pel::txpool_test {
namespace {

class TxPoolBlockTest : public TxPoolTest {
 protected:
  void new_block(std::vector<Address> changed, uint64_t gas_limit = 0,
                 uint64_t base_fee = kBaseFee) {
    pool_->on_new_block(
        {.next_base_fee = U256(base_fee), .gas_limit = gas_limit, .changed_accounts = changed});
  }
  std::vector<uint64_t> nonces(size_t sender) const {
    std::vector<uint64_t> out;
    for (const auto& txn : pool_->txns_from(address(sender))) out.push_back(txn->txn.nonce);
    return out;
  }
};

TEST_F(TxPoolBlockTest, IncludedTransactionsLeave) {
  Hash first = submit_ok(0, spec(0));
  Hash second = submit_ok(0, spec(1));
  Hash third = submit_ok(0, spec(2));
  submit_ok(1, spec(0));
  accounts_.set_nonce(address(0), 2);  // the block ran nonces 0 and 1
  new_block({address(0)});
  EXPECT_EQ(pool_->find(first), nullptr);
  EXPECT_EQ(pool_->find(second), nullptr);
  EXPECT_NE(pool_->find(third), nullptr);
  TxPoolStats stats = pool_->stats();
  EXPECT_EQ(stats.pending, 2u);
  EXPECT_EQ(stats.queued, 0u);
  EXPECT_EQ(stats.dropped, 2u);
  EXPECT_EQ(pool_->pending_nonce(address(0)), 3u);
  // The included transaction is now too old to come back.
  EXPECT_EQ(submit_error(0, spec(1)), "nonce too low: next nonce 2, tx nonce 1");
}

TEST_F(TxPoolBlockTest, AllIncludedForgetsTheSender) {
  submit_ok(0, spec(0));
  accounts_.set_nonce(address(0), 1);
  new_block({address(0), address(5)});
  EXPECT_EQ(pool_->stats().senders, 0u);
  EXPECT_EQ(pool_->stats().pending, 0u);
  EXPECT_EQ(pool_->pending_nonce(address(0)), 1u);
}

TEST_F(TxPoolBlockTest, ANonceJumpPromotesQueuedAndDropsStaleOnes) {
  submit_ok(0, spec(0));
  submit_ok(0, spec(2));
  submit_ok(0, spec(3));
  submit_ok(0, spec(6));
  EXPECT_EQ(pool_->stats().pending, 1u);
  EXPECT_EQ(pool_->stats().queued, 3u);
  // Nonce 1 came from elsewhere (another node's block, a different pool).
  accounts_.set_nonce(address(0), 2);
  new_block({address(0)});
  EXPECT_EQ(nonces(0), (std::vector<uint64_t>{2, 3, 6}));
  EXPECT_EQ(pool_->stats().pending, 2u);
  EXPECT_EQ(pool_->stats().queued, 1u);
  accounts_.set_nonce(address(0), 7);
  new_block({address(0)});
  EXPECT_TRUE(nonces(0).empty());
}

TEST_F(TxPoolBlockTest, UnpayableTransactionsLeaveAndTheirSuccessorsQueue) {
  // Costs: nonce 0 and 2 cost 21000 * 10 gwei + 1; nonce 1 also sends 1 ether.
  submit_ok(0, spec(0));
  TxnSpec rich = spec(1);
  rich.value = U256(kGwei) * U256(kGwei);
  Hash expensive = submit_ok(0, rich);
  submit_ok(0, spec(2));
  accounts_.set(address(0), 0, U256(kGwei) * U256(kGwei) / U256(2));
  new_block({address(0)});
  EXPECT_EQ(pool_->find(expensive), nullptr);
  EXPECT_EQ(nonces(0), (std::vector<uint64_t>{0, 2}));
  EXPECT_EQ(pool_->stats().pending, 1u);
  EXPECT_EQ(pool_->stats().queued, 1u);
}

TEST_F(TxPoolBlockTest, ABalanceRiseIsSeenForAChangedAccount) {
  accounts_.set(address(0), 0, U256(210'000'000'000'001ULL));
  submit_ok(0, spec(0));
  EXPECT_TRUE(
      is_txpool_error(make_error(submit_error(0, spec(1))), txpool_errors::kInsufficientFunds));
  // A block paid the sender: it is a changed account, though it sent nothing.
  accounts_.set(address(0), 0, U256(kGwei) * U256(kGwei));
  new_block({address(0)});
  EXPECT_EQ(submit_error(0, spec(1)), "");
}

TEST_F(TxPoolBlockTest, KnownAccountStatesAreAppliedWithoutARead) {
  submit_ok(0, spec(0));
  submit_ok(0, spec(1));
  submit_ok(1, spec(0));
  // The map still says nonce 0: only the state given counts.
  const TxPoolAccountUpdate known[] = {{address(0), {1, U256(kGwei) * U256(kGwei)}},
                                       {address(6), {9, 0}}};
  pool_->on_new_block({.next_base_fee = U256(kBaseFee), .updated_accounts = known});
  EXPECT_EQ(nonces(0), (std::vector<uint64_t>{1}));
  EXPECT_EQ(nonces(1), (std::vector<uint64_t>{0}));
  EXPECT_EQ(pool_->stats().dropped, 1u);
  EXPECT_EQ(pool_->pending_nonce(address(0)), 2u);
}

TEST_F(TxPoolBlockTest, AccountsNotReportedKeepThePoolsView) {
  submit_ok(0, spec(0));
  accounts_.set_nonce(address(0), 1);
  new_block({address(1)});
  EXPECT_EQ(pool_->stats().pending, 1u);
  pool_->on_new_block({.next_base_fee = U256(kBaseFee), .recheck_all = true});
  EXPECT_EQ(pool_->stats().pending, 0u);
}

TEST_F(TxPoolBlockTest, ALowerGasLimitDropsWhatNoLongerFits) {
  TxnSpec heavy = spec(1);
  heavy.gas = 100'000;
  submit_ok(0, spec(0));
  submit_ok(0, heavy);
  submit_ok(0, spec(2));
  new_block({}, 90'000);
  EXPECT_EQ(nonces(0), (std::vector<uint64_t>{0, 2}));
  EXPECT_EQ(pool_->stats().pending, 1u);
  EXPECT_EQ(pool_->stats().queued, 1u);
  EXPECT_EQ(submit_error(1, heavy), "exceeds block gas limit");
  new_block({}, 200'000);
  EXPECT_EQ(submit_error(0, heavy), "");
  EXPECT_EQ(pool_->stats().pending, 3u);
}

TEST_F(TxPoolBlockTest, PendingFollowsTheAccountNonceBothWays) {
  accounts_.set_nonce(address(0), 3);
  submit_ok(0, spec(4));  // waits for nonce 3
  EXPECT_EQ(pool_->stats().queued, 1u);
  accounts_.set_nonce(address(0), 4);  // nonce 3 arrived in a block from elsewhere
  new_block({address(0)});
  EXPECT_EQ(pool_->stats().pending, 1u);
  // A reorganisation drops that block and one before it: nonces 2 and 3 are open again.
  accounts_.set_nonce(address(0), 2);
  new_block({address(0)});
  EXPECT_EQ(pool_->stats().pending, 0u);
  EXPECT_EQ(pool_->stats().queued, 1u);
  EXPECT_EQ(pool_->pending_nonce(address(0)), 2u);
}

// A submission for a new sender reads its account outside the lock. If a block lands
// between that read and the insertion, the read is stale: the pool must read again.
class RacingAccounts : public AccountReader {
 public:
  explicit RacingAccounts(const MapAccounts& inner) : inner_(inner) {}
  TxPoolAccount account(const Address& address) const override {
    TxPoolAccount result = inner_.account(address);
    if (before_return_) {
      auto hook = std::move(before_return_);
      before_return_ = nullptr;
      hook();
    }
    ++reads_;
    return result;
  }
  mutable std::function<void()> before_return_;
  mutable int reads_ = 0;

 private:
  const MapAccounts& inner_;
};

TEST_F(TxPoolBlockTest, ABlockDuringASubmissionsAccountReadIsNotMissed) {
  RacingAccounts racing(accounts_);
  TxPool pool(TxPoolConfig{}, racing, U256(kBaseFee));
  // Nonce 0 of sender 0 is included by a block that lands during the read.
  racing.before_return_ = [&] {
    accounts_.set_nonce(address(0), 1);
    const Address changed[] = {address(0)};
    pool.on_new_block({.next_base_fee = U256(kBaseFee), .changed_accounts = changed});
  };
  auto result = pool.submit_raw(signed_raw(key(0), spec(0)));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message, "nonce too low: next nonce 1, tx nonce 0");
  EXPECT_EQ(racing.reads_, 2);
  EXPECT_EQ(pool.stats().senders, 0u);
}

}  // namespace
}  // namespace pel::txpool_test
