#pragma once
// Moves a block's trie nodes into kTrieNodes after the block is committed.
//
// A block's batch carries its new trie nodes as one journal record (schema
// "trie-journal"): one large value instead of tens of thousands of keys, so the
// block's write spends no time inserting nodes into the memtable one by one.
// A background thread then writes each node under its hash and deletes the
// journal record, in one batch. Nothing is lost if the process dies between the
// two: the journal record is durable with the block, and opening the store
// applies what is left (apply_trie_journals).
//
// A node under a state root readers can see may still be in flight: readers
// that miss a node wait for the move and look again (DatabaseTrieNodes). At most one block's nodes
// are in flight: the next block waits for them before its own write, so the two writes never queue
// behind each other inside RocksDB.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <thread>

#include "state/database.hpp"
#include "state/trie_node_store.hpp"

namespace pel {

// Writes `nodes` (block `number`'s, already journaled) under their hashes and
// deletes the journal record, in one batch.
Status move_trie_journal(Database& db, uint64_t number, TrieNodeBatch nodes);

// Applies every journal record in `db`: what a process that stopped before its
// background moves finished left behind.
Status apply_trie_journals(Database& db);

class TrieJournalApplier {
 public:
  explicit TrieJournalApplier(Database& db);
  // Finishes the block in flight, then stops.
  ~TrieJournalApplier();
  TrieJournalApplier(const TrieJournalApplier&) = delete;
  TrieJournalApplier& operator=(const TrieJournalApplier&) = delete;

  // Takes block `number`'s nodes before the batch with its journal record is
  // written: from then on, readers that miss a node wait for them, so none
  // misses a node between the batch becoming visible and the move. Call
  // wait_idle() first: at most one block is in flight. Then publish() once the
  // batch is written, or withdraw() if it was not.
  void hold(uint64_t number, TrieNodeBatch nodes);
  void publish();
  void withdraw();
  // Waits until no block is in flight. An error if a move failed: the store can
  // commit nothing more, and reopening it retries the move from the journal.
  Status wait_idle() const;
  // How long the last move took, in ms (0 before the first).
  double last_move_ms() const;

 private:
  struct Job {
    uint64_t number = 0;
    TrieNodeBatch nodes;
    bool published = false;  // its journal record is written: the move may start
  };
  void run();

  Database& db_;
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::optional<Job> job_;  // set from hold() until its move is written or withdrawn
  bool stopping_ = false;
  std::optional<Error> error_;
  double last_move_ms_ = 0;
  std::thread thread_;
};

}  // namespace pel
