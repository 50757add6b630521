#pragma once
// Splitting a sorted range of entries the way a trie splits keys: shared by
// the root builder and Trie::from_sorted. In a sorted range the prefix shared
// by all keys is the prefix shared by the first and the last, and the keys
// under each nibble of a branch are contiguous.
//
// Internal to the trie implementation; not a public surface of state/.

#include <array>
#include <span>

#include "state/trie_builder.hpp"

namespace pel::trie_detail {

// Keys strictly increasing, values non-empty.
Status check_sorted(std::span<const TrieEntry> sorted);

// The first nibble position at or after `depth` where the keys of a range of
// two or more entries differ (or where the shortest key ends).
size_t shared_prefix_end(std::span<const TrieEntry> range, size_t depth);

struct BranchRanges {
  BytesView value;  // the value of a key that ends at the branch, if any
  std::array<std::span<const TrieEntry>, 16> children;
};

// The parts of a range under a branch at nibble position `depth`.
BranchRanges split_branch(std::span<const TrieEntry> range, size_t depth);

}  // namespace pel::trie_detail
