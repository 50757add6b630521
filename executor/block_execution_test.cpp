#include "executor/block_execution.hpp"

#include <gtest/gtest.h>

#include "executor/sequential_executor.hpp"
#include "executor/transfer_vm.hpp"
#include "executor/transfer_workload.hpp"

namespace pel {
namespace {

TEST(BlockExecution, EnvComesFromTheHeaderAndConfig) {
  BlockHeader header;
  header.number = 7;
  header.timestamp = 1700;
  header.beneficiary.bytes[19] = 9;
  header.gas_limit = 123'456;
  header.base_fee_per_gas = U256(875);
  header.mix_hash.bytes[0] = 1;
  ChainConfig config;
  config.chain_id = 1337;
  BlockEnv env = block_env(header, config);
  EXPECT_EQ(env.number, 7u);
  EXPECT_EQ(env.timestamp, 1700u);
  EXPECT_EQ(env.coinbase, header.beneficiary);
  EXPECT_EQ(env.gas_limit, 123'456u);
  EXPECT_EQ(env.base_fee, U256(875));
  EXPECT_EQ(env.chain_id, 1337u);
  EXPECT_EQ(env.prev_randao, header.mix_hash);
  header.base_fee_per_gas.reset();
  EXPECT_EQ(block_env(header, config).base_fee, U256());
}

TEST(BlockExecution, ReceiptsAccumulateGasAndKeepTypes) {
  TransferWorkload work = make_transfer_workload({.seed = 3, .accounts = 50, .txns = 40});
  work.txns[1].type = TxnType::kLegacy;
  BlockOutput out = execute_block_sequential(TransferVm{}, work.input(), work.state);
  std::vector<Receipt> receipts = make_receipts(work.txns, out.txns);
  ASSERT_EQ(receipts.size(), work.txns.size());
  uint64_t cumulative = 0;
  for (size_t i = 0; i < receipts.size(); ++i) {
    cumulative += out.txns[i].result.gas_used;
    EXPECT_EQ(receipts[i].cumulative_gas_used, cumulative);
    EXPECT_EQ(receipts[i].type, work.txns[i].type);
    EXPECT_TRUE(receipts[i].success);
  }
  EXPECT_EQ(cumulative, out.gas_used);
  std::vector<Hash> hashes(work.txns.size());
  EXPECT_TRUE(check_block_execution(work.input(), out, hashes).ok());
}

TEST(BlockExecution, ImportRefusesInvalidAndOverGasTransactions) {
  TransferWorkload work = make_transfer_workload({.seed = 4, .accounts = 50, .txns = 10});
  std::vector<Hash> hashes(work.txns.size());
  hashes[2].bytes[31] = 0xab;
  work.txns[2].nonce += 5;
  BlockOutput out = execute_block_sequential(TransferVm{}, work.input(), work.state);
  Status checked = check_block_execution(work.input(), out, hashes);
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.error().message, "transaction 2 (" + hashes[2].hex() + "): nonce too high");

  work = make_transfer_workload({.seed = 4, .accounts = 50, .txns = 10});
  work.env.gas_limit = 21'000 * 3;
  out = execute_block_sequential(TransferVm{}, work.input(), work.state);
  checked = check_block_execution(work.input(), out, hashes);
  ASSERT_FALSE(checked.ok());
  EXPECT_NE(checked.error().message.find("transaction 3"), std::string::npos)
      << checked.error().message;
}

}  // namespace
}  // namespace pel
