#include "executor/block_execution.hpp"

#include <string>

namespace pel {

BlockEnv block_env(const BlockHeader& header, const ChainConfig& config) {
  BlockEnv env;
  env.number = header.number;
  env.timestamp = header.timestamp;
  env.coinbase = header.beneficiary;
  env.base_fee = header.base_fee_per_gas.value_or(U256{});
  env.gas_limit = header.gas_limit;
  env.chain_id = config.chain_id;
  env.prev_randao = header.mix_hash;
  return env;
}

std::vector<Receipt> make_receipts(std::span<const Transaction> txns,
                                   const std::vector<TxnOutput>& outputs) {
  std::vector<Receipt> receipts(txns.size());
  uint64_t cumulative = 0;
  for (size_t i = 0; i < txns.size(); ++i) {
    const TxnResult& result = outputs[i].result;
    cumulative += result.gas_used;
    Receipt& receipt = receipts[i];
    receipt.type = txns[i].type;
    receipt.success = result.status == TxnStatus::kSuccess;
    receipt.cumulative_gas_used = cumulative;
    receipt.logs = result.logs;
  }
  return receipts;
}

Status check_block_execution(const BlockInput& block, const BlockOutput& output,
                             std::span<const Hash> txn_hashes) {
  auto name = [&](size_t i) {
    return "transaction " + std::to_string(i) + " (" + txn_hashes[i].hex() + ")";
  };
  for (size_t i = 0; i < output.txns.size(); ++i) {
    const TxnResult& result = output.txns[i].result;
    if (result.status == TxnStatus::kInvalid) {
      return make_error(name(i) + ": " +
                        std::string(invalid_reason_message(result.invalid_reason)));
    }
  }
  size_t over = first_txn_over_block_gas(block, output.txns);
  if (over < output.txns.size()) {
    return make_error(name(over) + ": gas limit reached");
  }
  return {};
}

}  // namespace pel
