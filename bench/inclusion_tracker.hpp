#pragma once
// Watches the chain for a known set of transaction hashes: a thread polls eth_blockNumber
// and fetches every new block with eth_getBlockByNumber(n, false), and records for each
// of our transactions the time its block was first seen (the poll that found the block
// number). Blocks are read in order from `first_block`, so none is missed.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "bench/rpc_client.hpp"
#include "core/fixed_bytes.hpp"

namespace pel::load {

struct BlockSeen {
  uint64_t number = 0;
  int64_t seen_ns = 0;
  size_t txns = 0;  // every transaction in the block
  size_t ours = 0;  // those we are tracking
  uint64_t gas_used = 0;
};

class InclusionTracker {
 public:
  // Tracks hashes[i] as transaction i.
  InclusionTracker(RpcUrl url, const std::vector<Hash>& hashes, uint64_t first_block,
                   std::chrono::milliseconds poll_interval);
  ~InclusionTracker();  // stop()s
  InclusionTracker(const InclusionTracker&) = delete;
  InclusionTracker& operator=(const InclusionTracker&) = delete;

  void start();
  void stop();

  size_t included() const { return included_.load(std::memory_order_acquire); }
  // The same count, for a submitter that keeps a bounded window of pending transfers.
  const std::atomic<size_t>& included_counter() const { return included_; }

  // Waits until at least `count` of our transactions are included, the deadline passes
  // or the poller fails; true when the count was reached.
  bool wait_for(size_t count, std::chrono::steady_clock::time_point deadline);

  // After stop(): inclusion time of each transaction (kNever when not seen), the blocks
  // read, and the poller's error if it stopped on one.
  const std::vector<int64_t>& inclusion_ns() const { return inclusion_ns_; }
  const std::vector<BlockSeen>& blocks() const { return blocks_; }
  const std::string& error() const { return error_; }

 private:
  void run();
  Status read_block(RpcConnection& connection, uint64_t number, int64_t seen_ns);

  RpcUrl url_;
  std::unordered_map<Hash, uint32_t> index_;
  uint64_t next_block_;
  std::chrono::milliseconds poll_interval_;

  std::vector<int64_t> inclusion_ns_;
  std::vector<BlockSeen> blocks_;
  std::string error_;
  std::atomic<size_t> included_{0};

  std::mutex mutex_;
  std::condition_variable changed_;
  bool stopping_ = false;
  bool failed_ = false;
  std::thread thread_;
};

}  // namespace pel::load
