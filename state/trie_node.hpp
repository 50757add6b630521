#pragma once
// In-memory nodes of the incremental trie.
//
// Every node caches the reference its parent embeds (`ref`) and two flags:
// `ref_valid` (the cache matches the contents) and `persisted` (the node's RLP
// was handed out by a commit or came from the store). A change to a node clears
// both on every node from it up to the root, so the nodes to rehash and to
// persist always form a subtree hanging from the root.
//
// A StubNode stands for a subtrie that was not loaded: only its hash is known;
// the trie replaces it by the decoded node when a walk needs to enter it.
//
// Internal to the trie implementation; not a public surface of state/.

#include <array>
#include <memory>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "state/trie_encoding.hpp"
#include "state/trie_nibbles.hpp"

namespace pel::trie_detail {

enum class NodeKind : uint8_t { leaf, extension, branch, stub };

struct Node {
  explicit Node(NodeKind k) : kind(k) {}
  virtual ~Node() = default;
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  void touch() {
    ref_valid = false;
    persisted = false;
  }

  const NodeKind kind;
  bool ref_valid = false;
  bool persisted = false;
  TrieNodeRef ref;
};
using NodePtr = std::unique_ptr<Node>;

struct LeafNode final : Node {
  LeafNode(Nibbles p, Bytes v) : Node(NodeKind::leaf), path(std::move(p)), value(std::move(v)) {}
  Nibbles path;  // the rest of the key below this node's position
  Bytes value;   // never empty
};

struct ExtensionNode final : Node {
  ExtensionNode(Nibbles p, NodePtr c)
      : Node(NodeKind::extension), path(std::move(p)), child(std::move(c)) {}
  Nibbles path;   // never empty
  NodePtr child;  // a branch (or a stub of one)
};

struct BranchNode final : Node {
  BranchNode() : Node(NodeKind::branch) {}
  std::array<NodePtr, 16> children;
  Bytes value;  // the value of the key that ends here; empty when none
};

struct StubNode final : Node {
  explicit StubNode(const Hash& hash) : Node(NodeKind::stub) {
    ref = make_hash_ref(hash);
    ref_valid = true;
    persisted = true;
  }
};

template <class T>
T& as(Node& node) {
  return static_cast<T&>(node);
}
template <class T>
const T& as(const Node& node) {
  return static_cast<const T&>(node);
}

// Decodes a node's RLP as it came from the store. Embedded children are decoded
// too; hashed children become stubs. The result and its embedded descendants are
// marked clean and persisted, with `ref` set to `known_ref` when given (the hash
// the node was loaded by, which saves hashing it again), otherwise from the RLP.
Result<NodePtr> decode_node(BytesView rlp, const TrieNodeRef* known_ref = nullptr);

}  // namespace pel::trie_detail
