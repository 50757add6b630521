#pragma once
// When replay finds a block whose execution differs (parallel from sequential, or
// either from what the chain stored), it writes replay-mismatch-<block>.txt naming
// the first differing transaction and state key with the sequential, parallel and
// stored values, so that a determinism bug is located in minutes.

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/receipt.hpp"
#include "core/result.hpp"
#include "executor/vm.hpp"
#include "state/state_key.hpp"
#include "state/write_set.hpp"

namespace pel {

struct MismatchInput {
  uint64_t number = 0;
  std::string reason;  // what was found: "state root mismatch: header has ..."
  std::span<const Hash> txn_hashes;
  // Per-transaction outputs; sequential is null when only one execution ran.
  const std::vector<TxnOutput>* sequential = nullptr;
  const std::vector<TxnOutput>* parallel = nullptr;
  // The block's final values as executed (the committed candidate's change set).
  const StateChanges* changes = nullptr;
  const std::vector<Receipt>* computed_receipts = nullptr;
  const std::vector<Receipt>* stored_receipts = nullptr;
  // The stored chain's value of a key after this block; empty or nullopt: unknown.
  std::function<std::optional<U256>(const StateKey&)> stored_value;
};

struct MismatchFinding {
  std::optional<size_t> txn_index;
  std::optional<StateKey> key;
  std::string sequential;  // the values as text ("-" when not known or not written)
  std::string parallel;
  std::string stored;
};

// The first differing transaction and key: parallel against sequential first, then
// receipts against the stored ones, then final values against the stored state.
MismatchFinding find_first_mismatch(const MismatchInput& input);

// The report's text (the finding, then each side's write set of that transaction).
std::string format_mismatch_report(const MismatchInput& input, const MismatchFinding& finding);

// Writes the report to `directory`/replay-mismatch-<block>.txt; returns its path.
Result<std::string> write_mismatch_report(const std::string& directory, const MismatchInput& input);

// "0xab..:balance", "0xab..:storage[0x01..]".
std::string describe_state_key(const StateKey& key);

}  // namespace pel
