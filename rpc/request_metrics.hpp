#pragma once
// Per-method request counts and latencies, recorded by the dispatcher from many
// threads at once and rendered in the Prometheus text format for /metrics.
//
// The set of methods is fixed when the metrics are created (the dispatcher passes
// its registry's names), so recording takes no lock: each method owns a block of
// relaxed atomic counters. Calls to names outside the set (unknown methods, invalid
// requests) are counted under method="other", so a client choosing method names
// cannot grow the output.

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace pel::rpc {

class MethodStats {
 public:
  // Upper bounds of the latency histogram buckets, in nanoseconds (+Inf is implicit).
  static constexpr std::array<uint64_t, 16> kBucketBoundsNs = {
      100'000,       250'000,       500'000,       1'000'000,     2'500'000,   5'000'000,
      10'000'000,    25'000'000,    50'000'000,    100'000'000,   250'000'000, 500'000'000,
      1'000'000'000, 2'500'000'000, 5'000'000'000, 10'000'000'000};

  struct Snapshot {
    uint64_t ok = 0;
    uint64_t errors = 0;  // RpcError answers and handler exceptions
    uint64_t latency_sum_ns = 0;
    std::array<uint64_t, kBucketBoundsNs.size() + 1> bucket_counts{};  // per bucket, not cumulative
    uint64_t calls() const { return ok + errors; }
  };

  void record(std::chrono::nanoseconds latency, bool ok);
  Snapshot snapshot() const;

 private:
  std::atomic<uint64_t> ok_{0};
  std::atomic<uint64_t> errors_{0};
  std::atomic<uint64_t> latency_sum_ns_{0};
  std::array<std::atomic<uint64_t>, kBucketBoundsNs.size() + 1> bucket_counts_{};
};

class RequestMetrics {
 public:
  static constexpr std::string_view kOtherMethod = "other";

  explicit RequestMetrics(const std::vector<std::string>& method_names);

  // The stats of a method in the set, or of "other".
  MethodStats& stats_for(std::string_view method);
  MethodStats& other() { return other_; }
  MethodStats::Snapshot snapshot(std::string_view method) const;

  // pel_rpc_requests_total{method,outcome} and pel_rpc_request_duration_seconds{method}
  // (a histogram), for every method called at least once.
  std::string render_prometheus() const;

 private:
  struct Entry {
    std::string name;
    std::unique_ptr<MethodStats> stats;
  };
  const Entry* find(std::string_view method) const;

  std::vector<Entry> methods_;  // sorted by name, fixed after construction
  MethodStats other_;
};

}  // namespace pel::rpc
