#include "state/trie_builder.hpp"

#include <algorithm>

#include "core/rlp.hpp"
#include "crypto/keccak.hpp"
#include "state/trie_encoding.hpp"
#include "state/trie_parallel.hpp"
#include "state/trie_sorted_ranges.hpp"

namespace pel {
namespace {

using trie_detail::TrieNodeRef;

// Ranges at least this long build their 16 subtries as parallel tasks.
constexpr size_t kParallelRange = 2048;

TrieNodeRef emit(BytesView rlp, TrieNodeBatch* out) {
  TrieNodeRef ref = trie_detail::make_ref(rlp);
  if (out != nullptr && ref.is_hash()) out->push_back({ref.hash(), Bytes(rlp.begin(), rlp.end())});
  return ref;
}

TrieNodeRef build(std::span<const TrieEntry> range, size_t depth, TrieNodeBatch* out) {
  // Per-thread buffers, filled only after the children are built: a thread
  // that steals a task while waiting for its children finds them free.
  thread_local Nibbles path;
  thread_local Bytes rlp;

  if (range.size() == 1) {
    const TrieEntry& entry = range.front();
    assign_nibbles(path, entry.key, depth, entry.key.size() * 2);
    trie_detail::encode_leaf(rlp, path, entry.value);
    return emit(rlp, out);
  }

  const size_t end = trie_detail::shared_prefix_end(range, depth);
  if (end > depth) {
    TrieNodeRef child = build(range, end, out);
    assign_nibbles(path, range.front().key, depth, end);
    trie_detail::encode_extension(rlp, path, child);
    return emit(rlp, out);
  }

  trie_detail::BranchRanges groups = trie_detail::split_branch(range, depth);
  std::array<TrieNodeRef, 16> children;
  if (range.size() >= kParallelRange) {
    std::array<TrieNodeBatch, 16> batches;
    trie_detail::parallel_for_nibbles([&](size_t nibble) {
      if (groups.children[nibble].empty()) return;
      children[nibble] =
          build(groups.children[nibble], depth + 1, out != nullptr ? &batches[nibble] : nullptr);
    });
    if (out != nullptr) {
      for (auto& batch : batches) std::move(batch.begin(), batch.end(), std::back_inserter(*out));
    }
  } else {
    for (size_t nibble = 0; nibble < 16; ++nibble) {
      if (!groups.children[nibble].empty())
        children[nibble] = build(groups.children[nibble], depth + 1, out);
    }
  }
  trie_detail::encode_branch(rlp, children, groups.value);
  return emit(rlp, out);
}

}  // namespace

Result<Hash> trie_root_from_sorted(std::span<const TrieEntry> sorted, TrieNodeBatch* nodes) {
  PEL_TRY(trie_detail::check_sorted(sorted));
  if (sorted.empty()) return kEmptyTrieRoot;
  TrieNodeRef root = build(sorted, 0, nodes);
  if (nodes != nullptr && !root.is_hash()) {
    nodes->push_back(
        {trie_detail::root_hash_of(root), Bytes(root.view().begin(), root.view().end())});
  }
  return trie_detail::root_hash_of(root);
}

Result<Hash> trie_root(std::vector<TrieEntry> entries) {
  std::erase_if(entries, [](const TrieEntry& entry) { return entry.value.empty(); });
  std::sort(entries.begin(), entries.end(), TrieKeyLess{});
  return trie_root_from_sorted(entries);
}

Hash ordered_trie_root(const std::vector<Bytes>& values) {
  std::vector<TrieEntry> entries;
  entries.reserve(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i].empty()) continue;
    Bytes key;
    rlp::encode_uint(key, static_cast<uint64_t>(i));
    entries.push_back({std::move(key), values[i]});
  }
  // rlp(i) does not sort like i (0 encodes as 0x80), and indices are unique.
  auto root = trie_root(std::move(entries));
  assert(root.ok());
  return *root;
}

}  // namespace pel
