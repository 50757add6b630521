#pragma once
// The validator's block building: one call makes the next block on the head.
//
//   header   clique_child_header(head), time max(now, parent + period)
//   txns     pool.select_for_block(base fee, gas limit): by effective tip, each
//            sender's in nonce order, the senders already recovered by the pool
//   execute  BlockExecutor<TransferVm> (Block-STM or sequential) on the head state
//   filter   transactions that came back invalid are dropped and removed from the
//            pool. Invalid transactions write nothing and use no gas, so the other
//            transactions' results, the block's changes and the gas used stay exactly
//            those of the block without them (block_producer_test checks this).
//   commit   receipts, roots filled by the store, the header sealed by clique_seal
//   pool     on_new_block with the next base fee and every account the block changed
//
// Not thread-safe: one thread (the production loop) calls produce().

#include <chrono>
#include <functional>
#include <optional>
#include <vector>

#include "core/chain_config.hpp"
#include "core/result.hpp"
#include "executor/block_executor.hpp"
#include "executor/transfer_vm.hpp"
#include "node/txpool.hpp"
#include "node/validator_key.hpp"
#include "state/chain_store.hpp"

namespace pel {

struct ProducedBlock {
  uint64_t number = 0;
  Hash hash;
  uint64_t timestamp = 0;
  U256 base_fee;
  size_t txns = 0;     // included
  size_t dropped = 0;  // selected but invalid on execution, removed from the pool
  uint64_t gas_used = 0;
  uint64_t gas_limit = 0;
  // The selection stopped at the block gas limit: more transactions may be pending.
  bool full = false;
  double select_ms = 0;
  double exec_ms = 0;
  double commit_ms = 0;
  double pool_update_ms = 0;
  BlockMetrics metrics;  // the executor's
  CommitTimings commit_timings;
};

class BlockProducer {
 public:
  // Called after each commit, before the pool hears of the block: the node re-pins
  // the pool's account reader at the new head there.
  using AfterCommit = std::function<void()>;

  // `chain` (holding a genesis) and `pool` must outlive the producer; `signers` are the
  // chain's clique signers and `key` one of theirs.
  BlockProducer(ChainStore& chain, TxPool& pool, ChainConfig config, std::vector<Address> signers,
                ValidatorKey key, ExecutorConfig executor, AfterCommit after_commit = {});

  // Builds, executes, seals and commits the block after the head. `now` is the wall
  // clock in Unix seconds. An error (the store failed, say) leaves the chain at its
  // head and the pool as it was, apart from invalid transactions already removed.
  Result<ProducedBlock> produce(uint64_t now);

  // The gas limit of the next block (the parent's: Pel does not move it).
  uint64_t next_gas_limit() const;
  const ExecutorConfig& executor_config() const { return executor_.config(); }

 private:
  ChainStore& chain_;
  TxPool& pool_;
  ChainConfig config_;
  std::vector<Address> signers_;
  ValidatorKey key_;
  BlockExecutor<TransferVm> executor_;
  AfterCommit after_commit_;
};

// One info line for a block: "block 12 txns=3 dropped=0 gas=63000 exec=0.4ms
// re_executions=0 commit=1.2ms hash=0xab..".
std::string describe_block(const ProducedBlock& block);

}  // namespace pel
