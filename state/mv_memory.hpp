#pragma once
// Block-STM's multi-version memory (Gelashvili et al., PPoPP 2023, section 3):
// for every state key, the value each transaction of the block wrote to it, so that
// transaction i reads what the highest transaction below i wrote, or the pre-block
// state when none did. Also keeps, per transaction, what its latest execution read
// (to validate it) and where it wrote (to mark those writes ESTIMATE when it aborts).
//
// Differences from the paper, each for speed or for deltas:
//  - Reads are validated by value, not by (txn, incarnation): a read is still valid
//    when a re-execution wrote the same value, and delta sums validate naturally.
//  - Keys written as commutative deltas by every transaction (the coinbase balance)
//    are "hot keys": one slot per transaction instead of a shared sorted list, so
//    writers never contend. A reader of a hot key sums the deltas below it.
//  - Keys live in an open-addressing table of node pointers, pre-sized per block and
//    never rehashed; nodes are allocated in per-worker chunks. The object is reused
//    across blocks so its memory stays warm.
//
// Thread safety: every public method may be called concurrently, except reset() and
// collect_changes(), which need the workers stopped.

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <span>
#include <unordered_map>
#include <vector>

#include "core/uint256.hpp"
#include "state/key_versions.hpp"
#include "state/spin_lock.hpp"
#include "state/state_view.hpp"
#include "state/write_set.hpp"

namespace pel {

// One slot of a hot key: what transaction `txn` (the slot's index) wrote to it.
struct HotSlot {
  SpinLock lock;
  bool present = false;
  Version version;
};

// A key's node in the multi-version memory. Laid out for the common read: the key
// and lowest_writer share the first cache line and the base value fills the second,
// so a read that finds no lower writer touches two lines.
struct alignas(64) KeyVersions {
  StateKey key;
  SpinLock lock;
  // The lowest transaction with a version (kNoWriter when none), readable without
  // the lock: a reader below it (most reads, in a block of unrelated transfers, and
  // a validation rereading what the transaction itself wrote) takes the base value.
  // Zero for hot keys, whose versions are in `hot`.
  std::atomic<TxnIndex> lowest_writer{kNoWriter};
  static constexpr TxnIndex kNoWriter = ~TxnIndex{0};
  U256 base;               // the pre-block value, read before the node is published
  HotSlot* hot = nullptr;  // hot keys: per-transaction slots instead of `versions`
  VersionList versions;    // guarded by lock
};

// What a read found.
struct MvRead {
  bool blocked = false;       // a lower transaction's write is an ESTIMATE
  TxnIndex blocking_txn = 0;  // ... and this transaction wrote it
  U256 value;
};

// One read of an execution: the key's node and the value it gave.
struct ReadEntry {
  KeyVersions* node;
  U256 value;
};

class MVMemory {
 public:
  MVMemory() = default;
  ~MVMemory();
  MVMemory(const MVMemory&) = delete;
  MVMemory& operator=(const MVMemory&) = delete;

  struct BlockShape {
    TxnIndex num_txns = 0;
    // Distinct keys the block is expected to touch: sizes the key table. More keys
    // still work (through a locked overflow map), only slower.
    size_t expected_keys = 0;
    // Worker threads, numbered 0..workers-1, each allocating nodes on its own.
    unsigned workers = 1;
  };

  // Prepares for a new block over `base` (which must outlive the block's execution).
  // `hot_keys` are written as deltas by most transactions (the coinbase balance).
  void reset(const BlockShape& shape, const StateView& base, std::span<const StateKey> hot_keys);

  TxnIndex num_txns() const { return num_txns_; }
  const StateView& base() const { return *base_; }

  // The node of `key`, created when new. `worker` is the caller's worker number.
  KeyVersions* find_or_insert(const StateKey& key, unsigned worker);
  // Hot keys are matched before hashing; null when `key` is not one.
  KeyVersions* find_hot(const StateKey& key) const {
    for (const auto& node : hot_nodes_)
      if (node->key == key) return node.get();
    return nullptr;
  }

  // The value of `node` as transaction `txn` sees it: the highest write below txn
  // (plus the deltas above that write), or the pre-block value.
  MvRead read(KeyVersions& node, TxnIndex txn) const {
    if (node.lowest_writer.load(std::memory_order_acquire) >= txn) {
      return {false, 0, node.base};  // nobody below txn wrote it (yet): most reads end here
    }
    return read_versions(node, txn);
  }

  // Records an execution of `txn`: applies its writes as versions, removes the
  // versions of its previous execution that it no longer writes, and keeps `reads`
  // for validation (swapping in the previous read set for the caller to reuse).
  // Returns whether it wrote a key its previous execution did not (Block-STM's
  // wrote_new_location: then higher transactions must be validated again).
  bool record(TxnIndex txn, std::vector<ReadEntry>& reads, const WriteSet& writes, unsigned worker);

  // Whether every read of txn's latest execution still gives the same value.
  bool validate_read_set(TxnIndex txn) const;

  // Marks txn's writes ESTIMATE: it was aborted and will be executed again.
  void convert_writes_to_estimates(TxnIndex txn);

  // Code deployed by the block's transactions, by hash, then the base state's.
  CodePtr code(const Hash& code_hash) const;
  void add_code(const CodeBlob& blob);

  // Once transactions [0, upto) are final (the workers stopped): the value after
  // them of every key they wrote, appended to `out`. Code is not included: the
  // executor takes it from the final write sets (this map also holds code of
  // discarded executions).
  void collect_changes(StateChanges& out, TxnIndex upto) const;
  // The same in independent parts [0, change_parts()), for several threads at once:
  // the values of part `part` are appended to `out`.
  size_t change_parts() const;
  void collect_changes(size_t part, std::vector<std::pair<StateKey, U256>>& out,
                       TxnIndex upto) const;

  // Distinct keys the block touched so far (sizes the next block's table).
  size_t keys_in_use() const;

  // Reads txn's latest read set (tests and diagnostics; not concurrently with record).
  const std::vector<ReadEntry>& last_reads(TxnIndex txn) const { return records_[txn].reads; }

 private:
  struct TxnRecord {
    mutable SpinLock lock;
    uint32_t epoch = 0;  // the block (reset() count) that `reads` and `written` belong to
    std::vector<ReadEntry> reads;
    std::vector<KeyVersions*> written;
  };
  // Per-worker node allocator: nodes come in chunks that stay allocated across blocks.
  struct alignas(64) NodePool {
    std::vector<std::unique_ptr<KeyVersions[]>> chunks;
    size_t used = 0;                    // nodes handed out this block, over all chunks
    KeyVersions* spare = nullptr;       // allocated but lost an insertion race
    std::vector<KeyVersions*> scratch;  // record()'s new written list
  };
  static constexpr size_t kChunkNodes = 64;
  static constexpr size_t kMaxProbe = 64;

  KeyVersions* allocate_node(const StateKey& key, unsigned worker);
  KeyVersions* overflow_find_or_insert(const StateKey& key);
  void write(KeyVersions& node, TxnIndex txn, WriteKind kind, const U256& value);
  void remove(KeyVersions& node, TxnIndex txn);
  void mark_estimate(KeyVersions& node, TxnIndex txn);
  MvRead read_versions(KeyVersions& node, TxnIndex txn) const;
  template <class Fn>
  static void for_each_pool_node(const NodePool& pool, Fn&& fn);

  const StateView* base_ = nullptr;
  TxnIndex num_txns_ = 0;

  std::unique_ptr<std::atomic<uintptr_t>[]> table_;
  size_t table_capacity_ = 0;
  std::vector<NodePool> pools_;

  std::vector<std::unique_ptr<KeyVersions>> hot_nodes_;
  std::vector<std::unique_ptr<HotSlot[]>> hot_slots_;
  size_t hot_slots_capacity_ = 0;

  std::unique_ptr<TxnRecord[]> records_;
  size_t records_capacity_ = 0;
  uint32_t epoch_ = 0;

  mutable std::mutex overflow_mutex_;
  std::unordered_map<StateKey, KeyVersions*> overflow_index_;
  std::deque<KeyVersions> overflow_nodes_;

  mutable std::mutex code_mutex_;
  std::unordered_map<Hash, CodePtr> code_;
};

}  // namespace pel
