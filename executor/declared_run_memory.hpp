#pragma once
// What DeclaredRun keeps per transaction and per worker (done flags, segment sums),
// reused from one block to the next.

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/uint256.hpp"
#include "executor/access_graph.hpp"
#include "executor/stable_storage.hpp"

namespace pel {

namespace declared_detail {

// The deltas one worker added to one segment, by value index. Cache-line aligned:
// every worker adds to the coinbase's segment once per transaction.
struct alignas(64) SegmentSum {
  U256 sum[3];
  uint64_t run = 0;   // the run that wrote it: an entry of an earlier run counts as zero
  uint8_t added = 0;  // bit per value index
};

// One worker's sums, by segment. Only that worker adds chunks; a segment's next owner
// reads every worker's entry once the segment's adders are done.
using SegmentSums = ChunkedArray<SegmentSum, 8, AccessGraph::kMaxSegments / 256>;

}  // namespace declared_detail

// The done flags and segment sums of DeclaredRun, kept from block to block:
// allocating and zeroing them took 20 µs of each block's start, while the other
// workers waited (bench/RESULTS.md, nineteenth round). One run at a time.
class DeclaredRunMemory {
 public:
  // Prepares a run of `txns` transactions on `workers` workers.
  void reset(size_t txns, unsigned workers) {
    const size_t flags = txns + kDoneSpread;
    if (done_capacity_ < flags) {
      done_capacity_ = std::max(flags, 2 * done_capacity_);
      done_ = std::make_unique<std::atomic<bool>[]>(done_capacity_);
    } else {
      for (size_t i = 0; i < flags; ++i) done_[i].store(false, std::memory_order_relaxed);
    }
    done_stride_ = (txns + kDoneSpread - 1) / kDoneSpread;
    while (sums_.size() < workers)
      sums_.push_back(std::make_unique<declared_detail::SegmentSums>());
    workers_ = workers;
    ++run_;
  }

  // The done flag of `txn`. Neighbours (claimed by different workers) get flags a
  // cache line apart, or every completion would pull the line from the other core.
  std::atomic<bool>& done(TxnIndex txn) const {
    return done_[(txn % kDoneSpread) * done_stride_ + txn / kDoneSpread];
  }
  // This run's sum of `segment` by `worker`, or nullptr when it added nothing there.
  const declared_detail::SegmentSum* find_sum(unsigned worker, uint32_t segment) const {
    const declared_detail::SegmentSum* part = sums_[worker]->find(segment);
    return part != nullptr && part->run == run_ ? part : nullptr;
  }
  // This run's sum of `segment` by `worker`, zero when first taken.
  declared_detail::SegmentSum& ensure_sum(unsigned worker, uint32_t segment) {
    declared_detail::SegmentSum& part = sums_[worker]->ensure(segment);
    if (part.run != run_) part = {.sum = {}, .run = run_, .added = 0};
    return part;
  }
  unsigned workers() const { return workers_; }

 private:
  static constexpr size_t kDoneSpread = 64;
  std::unique_ptr<std::atomic<bool>[]> done_;  // by transaction, see done()
  size_t done_capacity_ = 0;
  size_t done_stride_ = 0;
  std::vector<std::unique_ptr<declared_detail::SegmentSums>> sums_;  // per worker
  unsigned workers_ = 0;
  uint64_t run_ = 0;
};

}  // namespace pel
