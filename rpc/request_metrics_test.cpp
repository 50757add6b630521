#include "rpc/request_metrics.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "rpc/prometheus_text.hpp"

namespace pel::rpc {
namespace {

using namespace std::chrono_literals;

TEST(RequestMetrics, BucketsAreCumulativeAndCountMatchesInf) {
  RequestMetrics metrics({"eth_call", "net_version"});
  metrics.stats_for("eth_call").record(50us, true);   // <= 100us
  metrics.stats_for("eth_call").record(100us, true);  // <= 100us (bounds are inclusive)
  metrics.stats_for("eth_call").record(3ms, false);   // <= 5ms
  metrics.stats_for("eth_call").record(20s, true);    // +Inf only
  std::string text = metrics.render_prometheus();

  EXPECT_NE(text.find("# TYPE pel_rpc_requests_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("# TYPE pel_rpc_request_duration_seconds histogram\n"), std::string::npos);
  EXPECT_NE(text.find("pel_rpc_requests_total{method=\"eth_call\",outcome=\"ok\"} 3\n"),
            std::string::npos);
  EXPECT_NE(text.find("pel_rpc_requests_total{method=\"eth_call\",outcome=\"error\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("_bucket{method=\"eth_call\",le=\"0.0001\"} 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("_bucket{method=\"eth_call\",le=\"0.0025\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("_bucket{method=\"eth_call\",le=\"0.005\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("_bucket{method=\"eth_call\",le=\"10\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("_bucket{method=\"eth_call\",le=\"+Inf\"} 4\n"), std::string::npos);
  EXPECT_NE(text.find("_sum{method=\"eth_call\"} 20.003150000\n"), std::string::npos) << text;
  EXPECT_NE(text.find("_count{method=\"eth_call\"} 4\n"), std::string::npos);
  // Methods never called are left out.
  EXPECT_EQ(text.find("net_version"), std::string::npos);
}

TEST(RequestMetrics, UnknownNamesGoToOther) {
  RequestMetrics metrics({"a"});
  EXPECT_EQ(&metrics.stats_for("b"), &metrics.other());
  EXPECT_EQ(&metrics.stats_for("c"), &metrics.other());
  EXPECT_NE(&metrics.stats_for("a"), &metrics.other());
}

TEST(RequestMetrics, ConcurrentRecordingLosesNothing) {
  RequestMetrics metrics({"m"});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) metrics.stats_for("m").record(1us, i % 10 != 0);
    });
  }
  for (auto& thread : threads) thread.join();
  auto snap = metrics.snapshot("m");
  EXPECT_EQ(snap.ok, 36000u);
  EXPECT_EQ(snap.errors, 4000u);
  EXPECT_EQ(snap.bucket_counts[0], 40000u);
  EXPECT_EQ(snap.latency_sum_ns, 40000u * 1000u);
}

TEST(PrometheusText, EscapesLabelsAndPrintsSeconds) {
  EXPECT_EQ(prometheus::escape_label_value("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
  EXPECT_EQ(prometheus::seconds_text(0), "0.000000000");
  EXPECT_EQ(prometheus::seconds_text(1'500'000'001), "1.500000001");
}

}  // namespace
}  // namespace pel::rpc
