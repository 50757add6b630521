#include "executor/block.hpp"

namespace pel {

BlockOutput reuse_output(BlockOutput&& spare, size_t txns) {
  BlockOutput out;
  out.txns = std::move(spare.txns);
  out.txns.resize(txns);
  out.changes.values = std::move(spare.changes.values);
  out.changes.values.clear();
  return out;
}

bool same_output(const BlockOutput& a, const BlockOutput& b) {
  if (a.txns != b.txns || a.gas_used != b.gas_used) return false;
  StateChanges x = a.changes;
  StateChanges y = b.changes;
  x.sort_by_key();
  y.sort_by_key();
  return x.values == y.values && x.code == y.code;
}

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
