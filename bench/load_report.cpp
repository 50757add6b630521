#include "bench/load_report.hpp"

#include <algorithm>
#include <cstdio>

#include "bench/clock.hpp"

namespace pel::load {

namespace {

double seconds_between(int64_t from_ns, int64_t to_ns) {
  return static_cast<double>(to_ns - from_ns) / 1e9;
}

double per_second(size_t count, double seconds) {
  return seconds > 0 ? static_cast<double>(count) / seconds : 0;
}

std::string format(const char* pattern, double value) {
  char text[64];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}

}  // namespace

LoadReport report_submission(const SubmitOutcome& outcome) {
  LoadReport report;
  report.accepted = outcome.accepted;
  report.rejected = outcome.rejected_count;
  report.submit_threads_cpu_seconds = outcome.threads_cpu_seconds;
  report.submit_seconds = seconds_between(outcome.first_send_ns, outcome.last_answer_ns);
  report.submitted_tps = per_second(outcome.accepted, report.submit_seconds);
  report.errors = outcome.errors;
  if (!outcome.transport_error.empty()) report.errors.push_back(outcome.transport_error);
  return report;
}

void add_inclusion(LoadReport& report, const SubmitOutcome& outcome,
                   const InclusionTracker& tracker) {
  const auto& inclusion_ns = tracker.inclusion_ns();
  std::vector<double> latencies;
  latencies.reserve(inclusion_ns.size());
  int64_t last_ns = outcome.first_send_ns;
  for (size_t i = 0; i < inclusion_ns.size(); ++i) {
    if (inclusion_ns[i] == kNever || outcome.submit_ns[i] == kNever) continue;
    latencies.push_back(static_cast<double>(inclusion_ns[i] - outcome.submit_ns[i]) / 1e6);
    last_ns = std::max(last_ns, inclusion_ns[i]);
  }
  report.included = latencies.size();
  report.include_seconds = seconds_between(outcome.first_send_ns, last_ns);
  report.included_tps = per_second(report.included, report.include_seconds);
  report.latency_ms = summarize(std::move(latencies));

  int64_t first_seen = 0, last_seen = 0;
  for (const auto& block : tracker.blocks()) {
    if (block.ours == 0) continue;
    if (report.blocks == 0) first_seen = block.seen_ns;
    last_seen = block.seen_ns;
    ++report.blocks;
    report.gas_used += block.gas_used;
  }
  if (report.blocks > 0)
    report.avg_txns_per_block =
        static_cast<double>(report.included) / static_cast<double>(report.blocks);
  if (report.blocks > 1)
    report.block_interval_ms =
        static_cast<double>(last_seen - first_seen) / 1e6 / static_cast<double>(report.blocks - 1);
  if (!tracker.error().empty()) report.errors.push_back("inclusion tracker: " + tracker.error());
}

std::string report_text(const LoadReport& r) {
  std::string out;
  out += "pel-load " + r.mode + " (" + r.rpc + "): " + std::to_string(r.txns) + " transfers from " +
         std::to_string(r.wallets) + " wallets, " + std::to_string(r.connections) +
         " connections, batches of " + std::to_string(r.batch) +
         (r.rate > 0 ? format(", paced at %.0f tx/s", r.rate) : std::string()) + "\n";
  out += "  signed     in " + format("%.2f s", r.sign_seconds) + " (before the clock)\n";
  out += "  submitted  " + std::to_string(r.accepted) + " accepted, " + std::to_string(r.rejected) +
         " rejected in " + format("%.3f s", r.submit_seconds) + ": " +
         format("%.0f tx/s", r.submitted_tps) + ", " + format("%.2f CPU s", r.submit_cpu_seconds) +
         " (" + format("%.2f in the submitting threads", r.submit_threads_cpu_seconds) + ")" + "\n";
  if (r.mode != "self-test") {
    out += "  included   " + std::to_string(r.included) + " in " +
           format("%.3f s", r.include_seconds) + ": " + format("%.0f tx/s", r.included_tps) +
           ", driver " + format("%.2f CPU s", r.run_cpu_seconds) + "\n";
    out += "  latency    p50 " + format("%.0f ms", r.latency_ms.p50) + ", p99 " +
           format("%.0f ms", r.latency_ms.p99) + ", max " + format("%.0f ms", r.latency_ms.max) +
           " (request sent -> block seen)\n";
    out += "  blocks     " + std::to_string(r.blocks) + ", " +
           format("%.0f", r.avg_txns_per_block) + " of our transfers per block, one every " +
           format("%.0f ms", r.block_interval_ms) + "\n";
  }
  for (const auto& error : r.errors) out += "  error      " + error + "\n";
  return out;
}

nlohmann::json report_json(const LoadReport& r) {
  nlohmann::json out = {
      {"mode", r.mode},
      {"rpc", r.rpc},
      {"txns", r.txns},
      {"wallets", r.wallets},
      {"connections", r.connections},
      {"batch", r.batch},
      {"rate", r.rate},
      {"sign_seconds", r.sign_seconds},
      {"accepted", r.accepted},
      {"rejected", r.rejected},
      {"submit_seconds", r.submit_seconds},
      {"submitted_tps", r.submitted_tps},
      {"submit_cpu_seconds", r.submit_cpu_seconds},
      {"submit_threads_cpu_seconds", r.submit_threads_cpu_seconds},
      {"errors", r.errors},
  };
  if (r.mode != "self-test") {
    out["included"] = r.included;
    out["include_seconds"] = r.include_seconds;
    out["included_tps"] = r.included_tps;
    out["run_cpu_seconds"] = r.run_cpu_seconds;
    out["latency_p50_ms"] = r.latency_ms.p50;
    out["latency_p99_ms"] = r.latency_ms.p99;
    out["latency_max_ms"] = r.latency_ms.max;
    out["blocks"] = r.blocks;
    out["avg_txns_per_block"] = r.avg_txns_per_block;
    out["block_interval_ms"] = r.block_interval_ms;
    out["gas_used"] = r.gas_used;
  }
  return out;
}

}  // namespace pel::load
