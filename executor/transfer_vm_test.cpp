#include "executor/transfer_vm.hpp"

#include <gtest/gtest.h>

#include "executor/block_executor.hpp"
#include "executor/sequential_executor.hpp"
#include "executor/test_support.hpp"
#include "state/memory_state.hpp"

namespace pel {
namespace {

Address addr(uint8_t tag) {
  Address a;
  a.bytes[0] = tag;
  a.bytes[19] = tag;
  return a;
}

class TransferVmTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env.base_fee = 10;
    env.coinbase = coinbase;
    env.gas_limit = 30'000'000;
    state.set_balance(alice, U256(1'000'000'000));
    state.set_balance(coinbase, U256(5'000'000));
    state.set_balance(bob, U256(7));
  }
  // An EIP-1559 transfer: max fee 30, tip 5, so it pays 15 per gas (5 to the coinbase).
  Transaction transfer(const Address& to, uint64_t value, uint64_t nonce = 0) {
    Transaction txn;
    txn.type = TxnType::kDynamicFee;
    txn.chain_id = 1;
    txn.nonce = nonce;
    txn.max_fee_per_gas = 30;
    txn.max_priority_fee_per_gas = 5;
    txn.gas_limit = 21'000;
    txn.to = to;
    txn.value = value;
    return txn;
  }
  TxnOutput run(const Transaction& txn, const Address& sender) const {
    return vm.execute(txn, sender, env, state);
  }
  void expect_invalid(const Transaction& txn, const Address& sender, InvalidReason reason) {
    TxnOutput out = run(txn, sender);
    EXPECT_EQ(out.result.status, TxnStatus::kInvalid);
    EXPECT_EQ(out.result.invalid_reason, reason) << invalid_reason_message(reason);
    EXPECT_EQ(out.result.gas_used, 0u);
    EXPECT_TRUE(out.writes.empty());
  }

  TransferVm vm;
  BlockEnv env;
  MemoryState state;
  Address alice = addr(0xa1), bob = addr(0xb0), carol = addr(0xca), coinbase = addr(0xcb);
};

TEST_F(TransferVmTest, PaysValueAndFeesAndCreditsTheTipAsADelta) {
  TxnOutput out = run(transfer(bob, 1000), alice);
  EXPECT_EQ(out.result.status, TxnStatus::kSuccess);
  EXPECT_EQ(out.result.gas_used, 21'000u);
  WriteSet expected;
  expected.set(StateKey::nonce(alice), 1);
  expected.set(StateKey::balance(alice), U256(1'000'000'000 - 21'000 * 15 - 1000));
  expected.set(StateKey::balance(bob), U256(7 + 1000));
  expected.add(StateKey::balance(coinbase), U256(21'000 * 5));
  EXPECT_EQ(out.writes, expected);
}

TEST_F(TransferVmTest, LegacyPriceIsTheGasPrice) {
  Transaction txn = transfer(bob, 0);
  txn.type = TxnType::kLegacy;
  txn.max_fee_per_gas = txn.max_priority_fee_per_gas = 12;
  TxnOutput out = run(txn, alice);
  WriteSet expected;
  expected.set(StateKey::nonce(alice), 1);
  expected.set(StateKey::balance(alice), U256(1'000'000'000 - 21'000 * 12));
  expected.add(StateKey::balance(coinbase), U256(21'000 * 2));  // zero value: bob untouched
  EXPECT_EQ(out.writes, expected);
}

TEST_F(TransferVmTest, CalldataAndAccessListsRaiseIntrinsicGas) {
  Transaction txn = transfer(bob, 1);
  txn.data = {0, 1, 0, 2};  // 2 zero bytes (4 each) and 2 non-zero (16 each)
  txn.access_list.push_back({carol, {Hash{}, Hash{}}});
  uint64_t intrinsic = 21'000 + 2 * 4 + 2 * 16 + 2'400 + 2 * 1'900;
  txn.gas_limit = intrinsic - 1;
  expect_invalid(txn, alice, InvalidReason::kIntrinsicGasTooLow);
  txn.gas_limit = intrinsic + 10'000;  // unused gas is not charged
  TxnOutput out = run(txn, alice);
  EXPECT_EQ(out.result.gas_used, intrinsic);
  EXPECT_EQ(out.writes.entries[1].value, U256(1'000'000'000 - intrinsic * 15 - 1));
}

TEST_F(TransferVmTest, InvalidTransactionsHaveNoEffects) {
  state.set_nonce(alice, 3);
  expect_invalid(transfer(bob, 1, 2), alice, InvalidReason::kNonceTooLow);
  expect_invalid(transfer(bob, 1, 4), alice, InvalidReason::kNonceTooHigh);
  state.set_nonce(carol, ~uint64_t{0});
  expect_invalid(transfer(bob, 1, ~uint64_t{0}), carol, InvalidReason::kNonceMax);

  Hash code;
  code.bytes[0] = 1;
  state.set_code(carol, code, std::make_shared<const Bytes>(Bytes{0x00}));
  state.set_nonce(carol, 0);
  expect_invalid(transfer(bob, 1), carol, InvalidReason::kSenderNotEoa);

  Transaction tip_above = transfer(bob, 1, 3);
  tip_above.max_priority_fee_per_gas = 31;
  expect_invalid(tip_above, alice, InvalidReason::kTipAboveFeeCap);
  Transaction below_base = transfer(bob, 1, 3);
  below_base.max_fee_per_gas = 9;
  below_base.max_priority_fee_per_gas = 0;
  expect_invalid(below_base, alice, InvalidReason::kFeeCapBelowBaseFee);

  Transaction too_big = transfer(bob, 1, 3);
  too_big.gas_limit = env.gas_limit + 1;
  expect_invalid(too_big, alice, InvalidReason::kGasLimitAboveBlock);

  Transaction create = transfer(bob, 1, 3);
  create.to.reset();
  create.gas_limit = 60'000;
  expect_invalid(create, alice, InvalidReason::kUnsupported);
}

TEST_F(TransferVmTest, BalanceMustCoverGasLimitTimesMaxFeePlusValue) {
  // Charged at 15 per gas, but validity is judged at the max fee (30).
  U256 needed = U256(21'000 * 30 + 500);
  state.set_balance(carol, needed - U256(1));
  expect_invalid(transfer(bob, 500), carol, InvalidReason::kInsufficientFunds);
  state.set_balance(carol, needed);
  TxnOutput out = run(transfer(bob, 500), carol);
  EXPECT_EQ(out.result.status, TxnStatus::kSuccess);
  EXPECT_EQ(out.writes.entries[1].value, needed - U256(21'000 * 15 + 500));

  Transaction huge = transfer(bob, 0);
  huge.value = U256::max();
  expect_invalid(huge, alice, InvalidReason::kInsufficientFunds);
  Transaction huge_fee = transfer(bob, 0);
  huge_fee.max_fee_per_gas = huge_fee.max_priority_fee_per_gas = U256::max();
  expect_invalid(huge_fee, alice, InvalidReason::kInsufficientFunds);
}

TEST_F(TransferVmTest, SelfTransferPaysOnlyTheFee) {
  TxnOutput out = run(transfer(alice, 1000), alice);
  WriteSet expected;
  expected.set(StateKey::nonce(alice), 1);
  expected.set(StateKey::balance(alice), U256(1'000'000'000 - 21'000 * 15));
  expected.add(StateKey::balance(coinbase), U256(21'000 * 5));
  EXPECT_EQ(out.writes, expected);
}

TEST_F(TransferVmTest, CoinbaseThatReadsItsBalanceWritesItExactly) {
  // Sending: the tip comes back to the sender, in one absolute write.
  TxnOutput sends = run(transfer(bob, 1000), coinbase);
  WriteSet expected;
  expected.set(StateKey::nonce(coinbase), 1);
  expected.set(StateKey::balance(coinbase), U256(5'000'000 - 21'000 * 15 + 21'000 * 5 - 1000));
  expected.set(StateKey::balance(bob), U256(1007));
  EXPECT_EQ(sends.writes, expected);

  // Receiving value: it read its balance, so the tip joins the absolute write.
  TxnOutput receives = run(transfer(coinbase, 1000), alice);
  WriteSet expected2;
  expected2.set(StateKey::nonce(alice), 1);
  expected2.set(StateKey::balance(alice), U256(1'000'000'000 - 21'000 * 15 - 1000));
  expected2.set(StateKey::balance(coinbase), U256(5'000'000 + 1000 + 21'000 * 5));
  EXPECT_EQ(receives.writes, expected2);

  // Receiving nothing: no read, so the tip stays a delta.
  TxnOutput touches = run(transfer(coinbase, 0), alice);
  EXPECT_EQ(touches.writes.entries.back().kind, WriteKind::kAdd);
}

TEST_F(TransferVmTest, BlockOfDependentTransfersGivesTheSameResultEverywhere) {
  // alice -> bob -> carol -> coinbase -> alice, each spending what it just received.
  std::vector<Transaction> txns = {transfer(bob, 100'000'000), transfer(carol, 50'000'000),
                                   transfer(coinbase, 20'000'000), transfer(alice, 10'000'000)};
  std::vector<Address> senders = {alice, bob, carol, coinbase};
  BlockInput block{env, txns, senders};
  BlockOutput expected = execute_block_sequential(vm, block, state);
  for (const TxnOutput& out : expected.txns) EXPECT_EQ(out.result.status, TxnStatus::kSuccess);
  EXPECT_EQ(expected.gas_used, 4 * 21'000u);
  MemoryState after = state;
  after.apply(expected.changes);
  // Burned: the base fee of 4 transactions. Everything else moved around.
  U256 total_before = U256(1'000'000'000) + U256(5'000'000) + U256(7);
  U256 total_after =
      after.balance(alice) + after.balance(bob) + after.balance(carol) + after.balance(coinbase);
  EXPECT_EQ(total_before - total_after, U256(4 * 21'000 * 10));
  EXPECT_EQ(after.balance(carol), U256(50'000'000 - 20'000'000 - 21'000 * 15));

  for (unsigned threads : {1u, 2u, 4u}) {
    for (bool declared : {false, true}) {
      BlockExecutor<TransferVm> executor(
          {}, {.threads = threads, .adaptive = false, .declared_access = declared});
      EXPECT_EQ(testing::first_difference(expected, executor.execute(block, state)), "")
          << threads << (declared ? " declared" : " Block-STM");
    }
  }
}

TEST(BlockGas, FirstTransactionOverTheBlockLimit) {
  BlockEnv env;
  env.gas_limit = 50'000;
  std::vector<Transaction> txns(3);
  for (auto& txn : txns) txn.gas_limit = 21'000;
  std::vector<Address> senders(3);
  std::vector<TxnOutput> outputs(3);
  for (auto& out : outputs) out.result.gas_used = 21'000;
  BlockInput block{env, txns, senders};
  EXPECT_EQ(first_txn_over_block_gas(block, outputs), 2u);
  outputs[0].result.gas_used = 0;  // an invalid one uses nothing
  EXPECT_EQ(first_txn_over_block_gas(block, outputs), 3u);
}

}  // namespace
}  // namespace pel
