#include "state/trie.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <vector>

#include "state/trie_node.hpp"
#include "state/trie_parallel.hpp"

namespace pel {

using trie_detail::as;
using trie_detail::BranchNode;
using trie_detail::ExtensionNode;
using trie_detail::LeafNode;
using trie_detail::NodeKind;
using trie_detail::NodePtr;

namespace {

NodePtr make_leaf(NibblesView path, BytesView value) {
  return std::make_unique<LeafNode>(Nibbles(path.begin(), path.end()),
                                    Bytes(value.begin(), value.end()));
}

NodePtr make_extension(NibblesView path, NodePtr child) {
  return std::make_unique<ExtensionNode>(Nibbles(path.begin(), path.end()), std::move(child));
}

bool equal(NibblesView a, NibblesView b) {
  return std::ranges::equal(a, b);
}

void drop_front(Nibbles& path, size_t count) {
  path.erase(path.begin(), path.begin() + static_cast<std::ptrdiff_t>(count));
}

void prepend(Nibbles& path, NibblesView prefix) {
  path.insert(path.begin(), prefix.begin(), prefix.end());
}

// Finishes splitting a leaf or extension at nibble `shared` of the new key's `path`:
// puts the new value into `branch` (as its value or a leaf below it) and puts the
// shared prefix, if any, above the branch as an extension.
NodePtr place_in_split(std::unique_ptr<BranchNode> branch, NibblesView path, size_t shared,
                       BytesView value) {
  if (shared == path.size()) {
    branch->value.assign(value.begin(), value.end());
  } else {
    branch->children[path[shared]] = make_leaf(path.subspan(shared + 1), value);
  }
  if (shared == 0) return branch;
  return make_extension(path.first(shared), std::move(branch));
}

Result<NodePtr> load(const TrieNodeReader* store, const trie_detail::Node& stub) {
  if (store == nullptr)
    return make_error("trie: node " + stub.ref.hash().hex() +
                      " is not loaded and there is no store");
  auto rlp = store->read_node(stub.ref.hash());
  if (!rlp) return rlp.error();
  return trie_detail::decode_node(*rlp, &stub.ref);
}

}  // namespace

Trie::Trie(const TrieNodeReader* store) : store_(store) {}

Trie::Trie(const TrieNodeReader* store, const Hash& root) : store_(store) {
  if (root != kEmptyTrieRoot) root_ = std::make_unique<trie_detail::StubNode>(root);
}

Trie::Trie(Trie&&) noexcept = default;
Trie& Trie::operator=(Trie&&) noexcept = default;
Trie::~Trie() = default;

Status Trie::resolve(NodePtr& slot) const {
  if (!slot || slot->kind != NodeKind::stub) return {};
  auto node = load(store_, *slot);
  if (!node) return node.error();
  slot = std::move(*node);
  return {};
}

void Trie::count_change() {
  ++changes_since_hash_;
  ++changes_since_commit_;
}

Status Trie::put(BytesView key, BytesView value) {
  if (value.empty()) return remove(key);
  Nibbles path = to_nibbles(key);
  bool changed = false;
  PEL_TRY(insert(root_, path, value, changed));
  if (changed) count_change();
  return {};
}

Status Trie::remove(BytesView key) {
  Nibbles path = to_nibbles(key);
  bool changed = false;
  PEL_TRY(erase(root_, path, changed));
  if (changed) count_change();
  return {};
}

Status Trie::apply(std::span<const TrieEntry> changes) {
  if (changes.size() >= kParallelApplyMin) {
    PEL_TRY(resolve(root_));
    if (root_ && root_->kind == NodeKind::branch) {
      const bool inserts_only = std::ranges::none_of(changes, [](const TrieEntry& change) {
        return change.key.empty() || change.value.empty();
      });
      if (inserts_only) return apply_below_root_branch(changes);
    }
  }
  for (const TrieEntry& change : changes) PEL_TRY(put(change.key, change.value));
  return {};
}

// Keys that differ in their first nibble go to different children of the root
// branch, so each child's share of the changes is applied on its own thread, in
// the given order. Inserts never empty a child, so the root stays a branch; a
// removal could collapse it, which is why apply() keeps those sequential.
Status Trie::apply_below_root_branch(std::span<const TrieEntry> changes) {
  std::array<std::vector<size_t>, 16> shares;
  for (size_t i = 0; i < changes.size(); ++i) shares[changes[i].key[0] >> 4].push_back(i);
  std::array<size_t, 16> changed_counts{};
  std::array<Status, 16> statuses;
  auto& branch = as<BranchNode>(*root_);
  trie_detail::parallel_for_nibbles([&](size_t nibble) {
    for (size_t i : shares[nibble]) {
      const Nibbles path = to_nibbles(changes[i].key);
      bool changed = false;
      statuses[nibble] =
          insert(branch.children[nibble], NibblesView(path).subspan(1), changes[i].value, changed);
      if (!statuses[nibble]) return;
      if (changed) ++changed_counts[nibble];
    }
  });
  for (const Status& status : statuses) PEL_TRY(status);
  size_t changed = 0;
  for (size_t count : changed_counts) changed += count;
  changes_since_hash_ += changed;
  changes_since_commit_ += changed;
  if (changed > 0) branch.touch();
  return {};
}

Status Trie::insert(NodePtr& slot, NibblesView path, BytesView value, bool& changed) {
  if (!slot) {
    slot = make_leaf(path, value);
    changed = true;
    return {};
  }
  PEL_TRY(resolve(slot));
  switch (slot->kind) {
    case NodeKind::branch: {
      auto& branch = as<BranchNode>(*slot);
      if (path.empty()) {
        if (std::ranges::equal(branch.value, value)) return {};
        branch.value.assign(value.begin(), value.end());
        changed = true;
      } else {
        PEL_TRY(insert(branch.children[path[0]], path.subspan(1), value, changed));
      }
      if (changed) branch.touch();
      return {};
    }
    case NodeKind::leaf: {
      auto& leaf = as<LeafNode>(*slot);
      const size_t shared = common_prefix_length(leaf.path, path);
      if (shared == leaf.path.size() && shared == path.size()) {
        if (std::ranges::equal(leaf.value, value)) return {};
        leaf.value.assign(value.begin(), value.end());
        leaf.touch();
        changed = true;
        return {};
      }
      // The keys part at `shared`: a branch there holds both (or ends one).
      auto branch = std::make_unique<BranchNode>();
      if (shared == leaf.path.size()) {
        branch->value = std::move(leaf.value);
      } else {
        const uint8_t nibble = leaf.path[shared];
        drop_front(leaf.path, shared + 1);
        leaf.touch();
        branch->children[nibble] = std::move(slot);
      }
      slot = place_in_split(std::move(branch), path, shared, value);
      changed = true;
      return {};
    }
    case NodeKind::extension: {
      auto& extension = as<ExtensionNode>(*slot);
      const size_t shared = common_prefix_length(extension.path, path);
      if (shared == extension.path.size()) {
        PEL_TRY(insert(extension.child, path.subspan(shared), value, changed));
        if (changed) extension.touch();
        return {};
      }
      // The new key leaves the extension's path at `shared`: split it there.
      auto branch = std::make_unique<BranchNode>();
      const uint8_t nibble = extension.path[shared];
      if (shared + 1 == extension.path.size()) {
        branch->children[nibble] = std::move(extension.child);
      } else {
        drop_front(extension.path, shared + 1);
        extension.touch();
        branch->children[nibble] = std::move(slot);
      }
      slot = place_in_split(std::move(branch), path, shared, value);
      changed = true;
      return {};
    }
    case NodeKind::stub:
      break;
  }
  assert(false && "resolve() leaves no stub");
  return make_error("trie: unexpected node kind");
}

Status Trie::erase(NodePtr& slot, NibblesView path, bool& changed) {
  if (!slot) return {};
  PEL_TRY(resolve(slot));
  switch (slot->kind) {
    case NodeKind::leaf: {
      if (equal(as<LeafNode>(*slot).path, path)) {
        slot.reset();
        changed = true;
      }
      return {};
    }
    case NodeKind::extension: {
      auto& extension = as<ExtensionNode>(*slot);
      const size_t length = extension.path.size();
      if (path.size() < length || !equal(path.first(length), extension.path)) return {};
      PEL_TRY(erase(extension.child, path.subspan(length), changed));
      if (!changed) return {};
      extension.touch();
      // The child branch may have shrunk to a leaf or an extension: absorb it.
      NodePtr& child = extension.child;
      if (!child) {
        slot.reset();
      } else if (child->kind == NodeKind::leaf) {
        prepend(as<LeafNode>(*child).path, extension.path);
        child->touch();
        slot = std::move(child);
      } else if (child->kind == NodeKind::extension) {
        prepend(as<ExtensionNode>(*child).path, extension.path);
        child->touch();
        slot = std::move(child);
      }
      return {};
    }
    case NodeKind::branch: {
      auto& branch = as<BranchNode>(*slot);
      if (path.empty()) {
        if (branch.value.empty()) return {};
        branch.value.clear();
        changed = true;
      } else {
        PEL_TRY(erase(branch.children[path[0]], path.subspan(1), changed));
        if (!changed) return {};
      }
      branch.touch();
      return collapse_branch(slot);
    }
    case NodeKind::stub:
      break;
  }
  assert(false && "resolve() leaves no stub");
  return make_error("trie: unexpected node kind");
}

// A branch left with one entry is no longer a branch: it becomes a leaf (only a
// value left) or merges its only child under a one-nibble-longer path.
Status Trie::collapse_branch(NodePtr& slot) {
  auto& branch = as<BranchNode>(*slot);
  size_t count = branch.value.empty() ? 0 : 1;
  size_t last = 16;
  for (size_t i = 0; i < 16; ++i) {
    if (branch.children[i]) {
      ++count;
      last = i;
    }
  }
  if (count >= 2) return {};
  if (count == 0) {
    slot.reset();
    return {};
  }
  if (last == 16) {
    slot = make_leaf({}, branch.value);
    return {};
  }
  NodePtr& child = branch.children[last];
  PEL_TRY(resolve(child));
  const uint8_t nibble = static_cast<uint8_t>(last);
  if (child->kind == NodeKind::branch) {
    slot = make_extension(NibblesView(&nibble, 1), std::move(child));
    return {};
  }
  Nibbles& path =
      child->kind == NodeKind::leaf ? as<LeafNode>(*child).path : as<ExtensionNode>(*child).path;
  path.insert(path.begin(), nibble);
  child->touch();
  NodePtr moved = std::move(child);
  slot = std::move(moved);
  return {};
}

Result<std::optional<Bytes>> Trie::get(BytesView key) const {
  const Nibbles path = to_nibbles(key);
  NibblesView rest = path;
  const trie_detail::Node* node = root_.get();
  NodePtr loaded;  // the last node read from the store, kept while we walk it
  while (node != nullptr) {
    switch (node->kind) {
      case NodeKind::stub: {
        auto fresh = load(store_, *node);
        if (!fresh) return fresh.error();
        loaded = std::move(*fresh);  // `node` pointed into the old one; not used again
        node = loaded.get();
        break;
      }
      case NodeKind::leaf: {
        const auto& leaf = as<LeafNode>(*node);
        if (!equal(leaf.path, rest)) return std::optional<Bytes>{};
        return std::optional<Bytes>{leaf.value};
      }
      case NodeKind::extension: {
        const auto& extension = as<ExtensionNode>(*node);
        const size_t length = extension.path.size();
        if (rest.size() < length || !equal(rest.first(length), extension.path))
          return std::optional<Bytes>{};
        rest = rest.subspan(length);
        node = extension.child.get();
        break;
      }
      case NodeKind::branch: {
        const auto& branch = as<BranchNode>(*node);
        if (rest.empty()) {
          if (branch.value.empty()) return std::optional<Bytes>{};
          return std::optional<Bytes>{branch.value};
        }
        node = branch.children[rest[0]].get();
        rest = rest.subspan(1);
        break;
      }
    }
  }
  return std::optional<Bytes>{};
}

}  // namespace pel
