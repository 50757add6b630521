#include "bench/latency_stats.hpp"

#include <gtest/gtest.h>

#include <numeric>

namespace pel::load {
namespace {

TEST(LatencyStats, NearestRankOnOneToHundred) {
  std::vector<double> samples(100);
  std::iota(samples.begin(), samples.end(), 1.0);  // 1..100
  EXPECT_EQ(percentile_of_sorted(samples, 50), 50.0);
  EXPECT_EQ(percentile_of_sorted(samples, 99), 99.0);
  EXPECT_EQ(percentile_of_sorted(samples, 100), 100.0);
  EXPECT_EQ(percentile_of_sorted(samples, 0.5), 1.0);
}

TEST(LatencyStats, SmallSamplesRoundUp) {
  // Four samples: p50 is the 2nd smallest, p99 the largest (rank ceil(3.96) = 4).
  EXPECT_EQ(percentile_of_sorted({10, 20, 30, 40}, 50), 20.0);
  EXPECT_EQ(percentile_of_sorted({10, 20, 30, 40}, 99), 40.0);
  EXPECT_EQ(percentile_of_sorted({7}, 50), 7.0);
  EXPECT_EQ(percentile_of_sorted({}, 50), 0.0);
}

TEST(LatencyStats, SummarizeSortsAndAverages) {
  std::vector<double> samples;
  for (int i = 1000; i >= 1; --i) samples.push_back(i);  // unsorted: 1000 down to 1
  LatencyStats stats = summarize(samples);
  EXPECT_EQ(stats.count, 1000u);
  EXPECT_EQ(stats.p50, 500.0);
  EXPECT_EQ(stats.p99, 990.0);
  EXPECT_EQ(stats.max, 1000.0);
  EXPECT_DOUBLE_EQ(stats.mean, 500.5);
}

TEST(LatencyStats, EmptyIsZero) {
  LatencyStats stats = summarize({});
  EXPECT_EQ(stats.count, 0u);
  EXPECT_EQ(stats.p99, 0.0);
}

}  // namespace
}  // namespace pel::load
