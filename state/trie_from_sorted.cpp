// Trie::from_sorted: the node tree of a sorted set, built like the root builder
// builds hashes (and in parallel the same way), then hashed by the first
// root_hash() or commit().

#include "state/trie.hpp"
#include "state/trie_node.hpp"
#include "state/trie_parallel.hpp"
#include "state/trie_sorted_ranges.hpp"

namespace pel {
namespace {

using trie_detail::NodePtr;

constexpr size_t kParallelRange = 2048;

NodePtr build_nodes(std::span<const TrieEntry> range, size_t depth) {
  if (range.size() == 1) {
    const TrieEntry& entry = range.front();
    Nibbles path;
    assign_nibbles(path, entry.key, depth, entry.key.size() * 2);
    return std::make_unique<trie_detail::LeafNode>(std::move(path), entry.value);
  }
  const size_t end = trie_detail::shared_prefix_end(range, depth);
  if (end > depth) {
    Nibbles path;
    assign_nibbles(path, range.front().key, depth, end);
    return std::make_unique<trie_detail::ExtensionNode>(std::move(path), build_nodes(range, end));
  }
  trie_detail::BranchRanges groups = trie_detail::split_branch(range, depth);
  auto branch = std::make_unique<trie_detail::BranchNode>();
  branch->value.assign(groups.value.begin(), groups.value.end());
  auto build_child = [&](size_t nibble) {
    if (!groups.children[nibble].empty())
      branch->children[nibble] = build_nodes(groups.children[nibble], depth + 1);
  };
  if (range.size() >= kParallelRange) {
    trie_detail::parallel_for_nibbles(build_child);
  } else {
    for (size_t nibble = 0; nibble < 16; ++nibble) build_child(nibble);
  }
  return branch;
}

}  // namespace

Result<Trie> Trie::from_sorted(std::span<const TrieEntry> sorted, const TrieNodeReader* store) {
  PEL_TRY(trie_detail::check_sorted(sorted));
  Trie trie(store);
  if (!sorted.empty()) trie.root_ = build_nodes(sorted, 0);
  trie.changes_since_hash_ = sorted.size();
  trie.changes_since_commit_ = sorted.size();
  return trie;
}

}  // namespace pel
