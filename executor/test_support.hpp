#pragma once
// Helpers shared by the executor's tests (header-only; not part of the library).

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

#include "executor/block.hpp"

namespace pel::testing {

// How many random seeds the differential tests run: PEL_DETERMINISM_SEEDS, else
// `fallback` (small, so the default run stays fast under ThreadSanitizer too).
inline int determinism_seeds(int fallback) {
  if (const char* env = std::getenv("PEL_DETERMINISM_SEEDS")) {
    int seeds = std::atoi(env);
    if (seeds > 0) return seeds;
  }
  return fallback;
}

// Polls `ready` until it holds or a few seconds pass, and returns its last answer: a
// test that forces an interleaving from inside a worker then fails its assertions
// instead of hanging when the interleaving does not come.
template <class Ready>
bool wait_until(Ready ready) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!ready() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::microseconds(100));
  return ready();
}

// The first difference between two block outputs, or "" when they are identical
// (every result, every write set, gas, and the change set as a set).
inline std::string first_difference(const BlockOutput& expected, const BlockOutput& actual) {
  if (expected.txns.size() != actual.txns.size()) return "transaction count";
  for (size_t i = 0; i < expected.txns.size(); ++i) {
    const TxnOutput& e = expected.txns[i];
    const TxnOutput& a = actual.txns[i];
    if (e.result.status != a.result.status) return "status of txn " + std::to_string(i);
    if (e.result.invalid_reason != a.result.invalid_reason)
      return "invalid reason of txn " + std::to_string(i);
    if (e.result.gas_used != a.result.gas_used) return "gas of txn " + std::to_string(i);
    if (!(e.result == a.result)) return "result of txn " + std::to_string(i);
    if (!(e.writes == a.writes)) return "write set of txn " + std::to_string(i);
  }
  if (expected.gas_used != actual.gas_used) return "block gas used";
  StateChanges e = expected.changes;
  StateChanges a = actual.changes;
  e.sort_by_key();
  a.sort_by_key();
  if (e.values.size() != a.values.size()) {
    return "change count " + std::to_string(e.values.size()) + " vs " +
           std::to_string(a.values.size());
  }
  for (size_t i = 0; i < e.values.size(); ++i) {
    if (!(e.values[i].first == a.values[i].first)) return "changed key #" + std::to_string(i);
    if (!(e.values[i].second == a.values[i].second))
      return "changed value of key #" + std::to_string(i);
  }
  if (!(e.code == a.code)) return "deployed code";
  return "";
}

}  // namespace pel::testing
