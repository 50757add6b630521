#pragma once
// Roots of whole key/value sets, computed in one pass over sorted keys.
//
// Used where a trie is built from nothing: a block's transactions and receipts
// roots, a genesis state, tests. Sorted keys let each subtrie be built from a
// contiguous range without walking from the root per key, and the 16 ranges
// under a branch are independent, so large inputs are hashed in parallel on
// oneTBB (the result never depends on the thread count).

#include <algorithm>
#include <cstring>
#include <span>
#include <vector>

#include "core/bytes.hpp"
#include "core/fixed_bytes.hpp"
#include "core/result.hpp"
#include "state/trie_node_store.hpp"

namespace pel {

struct TrieEntry {
  Bytes key;
  Bytes value;  // empty means "absent" (Ethereum tries never store empty values)
};

// Bytewise key order, the order trie_root_from_sorted wants (a key sorts
// before the keys it is a prefix of). Usable as a std::map / std::sort comparator.
struct TrieKeyLess {
  bool operator()(BytesView a, BytesView b) const {
    const size_t common = std::min(a.size(), b.size());
    const int order =
        common == 0 ? 0 : std::memcmp(a.data(), b.data(), common);  // data() may be null
    return order != 0 ? order < 0 : a.size() < b.size();
  }
  bool operator()(const TrieEntry& a, const TrieEntry& b) const { return (*this)(a.key, b.key); }
};

// Root of `sorted`: keys strictly increasing in bytewise order, values not
// empty; anything else is an error. When `nodes` is given, appends every node a
// store needs to serve this trie (the root always, even when short).
Result<Hash> trie_root_from_sorted(std::span<const TrieEntry> sorted,
                                   TrieNodeBatch* nodes = nullptr);

// Root of entries in any order. Entries with empty values are left out; a key
// given twice is an error.
Result<Hash> trie_root(std::vector<TrieEntry> entries);

// Root of a block's transactions or receipts: key i is rlp(i), value i the
// encoded transaction or receipt (empty values are left out).
Hash ordered_trie_root(const std::vector<Bytes>& values);

}  // namespace pel
