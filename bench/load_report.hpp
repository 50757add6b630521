#pragma once
// The driver's figures from one run, as text for people and as one JSON object.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bench/inclusion_tracker.hpp"
#include "bench/latency_stats.hpp"
#include "bench/submitter.hpp"

namespace pel::load {

struct LoadReport {
  std::string mode;  // "node" or "self-test"
  std::string rpc;
  size_t txns = 0;
  size_t wallets = 0;
  size_t connections = 0;
  size_t batch = 0;
  double rate = 0;  // offered load asked for (0: unpaced)
  double sign_seconds = 0;

  size_t accepted = 0;
  size_t rejected = 0;
  double submit_seconds = 0;  // first request sent -> last response read
  double submitted_tps = 0;   // accepted / submit_seconds
  // CPU seconds this process used while submitting, and from the first request until
  // the last inclusion (in the self-test: the driver and its in-process sink together).
  double submit_cpu_seconds = 0;
  double run_cpu_seconds = 0;
  double submit_threads_cpu_seconds = 0;  // the submitting threads alone: the driver's cost

  size_t included = 0;
  double include_seconds = 0;  // first request sent -> last inclusion seen
  double included_tps = 0;     // included / include_seconds
  LatencyStats latency_ms;     // request sent -> its block first seen
  size_t blocks = 0;           // blocks holding at least one of our transfers
  double avg_txns_per_block = 0;
  double block_interval_ms = 0;  // mean time between those blocks being seen
  uint64_t gas_used = 0;         // over those blocks
  std::vector<std::string> errors;
};

// The submission half (self-test: all there is).
LoadReport report_submission(const SubmitOutcome& outcome);

// Adds the inclusion half from a stopped tracker that tracked the same transfers.
void add_inclusion(LoadReport& report, const SubmitOutcome& outcome,
                   const InclusionTracker& tracker);

std::string report_text(const LoadReport& report);
nlohmann::json report_json(const LoadReport& report);

}  // namespace pel::load
