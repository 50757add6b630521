#include "state/trie_journal_applier.hpp"

#include <algorithm>
#include <cstring>

#include "state/schema.hpp"

namespace pel {

Status move_trie_journal(Database& db, uint64_t number, TrieNodeBatch nodes) {
  // Ascending keys: RocksDB's memtable inserts a sorted run from a hint.
  std::sort(nodes.begin(), nodes.end(), [](const TrieNodeRecord& a, const TrieNodeRecord& b) {
    return std::memcmp(a.hash.data(), b.hash.data(), Hash::kSize) < 0;
  });
  size_t bytes = 0;
  for (const TrieNodeRecord& node : nodes) bytes += Hash::kSize + node.rlp.size() + 8;
  WriteBatch batch = db.make_batch(bytes);
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (i > 0 && nodes[i].hash == nodes[i - 1].hash) continue;  // equal subtries
    batch.put(Column::kTrieNodes, nodes[i].hash.view(), nodes[i].rlp);
  }
  batch.erase(Column::kMeta, schema::trie_journal_key(number));
  // Unsynced: until this batch is durable the journal record still is, and a
  // later synced write makes it durable too (the WAL is one sequence).
  return db.write_unsynced(batch);
}

Status apply_trie_journals(Database& db) {
  const BytesView prefix = as_view(schema::kTrieJournalPrefix);
  std::vector<std::pair<uint64_t, TrieNodeBatch>> journals;
  std::optional<Error> error;
  PEL_TRY(db.for_each(Column::kMeta, prefix, [&](BytesView key, BytesView value) {
    auto number = schema::decode_number(key.subspan(prefix.size()));
    auto nodes = schema::decode_trie_journal(value);
    if (!number || !nodes) {
      error = make_error("corrupted trie journal record under key " + to_hex(key));
      return false;
    }
    journals.emplace_back(*number, std::move(*nodes));
    return true;
  }));
  if (error) return *error;
  for (auto& [number, nodes] : journals) PEL_TRY(move_trie_journal(db, number, std::move(nodes)));
  return {};
}

TrieJournalApplier::TrieJournalApplier(Database& db) : db_(db), thread_([this] { run(); }) {}

TrieJournalApplier::~TrieJournalApplier() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void TrieJournalApplier::hold(uint64_t number, TrieNodeBatch nodes) {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return !job_; });
  job_ = Job{number, std::move(nodes), false};
}

void TrieJournalApplier::publish() {
  {
    std::lock_guard lock(mutex_);
    if (job_) job_->published = true;
  }
  changed_.notify_all();
}

void TrieJournalApplier::withdraw() {
  {
    std::lock_guard lock(mutex_);
    if (job_ && !job_->published) job_.reset();
  }
  changed_.notify_all();
}

Status TrieJournalApplier::wait_idle() const {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return !job_; });
  if (error_) return *error_;
  return {};
}

double TrieJournalApplier::last_move_ms() const {
  std::lock_guard lock(mutex_);
  return last_move_ms_;
}

void TrieJournalApplier::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    // A job submitted before the destructor ran is still moved.
    // A held job that was never published is withdrawn by its commit, even
    // while stopping.
    changed_.wait(lock, [&] { return (job_ && job_->published) || (!job_ && stopping_); });
    if (!job_) return;
    const uint64_t number = job_->number;
    TrieNodeBatch nodes = std::move(job_->nodes);
    lock.unlock();
    const auto start = std::chrono::steady_clock::now();
    Status moved = move_trie_journal(db_, number, std::move(nodes));
    const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
    lock.lock();
    last_move_ms_ = took.count();
    if (!moved && !error_) {
      error_ = make_error("moving block " + std::to_string(number) +
                          "'s trie nodes: " + moved.error().message);
    }
    job_.reset();
    changed_.notify_all();
  }
}

}  // namespace pel
