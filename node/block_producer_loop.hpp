#pragma once
// The producer's thread: a block every block time (empty ones too, as geth's clique
// does with a period), and at once when a full block's worth of gas is pending.
//
// "Pending gas" is the gas limits of the transactions accepted since the last block's
// selection began (PoolAccess reports each one), plus, after a block that the
// selection filled, a full block's worth: the pool then likely holds more.
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

  BlockProducerLoop(BlockProducer& producer, std::chrono::milliseconds block_time,
                    OnBlock on_block = {});
  ~BlockProducerLoop();  // stop()s
  BlockProducerLoop(const BlockProducerLoop&) = delete;
  BlockProducerLoop& operator=(const BlockProducerLoop&) = delete;

  void start();
  void stop();

  // A transaction with this gas limit entered the pool (any thread).
  void add_pending_gas(uint64_t gas);

 private:
  void run();

  BlockProducer& producer_;
  const std::chrono::milliseconds block_time_;
  OnBlock on_block_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;     // guarded by mutex_
  uint64_t pending_gas_ = 0;  // guarded by mutex_
  uint64_t gas_limit_ = 0;    // guarded by mutex_
};

}  // namespace pel
