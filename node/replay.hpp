#pragma once
// `pel replay`: re-executes stored blocks in a scratch copy of a data directory (the
// original is never opened), verifying every block's state root, receipts root and
// gas used against the stored header, and measuring the executor. With compare,
// every block is executed both sequentially and in parallel on the same state view
// (senders recovered beforehand, the view's account records warmed for both), the
// outputs compared, and the execution times set side by side, each way's fastest of
// runs spread over a few seconds.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace pel {

struct ReplayOptions {
  std::string datadir;
  std::optional<uint64_t> from;  // default 1
  std::optional<uint64_t> to;    // default the head
  unsigned threads = 0;          // 0: one per core
  bool sequential = false;
  bool compare = false;
  // The executor's adaptive fallback to sequential (small or contended blocks). Tests
  // turn it off to run in parallel on every block.
  bool adaptive = true;
  // Transfers declare their accesses and run from their dependency graph; false runs
  // them under Block-STM instead (ExecutorConfig::declared_access).
  bool declared_access = true;
  // With compare: timed runs of each way per block, one of each per round; each way
  // keeps its fastest. The rounds are spread over `spread_seconds` (0: all at once),
  // each on the block's own state (see node/replay_rounds.hpp).
  unsigned repeat = 3;
  double spread_seconds = 10;
  // Where replay-mismatch-<block>.txt goes ("" : the current directory).
  std::string report_dir;
  // Where the scratch copy goes ("": the system's temporary directory).
  std::string scratch_parent;
};

struct BlockReplay {
  uint64_t number = 0;
  uint64_t txns = 0;
  uint64_t gas_used = 0;
  uint64_t re_executions = 0;
  std::string mode;      // the executor's: "parallel", "sequential", ...
  std::string fallback;  // why it ran sequentially, when it did ("" otherwise)
  // Phases, milliseconds.
  double recover_ms = 0;
  double execute_ms = 0;  // the executor's run (with compare, its fastest timed one)
  double root_ms = 0;     // state root and block roots
  // The rest of commit_block (reads, batch, write), and the database's flushes and
  // compactions it set off, waited for before the next block.
  double commit_ms = 0;
  // With compare: execution alone, each way, and sequential / parallel.
  double sequential_ms = 0;
  double parallel_ms = 0;
  double speedup = 0;
  unsigned runs = 0;  // timed runs each way
};

struct ReplaySummary {
  std::vector<BlockReplay> blocks;
  uint64_t from = 0;
  uint64_t to = 0;
  unsigned threads = 0;
  bool compare = false;
  bool verified = false;        // every block re-executed and matched its stored header
  std::string error;            // why not, when not verified
  std::string mismatch_report;  // its path, when one was written
  double seconds = 0;           // the whole replay (after the copy and rollback)
  double copy_seconds = 0;
  double rollback_seconds = 0;

  uint64_t txns() const;
  uint64_t gas_used() const;
  double total(double BlockReplay::*field) const;
  double speedup_geomean() const;
  double speedup_median() const;
  double speedup_min() const;
};

using ReplayProgressFn = std::function<void(const BlockReplay& block, uint64_t done, uint64_t of)>;

// An error only for what stops replay before it starts (no such datadir, bad range,
// copy failed). A block that does not verify is reported in the summary: verified
// false, error naming the block and the field, and the mismatch report's path.
Result<ReplaySummary> replay_blocks(const ReplayOptions& options,
                                    const ReplayProgressFn& progress = {});

// The summary as one JSON object (see `pel replay --json`).
std::string replay_json(const ReplaySummary& summary);
// Per-block lines and totals for people.
std::string replay_text(const ReplaySummary& summary);
// Per-block speedup against block gas as a PNG through gnuplot. An error when
// gnuplot is not installed or fails.
Status replay_plot(const ReplaySummary& summary, const std::string& png_path);

}  // namespace pel
