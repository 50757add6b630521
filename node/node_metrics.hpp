#pragma once
// The node's Prometheus metrics (GET /metrics): blocks produced and their timings,
// the executor's metrics of the last block and running totals, the pool's sizes, the
// head, and, from rpc/, request counts and latencies and HTTP connection counters.
//
// record_block() runs on the producer's thread, render() on HTTP threads: one mutex.

#include <array>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "node/block_producer.hpp"
#include "node/txpool.hpp"

namespace pel {

class NodeMetrics {
 public:
  // Upper bounds (seconds) of the histograms of block intervals and production times.
  static constexpr std::array<double, 12> kBucketBounds = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                           0.5,   1,    2,     5,    10,  30};

  // `pool` must outlive the metrics. `extra` (may be empty) appends more text: the
  // RPC request metrics and the HTTP server's counters.
  NodeMetrics(const TxPool& pool, std::function<std::string()> extra = {});

  void record_block(const ProducedBlock& block);
  std::string render() const;

 private:
  struct Histogram {
    std::array<uint64_t, kBucketBounds.size() + 1> counts{};  // per bucket, not cumulative
    double sum = 0;
    uint64_t count = 0;
    void observe(double seconds);
    void render(std::string& out, const std::string& name) const;
  };

  const TxPool& pool_;
  std::function<std::string()> extra_;
  mutable std::mutex mutex_;
  std::optional<ProducedBlock> last_;
  std::optional<std::chrono::steady_clock::time_point> last_at_;
  uint64_t blocks_ = 0;
  uint64_t txns_ = 0;
  uint64_t dropped_ = 0;
  uint64_t gas_ = 0;
  uint64_t executions_ = 0;
  uint64_t re_executions_ = 0;
  uint64_t parallel_blocks_ = 0;
  Histogram interval_;    // between consecutive blocks
  Histogram production_;  // select + execute + commit + pool update
  Histogram execution_;
  Histogram commit_;
};

}  // namespace pel
