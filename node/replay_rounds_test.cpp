// The order and timing of replay's spread rounds, on a clock the test sets.
#include "node/replay_rounds.hpp"

#include <gtest/gtest.h>

namespace pel {
namespace {

using std::chrono::milliseconds;
const ReplayClock::time_point t0{};

// A block whose first round ran at `first`.
TimedBlock timed_block(uint64_t number, ReplayClock::time_point first) {
  TimedBlock block;
  block.result.number = number;
  block.first_round = first;
  block.rounds_run = 1;
  return block;
}

std::vector<uint64_t> numbers(const std::vector<TimedBlock>& blocks) {
  std::vector<uint64_t> out;
  for (const TimedBlock& block : blocks) out.push_back(block.result.number);
  return out;
}

TEST(RoundSchedule, RoundsFallDueEvenlyOverTheSpread) {
  RoundSchedule schedule(3, milliseconds(2000));
  schedule.add(timed_block(1, t0));
  EXPECT_EQ(schedule.next_due(t0 + milliseconds(999)), nullptr);
  EXPECT_EQ(schedule.next_due_time(), t0 + milliseconds(1000));
  TimedBlock* due = schedule.next_due(t0 + milliseconds(1000));
  ASSERT_NE(due, nullptr);
  due->rounds_run = 2;
  EXPECT_EQ(schedule.next_due(t0 + milliseconds(1999)), nullptr);
  EXPECT_TRUE(schedule.take_finished().empty());
  EXPECT_EQ(schedule.next_due_time(), t0 + milliseconds(2000));
  ASSERT_EQ(schedule.next_due(t0 + milliseconds(2000)), due);
  due->rounds_run = 3;
  EXPECT_EQ(schedule.next_due(t0 + milliseconds(5000)), nullptr);
  EXPECT_EQ(schedule.next_due_time(), std::nullopt);
  EXPECT_EQ(numbers(schedule.take_finished()), std::vector<uint64_t>{1});
  EXPECT_TRUE(schedule.empty());
}

TEST(RoundSchedule, BlocksFinishInTheirOrder) {
  RoundSchedule schedule(2, milliseconds(1000));
  schedule.add(timed_block(1, t0));
  schedule.add(timed_block(2, t0 + milliseconds(300)));
  // Both are due: the older runs first.
  const auto late = t0 + milliseconds(1500);
  TimedBlock* first = schedule.next_due(late);
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->result.number, 1u);
  first->rounds_run = 2;
  TimedBlock* second = schedule.next_due(late);
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(second->result.number, 2u);
  second->rounds_run = 2;
  EXPECT_EQ(numbers(schedule.take_finished()), (std::vector<uint64_t>{1, 2}));

  // A done block waits behind an older one that is not.
  schedule.add(timed_block(3, t0));
  TimedBlock done = timed_block(4, t0);
  done.rounds_run = 2;
  schedule.add(std::move(done));
  EXPECT_TRUE(schedule.take_finished().empty());
  EXPECT_EQ(schedule.next_due(late)->result.number, 3u);
  EXPECT_EQ(numbers(schedule.take_all()), (std::vector<uint64_t>{3, 4}));
  EXPECT_TRUE(schedule.empty());
}

TEST(RoundSchedule, ACrowdedScheduleRunsTheOldestAtOnce) {
  RoundSchedule schedule(3, milliseconds(4000));
  for (uint64_t n = 1; n <= RoundSchedule::kMaxWaiting; ++n) schedule.add(timed_block(n, t0));
  EXPECT_EQ(schedule.next_due(t0), nullptr);
  schedule.add(timed_block(RoundSchedule::kMaxWaiting + 1, t0));
  TimedBlock* oldest = schedule.next_due(t0);
  ASSERT_NE(oldest, nullptr);
  EXPECT_EQ(oldest->result.number, 1u);
  oldest->rounds_run = 3;
  EXPECT_EQ(numbers(schedule.take_finished()), std::vector<uint64_t>{1});
  EXPECT_EQ(schedule.next_due(t0), nullptr);  // back to the limit
}

TEST(RoundSchedule, NoSpreadRunsEveryRoundAtOnceAndOneRoundFinishesAtOnce) {
  RoundSchedule together(3, milliseconds(0));
  together.add(timed_block(1, t0));
  ASSERT_NE(together.next_due(t0), nullptr);
  RoundSchedule single(1, milliseconds(4000));
  single.add(timed_block(7, t0));
  EXPECT_EQ(single.next_due(t0), nullptr);
  EXPECT_EQ(single.next_due_time(), std::nullopt);
  EXPECT_EQ(numbers(single.take_finished()), std::vector<uint64_t>{7});
}

}  // namespace
}  // namespace pel
