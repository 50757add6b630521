#pragma once
// What a transaction writes (its write set) and what a block changed (its change
// set). The VM produces write sets and never touches shared state; executors apply
// them in block order.

#include <algorithm>
#include <vector>

#include "core/fixed_bytes.hpp"
#include "core/uint256.hpp"
#include "state/small_vector.hpp"
#include "state/state_key.hpp"
#include "state/state_view.hpp"

namespace pel {

enum class WriteKind : uint8_t {
  kSet = 0,  // the key's new value
  // A commutative addition (mod 2^256) to the key's value at this point of the
  // block. Hotspots that every transaction updates (the coinbase balance) are written
  // this way so that the writers do not conflict with each other; a transaction that
  // reads the key sees the exact sum.
  kAdd = 1,
};

struct WriteEntry {
  StateKey key;
  WriteKind kind = WriteKind::kSet;
  U256 value;
  friend bool operator==(const WriteEntry&, const WriteEntry&) = default;
};

// New code a transaction deployed, stored by hash beside the kCodeHash write.
struct CodeBlob {
  Hash hash;
  CodePtr code;
  friend bool operator==(const CodeBlob& a, const CodeBlob& b) {
    return a.hash == b.hash && (a.code == b.code || (a.code && b.code && *a.code == *b.code));
  }
};

// One transaction's writes. Each key appears at most once. Up to four entries (a
// value transfer) are stored inline.
struct WriteSet {
  SmallVector<WriteEntry, 4> entries;
  std::vector<CodeBlob> code;

  void set(const StateKey& key, const U256& value) {
    entries.push_back({key, WriteKind::kSet, value});
  }
  void add(const StateKey& key, const U256& delta) {
    entries.push_back({key, WriteKind::kAdd, delta});
  }
  bool empty() const { return entries.empty() && code.empty(); }
  void clear() {
    entries.clear();
    code.clear();
  }
  friend bool operator==(const WriteSet&, const WriteSet&) = default;
};

// The final value of every key a block wrote, and the code it deployed. Keys appear
// once each, in no particular order; sort_by_key() gives the canonical order.
struct StateChanges {
  std::vector<std::pair<StateKey, U256>> values;
  std::vector<CodeBlob> code;

  void sort_by_key() {
    std::sort(values.begin(), values.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::sort(code.begin(), code.end(),
              [](const CodeBlob& a, const CodeBlob& b) { return a.hash < b.hash; });
    code.erase(std::unique(code.begin(), code.end(),
                           [](const CodeBlob& a, const CodeBlob& b) { return a.hash == b.hash; }),
               code.end());
  }
};

}  // namespace pel
