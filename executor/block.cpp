#include "executor/block.hpp"

namespace pel {

size_t first_txn_over_block_gas(const BlockInput& block, const std::vector<TxnOutput>& outputs) {
  uint64_t used = 0;
  for (size_t i = 0; i < block.txns.size(); ++i) {
    if (block.txns[i].gas_limit > block.env.gas_limit - used) return i;
    used += outputs[i].result.gas_used;
    if (used > block.env.gas_limit) return i;
  }
  return block.txns.size();
}

}  // namespace pel
