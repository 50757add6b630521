#pragma once
// Ethereum's Merkle Patricia Trie, kept between blocks and updated in place.
//
// A Trie holds the nodes it has loaded or created. Changes mark the path from
// the changed node to the root; root_hash() rehashes only those paths, and
// commit() also hands out the RLP of every node created since the last commit,
// for the owner to persist. Parts not yet loaded are read from a TrieNodeReader
// when a change or a lookup walks into them, so a trie reopened from a stored
// root hash does not rebuild anything.
//
// Keys are raw bytes: a secure trie (the state trie, storage tries) is this
// trie with keccak256(key) as the key, hashed by the caller. Values are the
// RLP the caller wants stored (an account, a trimmed slot value, a receipt).
// An empty value means "absent": put(key, {}) removes the key.
//
// Errors are store errors (a missing or malformed node). After one, the trie
// may hold a partly applied change: drop it and reopen from the last root.
//
// Not thread-safe: one thread drives a Trie; it uses oneTBB inside apply(),
// root_hash() and commit() to update and hash independent subtries in parallel
// when many keys changed, with results that never depend on the thread count.

#include <memory>
#include <optional>
#include <span>

#include "core/bytes.hpp"
#include "core/fixed_bytes.hpp"
#include "core/result.hpp"
#include "state/trie_builder.hpp"
#include "state/trie_nibbles.hpp"
#include "state/trie_node_store.hpp"

namespace pel {

namespace trie_detail {
struct Node;
}

class Trie {
 public:
  // An empty trie. Without a store, the trie lives in memory only. A store,
  // when given, must outlive the trie (the trie does not own it).
  explicit Trie(const TrieNodeReader* store = nullptr);
  // The trie whose root hash is `root`, loaded from `store` as walks need it.
  // kEmptyTrieRoot gives an empty trie without reading the store. A root the
  // store does not hold shows up as an error from the first operation.
  Trie(const TrieNodeReader* store, const Hash& root);
  // A trie holding `sorted` (as trie_root_from_sorted takes it), built in one
  // pass; every node counts as new for the next commit().
  static Result<Trie> from_sorted(std::span<const TrieEntry> sorted,
                                  const TrieNodeReader* store = nullptr);

  Trie(Trie&&) noexcept;
  Trie& operator=(Trie&&) noexcept;
  ~Trie();

  // Sets key to value; an empty value removes the key.
  Status put(BytesView key, BytesView value);
  Status remove(BytesView key);
  // Applies the entries in order (later entries win; empty values remove). Many
  // inserts below a root branch are applied on several threads, one per child.
  Status apply(std::span<const TrieEntry> changes);
  // The value stored under key, or nullopt. Nodes loaded for the lookup are
  // not kept.
  Result<std::optional<Bytes>> get(BytesView key) const;

  bool empty() const { return root_ == nullptr; }

  // The root hash, rehashing the paths changed since the last call.
  Hash root_hash();
  // Rehashes like root_hash() and returns the nodes created since the last
  // commit, to be written to the store under their hashes (the root node is
  // included even when short). The trie then treats them as persisted.
  TrieNodeBatch commit();
  // Frees persisted, unchanged nodes `depth` or more steps below the root,
  // keeping only their hashes; later walks reload them from the store. Needs a
  // store, and the last commit's batch written to it.
  void unload(size_t depth);

 private:
  Status resolve(std::unique_ptr<trie_detail::Node>& slot) const;
  Status insert(std::unique_ptr<trie_detail::Node>& slot, NibblesView path, BytesView value,
                bool& changed);
  Status erase(std::unique_ptr<trie_detail::Node>& slot, NibblesView path, bool& changed);
  Status collapse_branch(std::unique_ptr<trie_detail::Node>& slot);
  Status apply_below_root_branch(std::span<const TrieEntry> changes);

  // From this many changes apply() spreads inserts below a root branch over threads.
  static constexpr size_t kParallelApplyMin = 256;
  void count_change();

  const TrieNodeReader* store_ = nullptr;
  std::unique_ptr<trie_detail::Node> root_;
  // Changes since the last rehash and since the last commit: large numbers
  // make hashing worth spreading over threads.
  size_t changes_since_hash_ = 0;
  size_t changes_since_commit_ = 0;
};

}  // namespace pel
