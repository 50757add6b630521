#pragma once
// Percentiles of inclusion latencies (nearest-rank method: the smallest sample with at
// least p% of the samples at or below it, so p99 of 100 samples is the 99th smallest).

#include <cstddef>
#include <vector>

namespace pel::load {

struct LatencyStats {
  size_t count = 0;
  double p50 = 0;
  double p99 = 0;
  double max = 0;
  double mean = 0;
};

// Nearest-rank percentile of sorted samples; p in (0, 100]. 0 for no samples.
double percentile_of_sorted(const std::vector<double>& sorted, double p);

// Sorts `samples` (taken by value) and summarizes them.
LatencyStats summarize(std::vector<double> samples);

}  // namespace pel::load
