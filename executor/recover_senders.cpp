#include "executor/recover_senders.hpp"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>

#include <atomic>
#include <string>

#include "crypto/txn_crypto.hpp"

namespace pel {

Result<std::vector<Address>> recover_senders(std::span<const Transaction> txns) {
  std::vector<Address> senders(txns.size());
  std::atomic<size_t> first_bad{txns.size()};
  // Recovery takes tens of microseconds: small grains balance well.
  oneapi::tbb::parallel_for(
      oneapi::tbb::blocked_range<size_t>(0, txns.size(), 8),
      [&](const oneapi::tbb::blocked_range<size_t>& range) {
        for (size_t i = range.begin(); i != range.end(); ++i) {
          Result<Address> sender = recover_sender(txns[i]);
          if (sender) {
            senders[i] = *sender;
            continue;
          }
          size_t current = first_bad.load();
          while (i < current && !first_bad.compare_exchange_weak(current, i)) {
          }
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
