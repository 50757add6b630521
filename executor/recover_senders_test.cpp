#include "executor/recover_senders.hpp"

#include <gtest/gtest.h>

#include "crypto/secp256k1.hpp"
#include "crypto/txn_crypto.hpp"
#include "executor/block_executor.hpp"
#include "executor/transfer_vm.hpp"

namespace pel {
namespace {

PrivateKey key_of(uint8_t n) {
  PrivateKey key;
  key.bytes[31] = n;
  key.bytes[0] = 0x42;
  return key;
}

std::vector<Transaction> signed_block(size_t n) {
  std::vector<Transaction> txns(n);
  for (size_t i = 0; i < n; ++i) {
    Transaction& txn = txns[i];
    txn.type = i % 2 ? TxnType::kDynamicFee : TxnType::kLegacy;
    txn.chain_id = 1;
    txn.nonce = i;
    txn.gas_limit = 21'000;
    txn.max_fee_per_gas = txn.max_priority_fee_per_gas = 10;
    txn.to = Address{};
    txn.value = i;
    EXPECT_TRUE(sign_transaction(txn, key_of(static_cast<uint8_t>(1 + i % 7))).ok());
  }
  return txns;
}

TEST(RecoverSenders, RecoversEverySignerInOrder) {
  std::vector<Transaction> txns = signed_block(100);
  Result<std::vector<Address>> senders = recover_senders(txns);
  ASSERT_TRUE(senders.ok()) << senders.error().message;
  ASSERT_EQ(senders->size(), txns.size());
  for (size_t i = 0; i < txns.size(); ++i) {
    Result<Address> expected = address_of(key_of(static_cast<uint8_t>(1 + i % 7)));
    ASSERT_TRUE(expected.ok());
    EXPECT_EQ((*senders)[i], *expected) << i;
  }
  BlockExecutor<TransferVm> executor({}, {.threads = 2});
  Result<std::vector<Address>> again = executor.recover_senders(txns);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *senders);
  EXPECT_TRUE(recover_senders({}).ok());
}

TEST(RecoverSenders, NamesTheFirstTransactionThatDoesNotRecover) {
  std::vector<Transaction> txns = signed_block(64);
  txns[40].r = U256();  // r = 0 is never a valid signature
  txns[17].s = U256();
  Result<std::vector<Address>> senders = recover_senders(txns);
  ASSERT_FALSE(senders.ok());
  EXPECT_EQ(senders.error().message.rfind("transaction 17: ", 0), 0u) << senders.error().message;
}

}  // namespace
}  // namespace pel
