#pragma once
// The producer's thread: a block every block time (empty ones too, as geth's clique
// does with a period), and at once when a full block's worth of gas is pending.
//
// "Pending gas" is the gas limits of the transactions that became executable in the
// pool since the last block's selection began (TxPoolStats::pending_gas_added:
// transactions behind a nonce gap count only once the gap fills), plus, after a block
// that the selection filled, a full block's worth: the pool then likely holds more.
//
// stop() lets the block in flight finish (its commit is never interrupted), then joins.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "node/block_producer.hpp"

namespace pel {

class BlockProducerLoop {
 public:
  // Called on the loop's thread after each block (metrics, logs).
  using OnBlock = std::function<void(const ProducedBlock&)>;
  // The pool's TxPoolStats::pending_gas_added (called from any thread).
  using PendingGasAdded = std::function<uint64_t()>;

  BlockProducerLoop(BlockProducer& producer, std::chrono::milliseconds block_time,
                    PendingGasAdded pending_gas_added, OnBlock on_block = {});
  ~BlockProducerLoop();  // stop()s
  BlockProducerLoop(const BlockProducerLoop&) = delete;
  BlockProducerLoop& operator=(const BlockProducerLoop&) = delete;

  void start();
  void stop();

  // Transactions entered the pool (any thread): seals a block at once if a full
  // block's worth of gas is now pending.
  void pool_grew();

 private:
  void run();
  bool block_is_due() const;  // with mutex_ held

  BlockProducer& producer_;
  const std::chrono::milliseconds block_time_;
  PendingGasAdded pending_gas_added_;
  OnBlock on_block_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;            // guarded by mutex_
  uint64_t added_at_selection_ = 0;  // guarded by mutex_
  uint64_t left_by_full_block_ = 0;  // guarded by mutex_
  uint64_t gas_limit_ = 0;           // guarded by mutex_
};

}  // namespace pel
