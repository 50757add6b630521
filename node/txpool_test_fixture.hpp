#pragma once
// A pool over map-backed accounts with funded test senders, for the pool's tests.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "node/txpool.hpp"
#include "node/txpool_test_support.hpp"

namespace pel::txpool_test {

class TxPoolTest : public ::testing::Test {
 protected:
  static constexpr size_t kSenders = 8;
  static constexpr uint64_t kBaseFee = 1 * kGwei;

  TxPoolTest() {
    for (uint32_t i = 0; i < kSenders; ++i) {
      keys_.push_back(test_key(i));
      addresses_.push_back(address_of_key(keys_.back()));
      accounts_.set(addresses_.back(), 0, U256(1'000'000) * U256(kGwei) * U256(kGwei));
    }
    make_pool(TxPoolConfig{});
  }

  void make_pool(TxPoolConfig config) {
    pool_ = std::make_unique<TxPool>(config, accounts_, U256(kBaseFee));
  }

  const PrivateKey& key(size_t sender) const { return keys_[sender]; }
  const Address& address(size_t sender) const { return addresses_[sender]; }

  // Submits and expects success; returns the hash.
  Hash submit_ok(size_t sender, TxnSpec spec) {
    auto result = pool_->submit_raw(signed_raw(key(sender), spec));
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
    return result.ok() ? *result : Hash{};
  }
  // Submits and returns the error message ("" when it was accepted).
  std::string submit_error(size_t sender, TxnSpec spec) {
    auto result = pool_->submit_raw(signed_raw(key(sender), spec));
    return result.ok() ? std::string() : result.error().message;
  }
  std::string submit_raw_error(BytesView raw) {
    auto result = pool_->submit_raw(raw);
    return result.ok() ? std::string() : result.error().message;
  }

  static TxnSpec spec(uint64_t nonce, uint64_t tip_gwei = 1, uint64_t max_fee_gwei = 10) {
    TxnSpec out;
    out.nonce = nonce;
    out.tip = U256(tip_gwei) * U256(kGwei);
    out.max_fee = U256(max_fee_gwei) * U256(kGwei);
    return out;
  }

  MapAccounts accounts_;
  std::vector<PrivateKey> keys_;
  std::vector<Address> addresses_;
  std::unique_ptr<TxPool> pool_;
};

}  // namespace pel::txpool_test
