#pragma once
// Learns, from the blocks it times, whether parallel execution actually beats
// sequential execution on this machine (it does not when the cores are busy with
// other work, or when the VM is so cheap that Block-STM's bookkeeping dominates).
// The executor asks it before each Block-STM block that could run in parallel
// (declared blocks are judged by their dependency graph instead).
//
// It first times one block sequentially, then runs in parallel. Whenever parallel
// blocks turn out slower per transaction than sequential ones, it runs sequentially
// and tries parallel again after 8, 16, 32... up to 1024 blocks; a faster try resets
// the wait to 8. A try is two parallel blocks judged by the faster: the first after
// a sequential stretch pays for waking the worker threads (up to a few milliseconds
// on a busy machine, a third of a 5,000-transfer block), which says nothing about
// how fast parallel blocks run.

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace pel {

class SpeedPolicy {
 public:
  enum class Choice : uint8_t {
    kParallel,
    kSequentialToCalibrate,  // no sequential timing yet
    kSequentialFaster,       // parallel blocks were slower; waiting before the next try
  };

  Choice choose() {
    if (sequential_ns_ == 0) return Choice::kSequentialToCalibrate;
    if (try_left_ > 0) return Choice::kParallel;
    if (parallel_ns_ == 0) return start_try();
    if (parallel_ns_ <= sequential_ns_) return Choice::kParallel;
    if (wait_ > 0) {
      --wait_;
      return Choice::kSequentialFaster;
    }
    return start_try();
  }

  // Records how long a block of `txns` transactions took.
  void record(bool parallel, uint64_t total_ns, size_t txns) {
    if (txns == 0) return;
    double per_txn = static_cast<double>(total_ns) / static_cast<double>(txns);
    if (!parallel) {
      sequential_ns_ = average(sequential_ns_, per_txn);
      return;
    }
    if (try_left_ > 0) {
      try_best_ = try_best_ == 0 ? per_txn : std::min(try_best_, per_txn);
      if (--try_left_ > 0) return;
      // A try is a fresh look, not more samples of the old average. (The first try
      // of all waits the first interval when it loses: nothing was learned before.)
      const bool first_try = parallel_ns_ == 0;
      parallel_ns_ = try_best_;
      if (parallel_ns_ > sequential_ns_) {
        if (!first_try) interval_ = std::min<uint32_t>(interval_ * 2, kMaxInterval);
        wait_ = interval_;
      } else {
        interval_ = kFirstInterval;
      }
      return;
    }
    parallel_ns_ = average(parallel_ns_, per_txn);
    if (parallel_ns_ > sequential_ns_) {
      wait_ = interval_;
    } else {
      interval_ = kFirstInterval;
    }
  }

  double sequential_ns_per_txn() const { return sequential_ns_; }
  double parallel_ns_per_txn() const { return parallel_ns_; }

 private:
  static constexpr uint32_t kTryBlocks = 2;
  static constexpr uint32_t kFirstInterval = 8;
  static constexpr uint32_t kMaxInterval = 1024;
  static double average(double old_value, double sample) {
    return old_value == 0 ? sample : 0.7 * old_value + 0.3 * sample;
  }
  Choice start_try() {
    try_left_ = kTryBlocks;
    try_best_ = 0;
    return Choice::kParallel;
  }

  double sequential_ns_ = 0;  // moving averages, nanoseconds per transaction
  double parallel_ns_ = 0;
  uint32_t interval_ = kFirstInterval;
  uint32_t wait_ = 0;
  uint32_t try_left_ = 0;  // parallel blocks left in the current try
  double try_best_ = 0;    // its fastest so far, nanoseconds per transaction
};

}  // namespace pel
