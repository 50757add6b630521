#include "state/trie_sorted_ranges.hpp"

#include <algorithm>

#include "state/trie_nibbles.hpp"

namespace pel::trie_detail {

Status check_sorted(std::span<const TrieEntry> sorted) {
  for (size_t i = 0; i < sorted.size(); ++i) {
    if (sorted[i].value.empty())
      return make_error("trie: entry " + std::to_string(i) + " has an empty value");
    if (i > 0 && !TrieKeyLess{}(sorted[i - 1], sorted[i])) {
      return make_error("trie: keys not strictly increasing at entry " + std::to_string(i));
    }
  }
  return {};
}

size_t shared_prefix_end(std::span<const TrieEntry> range, size_t depth) {
  const Bytes& first = range.front().key;
  const Bytes& last = range.back().key;
  const size_t limit = std::min(first.size(), last.size()) * 2;
  size_t end = depth;
  while (end < limit && nibble_at(first, end) == nibble_at(last, end)) ++end;
  return end;
}

BranchRanges split_branch(std::span<const TrieEntry> range, size_t depth) {
  BranchRanges out;
  size_t begin = 0;
  if (range.front().key.size() * 2 == depth) {
    out.value = range.front().value;
    begin = 1;
  }
  while (begin < range.size()) {
    const uint8_t nibble = nibble_at(range[begin].key, depth);
    size_t end = begin + 1;
    while (end < range.size() && nibble_at(range[end].key, depth) == nibble) ++end;
    out.children[nibble] = range.subspan(begin, end - begin);
    begin = end;
  }
  return out;
}

}  // namespace pel::trie_detail
