#include "bench/latency_stats.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace pel::load {

double percentile_of_sorted(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  double rank = std::ceil(p / 100.0 * static_cast<double>(sorted.size()));
  size_t index = rank < 1 ? 0 : static_cast<size_t>(rank) - 1;
  return sorted[std::min(index, sorted.size() - 1)];
}

LatencyStats summarize(std::vector<double> samples) {
  LatencyStats stats;
  stats.count = samples.size();
  if (samples.empty()) return stats;
  std::sort(samples.begin(), samples.end());
  stats.p50 = percentile_of_sorted(samples, 50);
  stats.p99 = percentile_of_sorted(samples, 99);
  stats.max = samples.back();
  stats.mean =
      std::accumulate(samples.begin(), samples.end(), 0.0) / static_cast<double>(samples.size());
  return stats;
}

}  // namespace pel::load
