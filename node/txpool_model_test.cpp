// Random operations against the pool's invariants: pending is exactly the unbroken run
// from the account nonce, limits hold, eviction only ever takes a sender's highest
// nonce, and block selection is a valid price-and-nonce merge. Transactions are built
// by hand (no signatures) so thousands of operations run in milliseconds.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include "crypto/keccak.hpp"
#include "node/txpool.hpp"
#include "node/txpool_test_support.hpp"

namespace pel::txpool_test {
namespace {

constexpr size_t kSenders = 6;
constexpr uint64_t kBalance = 1'000'000'000'000'000'000ULL;

class ModelTest : public ::testing::TestWithParam<uint32_t> {
 protected:
  ModelTest() {
    for (size_t i = 0; i < kSenders; ++i) {
      Address address;
      address.bytes[0] = static_cast<uint8_t>(0xa0 + i);
      senders_.push_back(address);
      accounts_.set(address, 0, kBalance);
      nonce_[address] = 0;
    }
    config_.max_txns = 12;
    config_.max_txns_per_sender = 4;
    pool_ = std::make_unique<TxPool>(config_, accounts_, U256(kGwei));
  }

  PooledTxnPtr make(const Address& sender, uint64_t nonce, uint64_t tip, uint64_t max_fee) {
    auto pooled = std::make_shared<PooledTxn>();
    pooled->txn.type = TxnType::kDynamicFee;
    pooled->txn.chain_id = 1;
    pooled->txn.nonce = nonce;
    pooled->txn.max_priority_fee_per_gas = tip;
    pooled->txn.max_fee_per_gas = max_fee;
    // Gas varies with the tip, so a replacement changes the pending gas too.
    pooled->txn.gas_limit = 21'000 + tip % 7 * 1'000;
    pooled->sender = sender;
    pooled->cost = U256(pooled->txn.gas_limit) * U256(max_fee);
    // A unique hash per (sender, nonce, fees): what a signature would make unique.
    Bytes preimage(sender.bytes.begin(), sender.bytes.end());
    for (uint64_t field : {nonce, tip, max_fee})
      for (int b = 0; b < 8; ++b) preimage.push_back(static_cast<uint8_t>(field >> (8 * b)));
    pooled->hash = keccak256(preimage);
    return pooled;
  }

  std::map<Address, std::vector<uint64_t>> snapshot() const {
    std::map<Address, std::vector<uint64_t>> out;
    for (const Address& sender : senders_)
      for (const auto& txn : pool_->txns_from(sender)) out[sender].push_back(txn->txn.nonce);
    return out;
  }

  void check_invariants() {
    size_t pending = 0, total = 0;
    uint64_t pending_gas = 0;
    for (const Address& sender : senders_) {
      auto txns = pool_->txns_from(sender);
      ASSERT_LE(txns.size(), config_.max_txns_per_sender);
      uint64_t run_end = nonce_[sender];
      for (size_t i = 0; i < txns.size(); ++i) {
        ASSERT_GE(txns[i]->txn.nonce, nonce_[sender]);
        if (i > 0) {
          ASSERT_GT(txns[i]->txn.nonce, txns[i - 1]->txn.nonce);
        }
        if (txns[i]->txn.nonce == run_end) {
          ++run_end;
          pending_gas += txns[i]->txn.gas_limit;
        }
        ASSERT_EQ(pool_->find(txns[i]->hash), txns[i]);
      }
      pending += run_end - nonce_[sender];
      total += txns.size();
      ASSERT_EQ(pool_->pending_nonce(sender), run_end);
    }
    TxPoolStats stats = pool_->stats();
    ASSERT_EQ(stats.pending, pending);
    ASSERT_EQ(stats.queued, total - pending);
    ASSERT_EQ(stats.pending_gas, pending_gas);
    // Only ever grows, and by at least what is pending now beyond what was before.
    ASSERT_GE(stats.pending_gas_added, last_pending_gas_added_);
    if (pending_gas > last_pending_gas_) {
      ASSERT_GE(stats.pending_gas_added - last_pending_gas_added_, pending_gas - last_pending_gas_);
    }
    last_pending_gas_added_ = stats.pending_gas_added;
    last_pending_gas_ = pending_gas;
    ASSERT_LE(total, config_.max_txns);
  }

  // The selection must list each sender's pending run in nonce order (cut where a
  // transaction cannot pay), and each pick must be the best head available.
  void check_selection(uint64_t base_fee) {
    auto selected = pool_->select_for_block(U256(base_fee), 1'000'000'000);
    std::map<Address, std::vector<PooledTxnPtr>> runs;
    for (const Address& sender : senders_) {
      uint64_t expect = nonce_[sender];
      for (const auto& txn : pool_->txns_from(sender)) {
        if (txn->txn.nonce != expect || txn->txn.max_fee_per_gas < U256(base_fee)) break;
        runs[sender].push_back(txn);
        ++expect;
      }
    }
    std::map<Address, size_t> next;
    size_t expected_count = 0;
    for (const auto& [sender, run] : runs) expected_count += run.size();
    ASSERT_EQ(selected.size(), expected_count);
    auto tip = [&](const PooledTxnPtr& txn) {
      U256 headroom = txn->txn.max_fee_per_gas - U256(base_fee);
      return std::min(txn->txn.max_priority_fee_per_gas, headroom);
    };
    for (const auto& txn : selected) {
      auto& run = runs[txn->sender];
      size_t& at = next[txn->sender];
      ASSERT_LT(at, run.size());
      ASSERT_EQ(run[at], txn);
      for (const auto& [other, other_run] : runs) {
        if (other == txn->sender || next[other] >= other_run.size()) continue;
        ASSERT_LE(tip(other_run[next[other]]), tip(txn));
      }
      ++at;
    }
  }

  MapAccounts accounts_;
  TxPoolConfig config_;
  std::unique_ptr<TxPool> pool_;
  std::vector<Address> senders_;
  uint64_t last_pending_gas_ = 0;  // at the previous check_invariants()
  uint64_t last_pending_gas_added_ = 0;
  std::map<Address, uint64_t> nonce_;  // the model's account nonces
};

TEST_P(ModelTest, RandomOperationsKeepTheInvariants) {
  std::mt19937 rng(GetParam());
  auto pick = [&](uint64_t n) { return std::uniform_int_distribution<uint64_t>(0, n - 1)(rng); };
  size_t accepted = 0;
  for (int step = 0; step < 3'000; ++step) {
    const Address& sender = senders_[pick(kSenders)];
    const uint64_t op = pick(10);
    if (op < 7) {
      // Submit: a nonce near the account's, fees from a small set so ties happen.
      const uint64_t nonce = nonce_[sender] + pick(6);
      const uint64_t tip = pick(4) * kGwei;
      const uint64_t max_fee = tip + (1 + pick(3)) * kGwei;
      auto before = snapshot();
      auto result = pool_->add(make(sender, nonce, tip, max_fee));
      accepted += result.ok();
      auto after = snapshot();
      // Whatever another sender lost, it lost from the top: never a gap below.
      for (const Address& other : senders_) {
        const auto& was = before[other];
        const auto& now = after[other];
        if (now.size() >= was.size()) continue;
        ASSERT_EQ(was.size() - now.size(), 1u);
        ASSERT_TRUE(std::equal(now.begin(), now.end(), was.begin()))
            << "eviction took a nonce below the sender's highest";
      }
    } else if (op < 9) {
      // A block includes some of the sender's pending run.
      const uint64_t advance = pool_->pending_nonce(sender) - nonce_[sender];
      nonce_[sender] += advance == 0 ? pick(2) : 1 + pick(advance);
      accounts_.set_nonce(sender, nonce_[sender]);
      const Address changed[] = {sender};
      pool_->on_new_block(
          {.next_base_fee = U256((1 + pick(3)) * kGwei), .changed_accounts = changed});
    } else {
      auto txns = pool_->txns_from(sender);
      if (!txns.empty()) {
        ASSERT_TRUE(pool_->remove(txns[pick(txns.size())]->hash));
      }
    }
    ASSERT_NO_FATAL_FAILURE(check_invariants()) << "step " << step;
    if (step % 10 == 0) {
      ASSERT_NO_FATAL_FAILURE(check_selection(1 + pick(3) * kGwei)) << "step " << step;
    }
  }
  EXPECT_GT(accepted, 500u);
  EXPECT_GT(pool_->stats().evicted, 0u);
}

INSTANTIATE_TEST_SUITE_P(Seeds, ModelTest, ::testing::Values(1u, 2u, 3u, 42u));

}  // namespace
}  // namespace pel::txpool_test
