#include "rpc/request_metrics.hpp"

#include <algorithm>

#include "rpc/prometheus_text.hpp"

namespace pel::rpc {

void MethodStats::record(std::chrono::nanoseconds latency, bool ok) {
  auto ns = static_cast<uint64_t>(std::max<int64_t>(latency.count(), 0));
  (ok ? ok_ : errors_).fetch_add(1, std::memory_order_relaxed);
  latency_sum_ns_.fetch_add(ns, std::memory_order_relaxed);
  size_t bucket = std::lower_bound(kBucketBoundsNs.begin(), kBucketBoundsNs.end(), ns) -
                  kBucketBoundsNs.begin();
  bucket_counts_[bucket].fetch_add(1, std::memory_order_relaxed);
}

MethodStats::Snapshot MethodStats::snapshot() const {
  Snapshot out;
  out.ok = ok_.load(std::memory_order_relaxed);
  out.errors = errors_.load(std::memory_order_relaxed);
  out.latency_sum_ns = latency_sum_ns_.load(std::memory_order_relaxed);
  for (size_t i = 0; i < bucket_counts_.size(); ++i)
    out.bucket_counts[i] = bucket_counts_[i].load(std::memory_order_relaxed);
  return out;
}

RequestMetrics::RequestMetrics(const std::vector<std::string>& method_names) {
  for (const auto& name : method_names) methods_.push_back({name, std::make_unique<MethodStats>()});
  std::sort(methods_.begin(), methods_.end(),
            [](const Entry& a, const Entry& b) { return a.name < b.name; });
}

const RequestMetrics::Entry* RequestMetrics::find(std::string_view method) const {
  auto it = std::lower_bound(methods_.begin(), methods_.end(), method,
                             [](const Entry& e, std::string_view name) { return e.name < name; });
  return it != methods_.end() && it->name == method ? &*it : nullptr;
}

MethodStats& RequestMetrics::stats_for(std::string_view method) {
  const Entry* entry = find(method);
  return entry ? *entry->stats : other_;
}

MethodStats::Snapshot RequestMetrics::snapshot(std::string_view method) const {
  const Entry* entry = find(method);
  return entry ? entry->stats->snapshot() : other_.snapshot();
}

namespace {

std::string bucket_bound_text(uint64_t ns) {
  // Bounds are whole multiples of 100 us; print them as plain decimals ("0.00025").
  std::string text = prometheus::seconds_text(ns);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

}  // namespace

std::string RequestMetrics::render_prometheus() const {
  std::vector<std::pair<std::string, MethodStats::Snapshot>> rows;
  for (const auto& entry : methods_) {
    auto snap = entry.stats->snapshot();
    if (snap.calls() > 0) rows.emplace_back(prometheus::escape_label_value(entry.name), snap);
  }
  auto other = other_.snapshot();
  if (other.calls() > 0) rows.emplace_back(std::string(kOtherMethod), other);

  std::string out;
  prometheus::append_header(out, "pel_rpc_requests_total",
                            "JSON-RPC calls answered, by method and outcome.", "counter");
  for (const auto& [method, snap] : rows) {
    out += "pel_rpc_requests_total{method=\"" + method + "\",outcome=\"ok\"} " +
           std::to_string(snap.ok) + "\n";
    out += "pel_rpc_requests_total{method=\"" + method + "\",outcome=\"error\"} " +
           std::to_string(snap.errors) + "\n";
  }
  prometheus::append_header(out, "pel_rpc_request_duration_seconds",
                            "Time spent in JSON-RPC method handlers.", "histogram");
  for (const auto& [method, snap] : rows) {
    uint64_t cumulative = 0;
    for (size_t i = 0; i < snap.bucket_counts.size(); ++i) {
      cumulative += snap.bucket_counts[i];
      std::string bound = i < MethodStats::kBucketBoundsNs.size()
                              ? bucket_bound_text(MethodStats::kBucketBoundsNs[i])
                              : "+Inf";
      out += "pel_rpc_request_duration_seconds_bucket{method=\"" + method + "\",le=\"" + bound +
             "\"} " + std::to_string(cumulative) + "\n";
    }
    out += "pel_rpc_request_duration_seconds_sum{method=\"" + method + "\"} " +
           prometheus::seconds_text(snap.latency_sum_ns) + "\n";
    // The count is the +Inf bucket (not ok + errors, read a moment apart), as the format asks.
    out += "pel_rpc_request_duration_seconds_count{method=\"" + method + "\"} " +
           std::to_string(cumulative) + "\n";
  }
  return out;
}

}  // namespace pel::rpc
