// Every rejection a submission can meet, with geth's exact message.
#include <gtest/gtest.h>

#include <limits>

#include "node/txpool_test_fixture.hpp"

namespace pel::txpool_test {
namespace {

using namespace txpool_errors;

TEST_F(TxPoolTest, AcceptsAValidTransferAndReturnsItsHash) {
  Transaction txn = signed_txn(key(0), spec(0));
  auto result = pool_->submit_raw(encode_transaction(txn));
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(*result, txn_hash(txn));
  auto found = pool_->find(*result);
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->sender, address(0));
  EXPECT_EQ(found->txn, txn);
  EXPECT_EQ(found->size, encode_transaction(txn).size());
  EXPECT_EQ(found->cost, U256(21'000) * U256(10 * kGwei) + U256(1));
}

TEST_F(TxPoolTest, OversizedData) {
  TxnSpec big = spec(0);
  big.data.assign(128 * 1024, 0x01);
  big.gas = 10'000'000;
  Bytes raw = signed_raw(key(0), big);
  ASSERT_GT(raw.size(), 131'072u);
  std::string expected = "oversized data: transaction size ";
  expected += std::to_string(raw.size());
  expected += ", limit 131072";
  EXPECT_EQ(submit_raw_error(raw), expected);
  // The same transaction decoded (eth_sendTransaction path) meets the same limit.
  auto prepared = pool_->prepare(signed_txn(key(0), big));
  ASSERT_FALSE(prepared.ok());
  EXPECT_EQ(prepared.error().message, expected);
}

TEST_F(TxPoolTest, UndecodableBytesAreRejectedWithTheDecodersMessage) {
  const Bytes garbage = {0x02, 0xc0, 0x01};
  std::string message = submit_raw_error(garbage);
  EXPECT_FALSE(message.empty());
  EXPECT_EQ(submit_raw_error(Bytes{}).empty(), false);
}

TEST_F(TxPoolTest, InvalidChainId) {
  TxnSpec other_chain = spec(0);
  other_chain.chain_id = 5;
  EXPECT_EQ(submit_error(0, other_chain),
            "invalid sender: invalid chain id for signer: have 5 want 1");
  TxnSpec legacy = other_chain;
  legacy.type = TxnType::kLegacy;
  std::string message = submit_error(0, legacy);
  EXPECT_EQ(message, "invalid sender: invalid chain id for signer: have 5 want 1");
  EXPECT_TRUE(is_txpool_error(make_error(message), kInvalidSender));
  EXPECT_TRUE(is_txpool_error(make_error(message), kInvalidChainId));
  EXPECT_FALSE(is_txpool_error(make_error(message), kNonceTooLow));
}

TEST_F(TxPoolTest, UnprotectedLegacyOnlyWhenAllowed) {
  TxnSpec unprotected = spec(0);
  unprotected.type = TxnType::kLegacy;
  unprotected.chain_id.reset();
  EXPECT_EQ(submit_error(0, unprotected),
            "only replay-protected (EIP-155) transactions allowed over RPC");
  TxPoolConfig config;
  config.allow_unprotected = true;
  make_pool(config);
  Hash hash = submit_ok(0, unprotected);
  ASSERT_NE(pool_->find(hash), nullptr);
  EXPECT_EQ(pool_->find(hash)->sender, address(0));
}

TEST_F(TxPoolTest, HighSIsAnInvalidSender) {
  Transaction txn = signed_txn(key(0), spec(0));
  // n - s is the other valid-looking s for the same r; EIP-2 rejects the high one.
  const U256 n =
      *U256::from_hex("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
  txn.s = n - txn.s;
  txn.y_parity ^= 1;
  EXPECT_EQ(submit_raw_error(encode_transaction(txn)),
            "invalid sender: invalid transaction v, r, s values");
  txn.s = 0;
  EXPECT_EQ(submit_raw_error(encode_transaction(txn)),
            "invalid sender: invalid transaction v, r, s values");
}

TEST_F(TxPoolTest, TipAboveFeeCap) {
  EXPECT_EQ(submit_error(0, spec(0, /*tip*/ 11, /*max_fee*/ 10)),
            "max priority fee per gas higher than max fee per gas");
}

TEST_F(TxPoolTest, IntrinsicGasTooLow) {
  TxnSpec low = spec(0);
  low.gas = 20'999;
  EXPECT_EQ(submit_error(0, low), "intrinsic gas too low: gas 20999, minimum needed 21000");
  TxnSpec with_data = spec(0);
  with_data.data = {0x00, 0x01};  // 4 + 16
  with_data.gas = 21'019;
  EXPECT_EQ(submit_error(0, with_data), "intrinsic gas too low: gas 21019, minimum needed 21020");
  with_data.gas = 21'020;
  EXPECT_EQ(submit_error(0, with_data), "");
}

TEST_F(TxPoolTest, CreationPaysForInitcodeAndHasASizeLimit) {
  TxnSpec create = spec(0);
  create.create = true;
  create.data.assign(64, 0x01);  // 2 words: 53000 + 64 * 16 + 2 * 2
  create.gas = 54'027;
  EXPECT_EQ(submit_error(0, create), "intrinsic gas too low: gas 54027, minimum needed 54028");
  create.gas = 54'028;
  EXPECT_EQ(submit_error(0, create), "");

  TxnSpec huge = spec(1);
  huge.create = true;
  huge.data.assign(49'153, 0x01);
  huge.gas = 10'000'000;
  EXPECT_EQ(submit_error(0, huge), "max initcode size exceeded: code size 49153, limit 49152");
}

TEST_F(TxPoolTest, ExceedsBlockGasLimit) {
  TxPoolConfig config;
  config.block_gas_limit = 100'000;
  make_pool(config);
  TxnSpec heavy = spec(0);
  heavy.gas = 100'001;
  EXPECT_EQ(submit_error(0, heavy), "exceeds block gas limit");
  heavy.gas = 100'000;
  EXPECT_EQ(submit_error(0, heavy), "");
}

TEST_F(TxPoolTest, BelowTheMinimumGasPriceIsUnderpriced) {
  TxPoolConfig config;
  config.min_gas_price = 5 * kGwei;
  make_pool(config);
  EXPECT_EQ(submit_error(0, spec(0, 1, 4)),
            "transaction underpriced: gas fee cap 4000000000, minimum needed 5000000000");
  EXPECT_EQ(submit_error(0, spec(0, 1, 5)), "");
}

TEST_F(TxPoolTest, BelowTheCurrentBaseFeeIsAcceptedButNotSelected) {
  // Base fee 1 gwei; a max fee of 0.5 gwei cannot pay it now but may later.
  TxnSpec cheap = spec(0);
  cheap.tip = kGwei / 4;
  cheap.max_fee = kGwei / 2;
  Hash hash = submit_ok(0, cheap);
  EXPECT_EQ(pool_->stats().pending, 1u);
  EXPECT_TRUE(pool_->select_for_block(U256(kBaseFee), 30'000'000).empty());
  auto later = pool_->select_for_block(U256(kGwei / 10), 30'000'000);
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0]->hash, hash);
}

TEST_F(TxPoolTest, NonceTooLow) {
  accounts_.set(address(0), 5, U256(kGwei) * U256(kGwei));
  EXPECT_EQ(submit_error(0, spec(3)), "nonce too low: next nonce 5, tx nonce 3");
  EXPECT_EQ(submit_error(0, spec(5)), "");
}

TEST_F(TxPoolTest, NonceHasMaxValue) {
  EXPECT_EQ(submit_error(0, spec(std::numeric_limits<uint64_t>::max())), "nonce has max value");
}

TEST_F(TxPoolTest, InsufficientFunds) {
  // Cost: 21000 * 10 gwei + 1 = 210000000000001 wei.
  accounts_.set(address(0), 0, U256(210'000'000'000'000ULL));
  EXPECT_EQ(submit_error(0, spec(0)),
            "insufficient funds for gas * price + value: balance 210000000000000, "
            "tx cost 210000000000001, overshot 1");
  // Enough for one, not for two: the pooled transactions count.
  accounts_.set(address(1), 0, U256(300'000'000'000'000ULL));
  EXPECT_EQ(submit_error(1, spec(0)), "");
  EXPECT_EQ(submit_error(1, spec(1)),
            "insufficient funds for gas * price + value: balance 300000000000000, "
            "queued cost 210000000000001, tx cost 210000000000001, overshot 120000000000002");
  // A replacement is charged the difference: 2 pooled at 210000000000001 each, the
  // first raised to 315000000000001, which alone the balance could pay.
  accounts_.set(address(2), 0, U256(500'000'000'000'000ULL));
  EXPECT_EQ(submit_error(2, spec(0)), "");
  EXPECT_EQ(submit_error(2, spec(1)), "");
  EXPECT_EQ(submit_error(2, spec(0, 2, 15)),
            "insufficient funds for gas * price + value: balance 500000000000000, "
            "queued cost 420000000000002, tx bumped 105000000000000, overshot 25000000000002");
}

TEST_F(TxPoolTest, CostAbove256BitsIsInsufficientFunds) {
  TxnSpec absurd = spec(0);
  absurd.max_fee = U256::max();
  absurd.tip = 1;
  EXPECT_EQ(submit_error(0, absurd), "insufficient funds for gas * price + value");
}

TEST_F(TxPoolTest, AlreadyKnown) {
  Bytes raw = signed_raw(key(0), spec(0));
  ASSERT_TRUE(pool_->submit_raw(raw).ok());
  EXPECT_EQ(submit_raw_error(raw), "already known");
  // Also for a queued one.
  Bytes queued = signed_raw(key(0), spec(7));
  ASSERT_TRUE(pool_->submit_raw(queued).ok());
  EXPECT_EQ(submit_raw_error(queued), "already known");
}

TEST_F(TxPoolTest, ReplacementNeedsTenPercentOnBothFees) {
  submit_ok(0, spec(0, /*tip*/ 10, /*max_fee*/ 100));
  // Identical fields sign (RFC 6979) to the identical transaction.
  EXPECT_EQ(submit_error(0, spec(0, 10, 100)), "already known");
  EXPECT_EQ(submit_error(0, spec(0, 10, 200)), "replacement transaction underpriced");
  EXPECT_EQ(submit_error(0, spec(0, 20, 109)), "replacement transaction underpriced");
  EXPECT_EQ(submit_error(0, spec(0, 10, 110)), "replacement transaction underpriced");
  TxnSpec just_below = spec(0, 11, 110);
  just_below.max_fee = U256(110 * kGwei) - U256(1);
  EXPECT_EQ(submit_error(0, just_below), "replacement transaction underpriced");
  Hash replacement = submit_ok(0, spec(0, 11, 110));
  EXPECT_EQ(pool_->stats().pending, 1u);
  EXPECT_EQ(pool_->stats().replaced, 1u);
  ASSERT_EQ(pool_->txns_from(address(0)).size(), 1u);
  EXPECT_EQ(pool_->txns_from(address(0))[0]->hash, replacement);
}

TEST_F(TxPoolTest, AccountLimitExceeded) {
  TxPoolConfig config;
  config.max_txns_per_sender = 3;
  make_pool(config);
  for (uint64_t nonce = 0; nonce < 3; ++nonce) submit_ok(0, spec(nonce));
  EXPECT_EQ(submit_error(0, spec(3)), "account limit exceeded: pooled 3 txs");
  // Replacements are not new slots.
  EXPECT_EQ(submit_error(0, spec(2, 2, 20)), "");
}

TEST_F(TxPoolTest, RejectionsAreCounted) {
  EXPECT_FALSE(submit_error(0, spec(0, 11, 10)).empty());  // prepare()
  submit_ok(0, spec(0));
  EXPECT_FALSE(submit_error(0, spec(0)).empty());  // add(): already known
  EXPECT_EQ(pool_->stats().rejected, 2u);
  EXPECT_EQ(pool_->stats().accepted, 1u);
}

}  // namespace
}  // namespace pel::txpool_test
