#include "node/replay_rounds.hpp"

#include <algorithm>

namespace pel {

RoundSchedule::RoundSchedule(unsigned rounds, ReplayClock::duration spread)
    : rounds_(std::max(1u, rounds)),
      interval_(rounds_ > 1 ? spread / (rounds_ - 1) : ReplayClock::duration::zero()) {}

void RoundSchedule::add(TimedBlock block) {
  waiting_.push_back(std::move(block));
}

ReplayClock::time_point RoundSchedule::due_time(const TimedBlock& block) const {
  return block.first_round + interval_ * block.rounds_run;
}

TimedBlock* RoundSchedule::next_due(ReplayClock::time_point now) {
  for (TimedBlock& block : waiting_) {
    if (block.rounds_run >= rounds_) continue;
    const bool crowded = &block == &waiting_.front() && waiting_.size() > kMaxWaiting;
    if (crowded || due_time(block) <= now) return &block;
  }
  return nullptr;
}

std::optional<ReplayClock::time_point> RoundSchedule::next_due_time() const {
  std::optional<ReplayClock::time_point> next;
  for (const TimedBlock& block : waiting_) {
    if (block.rounds_run >= rounds_) continue;
    const ReplayClock::time_point due = due_time(block);
    if (!next || due < *next) next = due;
  }
  return next;
}

std::vector<TimedBlock> RoundSchedule::take_finished() {
  std::vector<TimedBlock> finished;
  while (!waiting_.empty() && waiting_.front().rounds_run >= rounds_) {
    finished.push_back(std::move(waiting_.front()));
    waiting_.pop_front();
  }
  return finished;
}

std::vector<TimedBlock> RoundSchedule::take_all() {
  std::vector<TimedBlock> all(std::make_move_iterator(waiting_.begin()),
                              std::make_move_iterator(waiting_.end()));
  waiting_.clear();
  return all;
}

}  // namespace pel
