#pragma once
// The reference executor: transactions one after another, each seeing the writes of
// those before it. The parallel executor must match it exactly, and falls back to it.

#include <chrono>
#include <optional>

#include "executor/block.hpp"
#include "executor/overlay_state.hpp"
#include "executor/vm.hpp"

namespace pel {

// Executes txns [begin, end) of `block` over `state`, which it updates, writing
// outputs[i] for each. Returns the gas they used.
template <TxnVm Vm>
uint64_t execute_txns_sequentially(const Vm& vm, const BlockInput& block, size_t begin, size_t end,
                                   OverlayState& state, std::vector<TxnOutput>& outputs) {
  uint64_t gas_used = 0;
  for (size_t i = begin; i < end; ++i) {
    TxnOutput& output = emplace_output(
        outputs[i], [&] { return vm.execute(block.txns[i], block.senders[i], block.env, state); });
    state.apply(output.writes);
    gas_used += output.result.gas_used;
  }
  return gas_used;
}

// Keys a block is expected to write per transaction, to pre-size hash tables (they
// grow when a block writes more; smaller tables stay in cache).
inline constexpr size_t kExpectedKeysPerTxn = 2;

// `scratch`, when given, is reused for the block's writes, and `spare`'s storage for
// the output (see reuse_output), saving their allocations.
template <TxnVm Vm>
BlockOutput execute_block_sequential(const Vm& vm, const BlockInput& block, const StateView& state,
                                     OverlayState* scratch = nullptr, BlockOutput spare = {}) {
  auto start = std::chrono::steady_clock::now();
  size_t n = block.txns.size();
  BlockOutput out = reuse_output(std::move(spare), n);
  std::optional<OverlayState> own;
  OverlayState& overlay = scratch ? *scratch : own.emplace(state);
  overlay.reset(state, n * kExpectedKeysPerTxn);
  out.gas_used = execute_txns_sequentially(vm, block, 0, n, overlay, out.txns);
  auto executed = std::chrono::steady_clock::now();
  overlay.collect_changes(out.changes);
  auto end = std::chrono::steady_clock::now();

  BlockMetrics& m = out.metrics;
  m.mode = ExecutionMode::kSequential;
  m.txns = n;
  m.executions = n;
  m.sequential_txns = n;
  m.execute_ns = std::chrono::nanoseconds(executed - start).count();
  m.collect_ns = std::chrono::nanoseconds(end - executed).count();
  m.total_ns = std::chrono::nanoseconds(end - start).count();
  return out;
}

}  // namespace pel
