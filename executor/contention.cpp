#include "executor/contention.hpp"

#include <algorithm>
#include <functional>
#include <vector>

namespace pel {
namespace {

// Last transaction (+1; 0 = never) to touch each address: a small flat table sized
// for the sample, so predicting costs microseconds.
class LastTouch {
 public:
  explicit LastTouch(size_t addresses) {
    size_t capacity = 16;
    while (capacity < addresses * 2) capacity *= 2;
    slots_.resize(capacity);
  }
  // The previous toucher of `address` (+1, or 0), recording `txn` (+1) instead.
  size_t exchange(const Address& address, size_t txn_plus_one) {
    size_t mask = slots_.size() - 1;
    for (size_t i = std::hash<Address>{}(address)&mask;; i = (i + 1) & mask) {
      Slot& slot = slots_[i];
      if (slot.txn_plus_one == 0) {
        slot = {address, txn_plus_one};
        return 0;
      }
      if (slot.address == address) return std::exchange(slot.txn_plus_one, txn_plus_one);
    }
  }

 private:
  struct Slot {
    Address address;
    size_t txn_plus_one = 0;
  };
  std::vector<Slot> slots_;
};

}  // namespace

double predicted_conflict_share(const BlockInput& block, size_t sample, size_t window,
                                double stop_above) {
  size_t n = std::min(sample, block.txns.size());
  if (n == 0) return 0;
  LastTouch last(2 * n);
  size_t conflicting = 0;
  for (size_t i = 0; i < n; ++i) {
    size_t me = i + 1;
    bool conflict = false;
    auto touch = [&](const Address& address) {
      if (address == block.env.coinbase) return;
      size_t previous = last.exchange(address, me);
      if (previous != 0 && me - previous <= window) conflict = true;
    };
    touch(block.senders[i]);
    if (block.txns[i].to && *block.txns[i].to != block.senders[i]) touch(*block.txns[i].to);
    conflicting += conflict;
    if (me % kContentionChunk == 0 &&
        me<n&& static_cast<double>(conflicting)> stop_above * static_cast<double>(me)) {
      return static_cast<double>(conflicting) / static_cast<double>(me);
    }
  }
  return static_cast<double>(conflicting) / static_cast<double>(n);
}

}  // namespace pel
