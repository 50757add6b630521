#include "executor/recover_senders.hpp"

#include <atomic>
#include <string>

#include "crypto/txn_crypto.hpp"
#include "executor/parallel_workers.hpp"

namespace pel {

Result<std::vector<Address>> recover_senders(std::span<const Transaction> txns) {
  std::vector<Address> senders(txns.size());
  std::atomic<size_t> first_bad{txns.size()};
  // Recovery takes tens of microseconds: small grains balance well.
  parallel_for_each_index(txns.size(), 8, [&](size_t i) {
    Result<Address> sender = recover_sender(txns[i]);
    if (sender) {
      senders[i] = *sender;
      return;
    }
    size_t current = first_bad.load();
    while (i < current && !first_bad.compare_exchange_weak(current, i)) {
    }
  });
  size_t bad = first_bad.load();
  if (bad < txns.size()) {
    // Recovered again here for its message: failures are rare and this keeps the
    // parallel loop free of error storage.
    Result<Address> again = recover_sender(txns[bad]);
    std::string why = again ? "signature does not recover" : again.error().message;
    return make_error("transaction " + std::to_string(bad) + ": " + why);
  }
  return senders;
}

}  // namespace pel
