// DeclaredRunMemory is reused from block to block: nothing a run left in it may be
// seen by the next one.
#include "executor/declared_run_memory.hpp"

#include <gtest/gtest.h>

namespace pel {
namespace {

TEST(DeclaredRunMemory, AnEarlierRunsSumsCountAsNone) {
  DeclaredRunMemory memory;
  memory.reset(10, 2);
  declared_detail::SegmentSum& part = memory.ensure_sum(1, 3);
  part.sum[0] = U256(7);
  part.added = 1;
  ASSERT_NE(memory.find_sum(1, 3), nullptr);
  EXPECT_EQ(memory.find_sum(0, 3), nullptr);  // the other worker added nothing there

  memory.reset(10, 2);
  EXPECT_EQ(memory.find_sum(1, 3), nullptr);
  declared_detail::SegmentSum& again = memory.ensure_sum(1, 3);
  EXPECT_EQ(again.sum[0], U256());
  EXPECT_EQ(again.added, 0);
}

TEST(DeclaredRunMemory, DoneFlagsStartClearedWhateverTheLastRunSet) {
  DeclaredRunMemory memory;
  for (size_t txns : {100u, 40u, 5000u, 100u}) {
    memory.reset(txns, 2);
    for (TxnIndex txn = 0; txn < txns; ++txn) {
      ASSERT_FALSE(memory.done(txn).load()) << txns << " " << txn;
    }
    for (TxnIndex txn = 0; txn < txns; ++txn) memory.done(txn).store(true);
  }
}

TEST(DeclaredRunMemory, EachTransactionHasAFlagOfItsOwn) {
  DeclaredRunMemory memory;
  memory.reset(1000, 2);
  memory.done(517).store(true);
  for (TxnIndex txn = 0; txn < 1000; ++txn) EXPECT_EQ(memory.done(txn).load(), txn == 517) << txn;
}

}  // namespace
}  // namespace pel
