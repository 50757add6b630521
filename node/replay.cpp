#include "node/replay.hpp"

#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <optional>
#include <thread>

#include "crypto/txn_crypto.hpp"
#include "executor/block_execution.hpp"
#include "executor/block_executor.hpp"
#include "executor/transfer_vm.hpp"
#include "node/mismatch_report.hpp"
#include "node/replay_rounds.hpp"
#include "state/chain_store.hpp"

namespace pel {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// A copy of a data directory in a fresh temporary directory, removed with it.
class ScratchCopy {
 public:
  static Result<std::unique_ptr<ScratchCopy>> make(const std::string& datadir,
                                                   const std::string& parent) {
    std::error_code ec;
    if (!fs::is_directory(datadir, ec)) return make_error(datadir + " is not a data directory");
    const fs::path base = parent.empty() ? fs::temp_directory_path(ec) : fs::path(parent);
    std::string pattern = (base / "pel-replay-XXXXXX").string();
    if (!mkdtemp(pattern.data()))
      return make_error("cannot create a scratch directory in " + base.string());
    auto copy = std::unique_ptr<ScratchCopy>(new ScratchCopy(pattern));
    fs::copy(datadir, copy->datadir(), fs::copy_options::recursive, ec);
    if (ec)
      return make_error("cannot copy " + datadir + " to " + copy->datadir() + ": " + ec.message());
    return copy;
  }
  ~ScratchCopy() {
    std::error_code ignored;
    fs::remove_all(root_, ignored);
  }
  std::string datadir() const { return (fs::path(root_) / "datadir").string(); }

 private:
  explicit ScratchCopy(std::string root) : root_(std::move(root)) {}
  std::string root_;
};

// The stored chain's state after a block, read from a second copy of the original
// made only when a mismatch needs it (the first copy has been rolled back).
class StoredState {
 public:
  StoredState(std::string datadir, std::string parent)
      : datadir_(std::move(datadir)), parent_(std::move(parent)) {}

  std::optional<U256> value(uint64_t number, const StateKey& key) {
    if (!open()) return std::nullopt;
    if (key.is_storage()) {
      auto slot = store_->storage_at(number, key.address, key.slot);
      if (!slot) return std::nullopt;
      return *slot;
    }
    auto account = store_->account_at(number, key.address);
    if (!account) return std::nullopt;
    if (!*account) return U256{};
    switch (key.field) {
      case StateField::kBalance:
        return (*account)->balance;
      case StateField::kNonce:
        return U256((*account)->nonce);
      case StateField::kCodeHash: {
        if ((*account)->code_hash == kEmptyCodeHash) return U256{};
        auto word = U256::from_be_bytes((*account)->code_hash.view());
        if (!word) return std::nullopt;
        return *word;
      }
      case StateField::kStorage:
        break;
    }
    return std::nullopt;
  }

 private:
  bool open() {
    if (store_) return true;
    if (tried_) return false;
    tried_ = true;
    auto copy = ScratchCopy::make(datadir_, parent_);
    if (!copy) return false;
    copy_ = std::move(*copy);
    auto store = ChainStore::open(copy_->datadir());
    if (!store) return false;
    store_ = std::move(*store);
    return true;
  }

  std::string datadir_;
  std::string parent_;
  bool tried_ = false;
  std::unique_ptr<ScratchCopy> copy_;
  std::unique_ptr<ChainStore> store_;
};

bool same_receipts(const std::vector<Receipt>& ours, const std::vector<Receipt>& stored) {
  if (ours.size() != stored.size()) return false;
  for (size_t i = 0; i < ours.size(); ++i) {
    const Receipt& a = ours[i];
    const Receipt& b = stored[i];
    if (a.type != b.type || a.success != b.success ||
        a.cumulative_gas_used != b.cumulative_gas_used || a.logs != b.logs) {
      return false;
    }
  }
  return true;
}

// Loads every account record the block's transfers touch into the view's cache, so
// that the executions compared read the same warm view.
void warm_view(const FlatStateView& view, const BlockInput& block) {
  (void)view.read(StateKey::balance(block.env.coinbase));
  for (size_t i = 0; i < block.txns.size(); ++i) {
    (void)view.read(StateKey::balance(block.senders[i]));
    if (block.txns[i].to) (void)view.read(StateKey::balance(*block.txns[i].to));
  }
}

// Waits for the flushes and compactions a write set off, so that they run in the
// phase that caused them (the commit, the rollback) and not on a core the next
// block's timed execution needs: on two cores one of them costs the parallel run half
// its threads. (A sixth of the blocks started while one ran, before.)
void settle(const ChainStore& store) {
  (void)store.database().wait_for_background_work(std::chrono::seconds(60));
}

using ReplayExecutor = BlockExecutor<TransferVm>;

void record_metrics(BlockReplay& result, const BlockMetrics& metrics) {
  result.mode = std::string(execution_mode_name(metrics.mode));
  if (metrics.fallback_reason != FallbackReason::kNone) {
    result.fallback = std::string(fallback_reason_name(metrics.fallback_reason));
  }
  result.re_executions = metrics.re_executions;
}

// One round of a block's timed runs. Each way runs twice and its second run is timed,
// so that every timed run follows a run of the other way; which way goes first
// alternates by round. The timed parallel output is compared with the reference only
// after both timed runs: a comparison reads and sorts megabytes, and the run after it
// read about 8% slower (seen with the same sequential code on both sides, at one
// thread), which had always fallen on the sequential side. The first round's first
// sequential output is copied as the reference, and its timed parallel run gives the
// block's metrics. Returns a parallel output that differed from the reference, if one
// did.
std::optional<BlockOutput> run_round(TimedBlock& block, ReplayExecutor& parallel,
                                     ReplayExecutor& sequential) {
  const BlockInput input = block.input();
  const bool first_round = block.rounds_run == 0;
  const bool parallel_first = block.rounds_run % 2 == 1;
  double sequential_ms = 0;
  double parallel_ms = 0;
  std::optional<BlockOutput> timed_parallel;
  for (bool timed : {false, true}) {
    for (bool parallel_turn : {parallel_first, !parallel_first}) {
      ReplayExecutor& executor = parallel_turn ? parallel : sequential;
      const auto started = Clock::now();
      BlockOutput once = executor.execute(input, *block.view);
      const double ms = ms_since(started);
      if (first_round && !timed && !parallel_turn) block.reference = once;
      if (timed) (parallel_turn ? parallel_ms : sequential_ms) = ms;
      if (timed && parallel_turn) {
        timed_parallel = std::move(once);
      } else {
        executor.recycle(std::move(once));
      }
    }
  }
  if (!same_output(block.reference, *timed_parallel)) return timed_parallel;
  if (first_round) record_metrics(block.result, timed_parallel->metrics);
  parallel.recycle(std::move(*timed_parallel));

  BlockReplay& r = block.result;
  r.sequential_ms = first_round ? sequential_ms : std::min(r.sequential_ms, sequential_ms);
  r.parallel_ms = first_round ? parallel_ms : std::min(r.parallel_ms, parallel_ms);
  r.execute_ms = r.parallel_ms;
  r.speedup = r.parallel_ms > 0 ? r.sequential_ms / r.parallel_ms : 0;
  r.runs = ++block.rounds_run;
  return std::nullopt;
}

MismatchInput mismatch_input(const TimedBlock& block, const BlockOutput& output,
                             const std::vector<Receipt>& receipts) {
  MismatchInput mismatch;
  mismatch.txn_hashes = block.hashes;
  mismatch.sequential = block.reference.txns.empty() ? nullptr : &block.reference.txns;
  mismatch.parallel = &output.txns;
  mismatch.changes = &output.changes;
  mismatch.computed_receipts = &receipts;
  mismatch.stored_receipts = &block.stored_receipts;
  return mismatch;
}

struct Stored {
  uint64_t number;
  Hash hash;
};

}  // namespace

Result<ReplaySummary> replay_blocks(const ReplayOptions& options,
                                    const ReplayProgressFn& progress) {
  ReplaySummary summary;
  summary.compare = options.compare;
  auto started = Clock::now();
  auto scratch = ScratchCopy::make(options.datadir, options.scratch_parent);
  if (!scratch) return scratch.error();
  summary.copy_seconds = ms_since(started) / 1000;

  ChainStore::Options store_options;
  store_options.database.create_if_missing = false;
  store_options.database.sync_writes = false;  // a scratch copy: nothing to keep after a crash
  auto store_result = ChainStore::open((*scratch)->datadir(), store_options);
  if (!store_result) return store_result.error();
  std::unique_ptr<ChainStore> store = std::move(*store_result);
  const auto head = store->head();
  if (!head) return make_error("the database in " + options.datadir + " has no chain yet");
  summary.from = options.from.value_or(1);
  summary.to = options.to.value_or(head->number);
  if (summary.from == 0 || summary.from > summary.to || summary.to > head->number) {
    return make_error("cannot replay blocks " + std::to_string(summary.from) + ".." +
                      std::to_string(summary.to) + ": the chain holds blocks 1.." +
                      std::to_string(head->number));
  }
  std::vector<Stored> range;
  for (uint64_t n = summary.from; n <= summary.to; ++n) {
    auto hash = store->canonical_hash(n);
    if (!hash) return hash.error();
    if (!*hash) return make_error("block " + std::to_string(n) + " is not canonical");
    range.push_back({n, **hash});
  }
  auto rollback_started = Clock::now();
  if (Status rolled = store->rollback_to(summary.from - 1); !rolled) return rolled.error();
  settle(*store);
  summary.rollback_seconds = ms_since(rollback_started) / 1000;

  ExecutorConfig config;
  config.threads = options.threads;
  config.sequential = options.sequential && !options.compare;
  config.adaptive = options.adaptive;
  config.declared_access = options.declared_access;
  ReplayExecutor executor(TransferVm{}, config);
  summary.threads = config.sequential ? 1 : executor.config().threads;
  ReplayExecutor sequential(TransferVm{}, ExecutorConfig{.threads = 1, .sequential = true});
  StoredState stored_state(options.datadir, options.scratch_parent);
  std::optional<uint64_t> chain_id;

  std::optional<uint64_t> failed_at;
  auto fail = [&](uint64_t number, std::string message, MismatchInput* mismatch) {
    summary.verified = false;
    failed_at = number;
    const std::string prefix = "block " + std::to_string(number) + ": ";
    if (message.rfind(prefix, 0) == 0) message.erase(0, prefix.size());
    summary.error = prefix + message;
    if (mismatch) {
      mismatch->number = number;
      mismatch->reason = message;
      mismatch->stored_value = [&, number](const StateKey& key) {
        return stored_state.value(number, key);
      };
      auto path = write_mismatch_report(options.report_dir, *mismatch);
      if (path) {
        summary.mismatch_report = *path;
        summary.error += " (report: " + *path + ")";
      } else {
        summary.error += " (" + path.error().message + ")";
      }
    }
  };

  RoundSchedule schedule(options.compare ? options.repeat : 1,
                         std::chrono::duration_cast<ReplayClock::duration>(
                             std::chrono::duration<double>(std::max(0.0, options.spread_seconds))));
  auto finish = [&](TimedBlock& block) {
    summary.blocks.push_back(block.result);
    if (progress) progress(block.result, summary.blocks.size(), range.size());
    sequential.recycle(std::move(block.reference));
  };
  // Runs the rounds due (all that remain, waiting for each, when `wait`) and hands on
  // the blocks that are done; false when a round's output differed.
  auto run_due_rounds = [&](bool wait) {
    for (;;) {
      TimedBlock* due = schedule.next_due(Clock::now());
      if (!due) {
        for (TimedBlock& done : schedule.take_finished()) finish(done);
        const auto next = schedule.next_due_time();
        if (!wait || !next) return true;
        std::this_thread::sleep_until(*next);
        continue;
      }
      std::optional<BlockOutput> differing = run_round(*due, executor, sequential);
      if (Status read = due->view->status(); !read) {
        fail(due->result.number, read.error().message, nullptr);
        return false;
      }
      if (differing) {
        const std::vector<Receipt> receipts = make_receipts(due->txns, differing->txns);
        MismatchInput mismatch = mismatch_input(*due, *differing, receipts);
        fail(due->result.number, "parallel execution differs from sequential", &mismatch);
        return false;
      }
    }
  };

  auto replay_started = Clock::now();
  summary.verified = true;
  for (const Stored& entry : range) {
    auto header = store->header_by_hash(entry.hash);
    auto body = store->body_by_hash(entry.hash);
    auto stored_receipts = store->receipts_by_hash(entry.hash);
    if (!header || !body || !stored_receipts || !*header || !*body || !*stored_receipts) {
      fail(entry.number, "stored header, body or receipts missing", nullptr);
      break;
    }
    Block block{std::move(**header), std::move(**body)};
    if (!chain_id) {
      for (const Transaction& txn : block.body.transactions) {
        if (txn.chain_id) {
          chain_id = *txn.chain_id;
          break;
        }
      }
    }
    ChainConfig chain;
    chain.chain_id = chain_id.value_or(1);
    TimedBlock timed;
    BlockReplay& result = timed.result;
    result.number = entry.number;
    result.txns = block.body.transactions.size();

    auto phase = Clock::now();
    auto senders = executor.recover_senders(block.body.transactions);
    result.recover_ms = ms_since(phase);
    if (!senders) {
      fail(entry.number, "invalid sender: " + senders.error().message, nullptr);
      break;
    }
    timed.txns = block.body.transactions;  // a copy: the block itself goes to the store
    timed.senders = std::move(*senders);
    timed.env = block_env(block.header, chain);
    timed.hashes.resize(timed.txns.size());
    for (size_t i = 0; i < timed.txns.size(); ++i) timed.hashes[i] = txn_hash(timed.txns[i]);
    timed.stored_receipts = std::move(**stored_receipts);
    timed.view = store->head_state();

    // With compare the reference is committed: every parallel run equalled it.
    BlockOutput single;
    std::optional<BlockOutput> differing;
    if (options.compare) {
      warm_view(*timed.view, timed.input());
      timed.first_round = Clock::now();
      differing = run_round(timed, executor, sequential);
    } else {
      phase = Clock::now();
      single = executor.execute(timed.input(), *timed.view);
      result.execute_ms = ms_since(phase);
      record_metrics(result, single.metrics);
    }
    const BlockOutput& output = differing ? *differing : options.compare ? timed.reference : single;
    result.gas_used = output.gas_used;
    if (Status read = timed.view->status(); !read) {
      fail(entry.number, read.error().message, nullptr);
      break;
    }
    std::vector<Receipt> receipts = make_receipts(timed.txns, output.txns);
    MismatchInput mismatch = mismatch_input(timed, output, receipts);
    if (differing) {
      fail(entry.number, "parallel execution differs from sequential", &mismatch);
      break;
    }
    if (Status valid = check_block_execution(timed.input(), output, timed.hashes); !valid) {
      fail(entry.number, valid.error().message, &mismatch);
      break;
    }
    if (!same_receipts(receipts, timed.stored_receipts)) {
      fail(entry.number, "receipts differ from the stored receipts", &mismatch);
      break;
    }
    phase = Clock::now();
    auto committed = store->commit_block(std::move(block), receipts, output.changes,
                                         RootsMode::kCheck, timed.view.get());
    settle(*store);
    const double commit_total = ms_since(phase);
    if (!committed) {
      fail(entry.number, committed.error().message, &mismatch);
      break;
    }
    result.root_ms = committed->timings.state_root_ms + committed->timings.block_roots_ms;
    result.commit_ms = std::max(0.0, commit_total - result.root_ms);
    if (!options.compare) {
      executor.recycle(std::move(single));
      finish(timed);
      continue;
    }
    schedule.add(std::move(timed));
    if (!run_due_rounds(false)) break;
  }
  if (summary.verified) run_due_rounds(true);
  // After a failure the blocks before it keep the rounds they ran.
  for (TimedBlock& block : schedule.take_all()) {
    if (failed_at && block.result.number < *failed_at) finish(block);
  }
  summary.seconds = ms_since(replay_started) / 1000;
  store.reset();  // closed before the scratch copy is removed
  return summary;
}

uint64_t ReplaySummary::txns() const {
  uint64_t total = 0;
  for (const BlockReplay& b : blocks) total += b.txns;
  return total;
}

uint64_t ReplaySummary::gas_used() const {
  uint64_t total = 0;
  for (const BlockReplay& b : blocks) total += b.gas_used;
  return total;
}

double ReplaySummary::total(double BlockReplay::*field) const {
  double sum = 0;
  for (const BlockReplay& b : blocks) sum += b.*field;
  return sum;
}

namespace {
std::vector<double> speedups(const std::vector<BlockReplay>& blocks) {
  std::vector<double> out;
  for (const BlockReplay& b : blocks) {
    if (b.speedup > 0) out.push_back(b.speedup);
  }
  return out;
}
}  // namespace

double ReplaySummary::speedup_geomean() const {
  std::vector<double> s = speedups(blocks);
  if (s.empty()) return 0;
  double log_sum = 0;
  for (double x : s) log_sum += std::log(x);
  return std::exp(log_sum / static_cast<double>(s.size()));
}

double ReplaySummary::speedup_median() const {
  std::vector<double> s = speedups(blocks);
  if (s.empty()) return 0;
  std::sort(s.begin(), s.end());
  const size_t mid = s.size() / 2;
  return s.size() % 2 == 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

double ReplaySummary::speedup_min() const {
  std::vector<double> s = speedups(blocks);
  return s.empty() ? 0 : *std::min_element(s.begin(), s.end());
}

}  // namespace pel
