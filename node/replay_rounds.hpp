#pragma once
// `pel replay --compare` times every block in rounds spread over a few seconds: the
// first round when the block is replayed, the others while later blocks replay (or
// after the last one), each on the block's own state pinned at a snapshot. On a shared
// machine a slow spell lasts up to a few seconds and can cover every run of a block
// taken back to back; spread out, a block's fastest runs come from outside it.

#include <chrono>
#include <cstddef>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

#include "core/receipt.hpp"
#include "core/transaction.hpp"
#include "executor/block.hpp"
#include "node/replay.hpp"
#include "state/flat_state_view.hpp"

namespace pel {

using ReplayClock = std::chrono::steady_clock;

// A block under measurement: what its rounds read, and its figures so far.
struct TimedBlock {
  BlockReplay result;
  std::vector<Transaction> txns;
  std::vector<Address> senders;
  BlockEnv env;
  std::vector<Hash> hashes;
  std::vector<Receipt> stored_receipts;
  std::unique_ptr<FlatStateView> view;  // the state before the block
  BlockOutput reference;                // the sequential output every run must equal
  unsigned rounds_run = 0;
  ReplayClock::time_point first_round;

  BlockInput input() const { return {env, txns, senders}; }
};

class RoundSchedule {
 public:
  // More blocks than this waiting for rounds (small blocks replay fast) and the oldest
  // runs its rounds at once: each pins a snapshot and holds its state and outputs.
  static constexpr size_t kMaxWaiting = 32;

  // `rounds` per block, the last `spread` after the first.
  RoundSchedule(unsigned rounds, ReplayClock::duration spread);

  // A block whose first round has run.
  void add(TimedBlock block);
  // The oldest block with a round due at `now`, or null.
  TimedBlock* next_due(ReplayClock::time_point now);
  // When the next round falls due; nullopt when no block waits.
  std::optional<ReplayClock::time_point> next_due_time() const;
  // The blocks, oldest first, whose rounds have all run and all before them too.
  std::vector<TimedBlock> take_finished();
  // Every waiting block, oldest first, whatever its rounds.
  std::vector<TimedBlock> take_all();
  bool empty() const { return waiting_.empty(); }

 private:
  ReplayClock::time_point due_time(const TimedBlock& block) const;

  unsigned rounds_;
  ReplayClock::duration interval_;
  std::deque<TimedBlock> waiting_;
};

}  // namespace pel
