// Trie: rehashing changed paths, handing out new nodes, and forgetting old ones.

#include <cassert>

#include "crypto/keccak.hpp"
#include "state/trie.hpp"
#include "state/trie_node.hpp"
#include "state/trie_parallel.hpp"

namespace pel {

using trie_detail::as;
using trie_detail::BranchNode;
using trie_detail::ExtensionNode;
using trie_detail::LeafNode;
using trie_detail::Node;
using trie_detail::NodeKind;
using trie_detail::NodePtr;
using trie_detail::TrieNodeRef;

namespace {

// How many branch levels below the root hash their children as parallel tasks,
// by the number of changes to hash: one level gives 16 tasks, two give 256.
int parallel_levels(size_t changes) {
  if (changes >= 4096) return 2;
  if (changes >= 256) return 1;
  return 0;
}

// Brings `node`'s reference up to date and, when `out` is given, appends the
// RLP of every node not yet persisted. Children are finished before the parent
// is encoded, so one per-thread buffer serves the whole walk.
TrieNodeRef finish(Node& node, TrieNodeBatch* out, int parallel);

std::array<TrieNodeRef, 16> finish_children(BranchNode& branch, TrieNodeBatch* out, int parallel) {
  std::array<TrieNodeRef, 16> refs;
  auto needs_work = [&](const NodePtr& child) {
    return child && (!child->ref_valid || (out != nullptr && !child->persisted));
  };
  size_t busy = 0;
  for (const auto& child : branch.children) busy += needs_work(child) ? 1 : 0;
  if (parallel > 0 && busy >= 2) {
    std::array<TrieNodeBatch, 16> batches;
    trie_detail::parallel_for_nibbles([&](size_t i) {
      if (branch.children[i]) {
        refs[i] = finish(*branch.children[i], out != nullptr ? &batches[i] : nullptr, parallel - 1);
      }
    });
    if (out != nullptr) {
      for (auto& batch : batches) std::move(batch.begin(), batch.end(), std::back_inserter(*out));
    }
  } else {
    for (size_t i = 0; i < 16; ++i) {
      if (branch.children[i]) refs[i] = finish(*branch.children[i], out, parallel);
    }
  }
  return refs;
}

TrieNodeRef finish(Node& node, TrieNodeBatch* out, int parallel) {
  if (node.ref_valid && (node.persisted || out == nullptr)) return node.ref;
  thread_local Bytes rlp;
  switch (node.kind) {
    case NodeKind::leaf: {
      const auto& leaf = as<LeafNode>(node);
      trie_detail::encode_leaf(rlp, leaf.path, leaf.value);
      break;
    }
    case NodeKind::extension: {
      auto& extension = as<ExtensionNode>(node);
      const TrieNodeRef child = finish(*extension.child, out, parallel);
      trie_detail::encode_extension(rlp, extension.path, child);
      break;
    }
    case NodeKind::branch: {
      auto& branch = as<BranchNode>(node);
      const std::array<TrieNodeRef, 16> children = finish_children(branch, out, parallel);
      trie_detail::encode_branch(rlp, children, branch.value);
      break;
    }
    case NodeKind::stub:
      assert(false && "stubs are always hashed and persisted");
      return node.ref;
  }
  if (!node.ref_valid) {
    node.ref = trie_detail::make_ref(rlp);
    node.ref_valid = true;
  }
  if (out != nullptr) {
    if (node.ref.is_hash()) out->push_back({node.ref.hash(), rlp});
    node.persisted = true;
  }
  return node.ref;
}

// Replaces persisted, hashed nodes `depth` or more levels down by stubs.
void unload_below(NodePtr& slot, size_t level, size_t depth) {
  if (!slot || slot->kind == NodeKind::stub) return;
  if (level >= depth && slot->ref_valid && slot->persisted && slot->ref.is_hash()) {
    slot = std::make_unique<trie_detail::StubNode>(slot->ref.hash());
    return;
  }
  if (slot->kind == NodeKind::extension)
    unload_below(as<ExtensionNode>(*slot).child, level + 1, depth);
  if (slot->kind == NodeKind::branch) {
    for (auto& child : as<BranchNode>(*slot).children) unload_below(child, level + 1, depth);
  }
}

}  // namespace

Hash Trie::root_hash() {
  if (!root_) return kEmptyTrieRoot;
  const TrieNodeRef ref = finish(*root_, nullptr, parallel_levels(changes_since_hash_));
  changes_since_hash_ = 0;
  return trie_detail::root_hash_of(ref);
}

TrieNodeBatch Trie::commit() {
  TrieNodeBatch batch;
  if (!root_) return batch;
  const bool root_was_persisted = root_->persisted;
  const TrieNodeRef ref = finish(*root_, &batch, parallel_levels(changes_since_commit_));
  // A short root is embedded nowhere, yet a reopened trie looks it up by hash.
  if (!root_was_persisted && !ref.is_hash()) {
    batch.push_back({trie_detail::root_hash_of(ref), Bytes(ref.view().begin(), ref.view().end())});
  }
  changes_since_hash_ = 0;
  changes_since_commit_ = 0;
  return batch;
}

void Trie::unload(size_t depth) {
  assert(store_ != nullptr);
  if (store_ == nullptr) return;
  unload_below(root_, 0, depth);
}

}  // namespace pel
