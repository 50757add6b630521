#pragma once
// Pel's RocksDB database: one column family per kind of record. RocksDB stays
// behind this interface; its Status becomes Pel's Error here and nowhere else.

#include <array>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/bytes.hpp"
#include "core/result.hpp"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
class WriteBatch;
class Snapshot;
}  // namespace rocksdb

namespace pel {

enum class Column : uint8_t {
  kAccounts,    // flat state: address -> account
  kStorage,     // flat state: address || slot -> value
  kCode,        // code hash -> code
  kTrieNodes,   // node hash -> node RLP
  kHeaders,     // block hash -> header RLP
  kBodies,      // block hash -> body RLP
  kReceipts,    // block hash -> receipts RLP
  kTxIndex,     // txn hash -> block number || position
  kCanonical,   // block number -> block hash
  kChangeSets,  // block number -> previous values of what the block changed
  kMeta,        // named values: schema version, head
  kCount,
};
inline constexpr size_t kColumnCount = static_cast<size_t>(Column::kCount);
std::string_view column_name(Column column);

class Database;

// Writes that become visible together, or not at all.
class WriteBatch {
 public:
  ~WriteBatch();
  WriteBatch(WriteBatch&&) noexcept;
  WriteBatch& operator=(WriteBatch&&) noexcept;

  void put(Column column, BytesView key, BytesView value);
  void erase(Column column, BytesView key);
  size_t count() const;
  size_t size_bytes() const;

 private:
  friend class Database;
  WriteBatch(const Database& db, size_t reserve_bytes);
  const Database* db_;
  std::unique_ptr<rocksdb::WriteBatch> batch_;
};

// A consistent, read-only view of the database as of its creation.
class Snapshot {
 public:
  ~Snapshot();
  Snapshot(const Snapshot&) = delete;
  Snapshot& operator=(const Snapshot&) = delete;

 private:
  friend class Database;
  Snapshot(rocksdb::DB* db, const rocksdb::Snapshot* snapshot) : db_(db), snapshot_(snapshot) {}
  rocksdb::DB* db_;
  const rocksdb::Snapshot* snapshot_;
};

class Database {
 public:
  struct Options {
    bool create_if_missing = true;
    // fsync the WAL on every write: survives power loss, not only a killed process.
    bool sync_writes = true;
    size_t block_cache_bytes = size_t{256} << 20;
    // The most write-ahead log kept live (see Database::open): what the next open
    // replays at worst.
    uint64_t max_wal_bytes = uint64_t{256} << 20;
  };

  // Opens or creates a Pel database. A directory holding something else (another
  // program's RocksDB, stray files, a corrupted store, one in use) is a clear error.
  static Result<std::unique_ptr<Database>> open(const std::string& path, const Options& options);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Result<std::optional<Bytes>> get(Column column, BytesView key,
                                   const Snapshot* snapshot = nullptr) const;
  // Point reads of many keys of one column in one call: RocksDB's batched MultiGet
  // looks them up in one pass per memtable and data block. visit(i, value) gets key
  // i's value, nullopt when absent; the first error is returned after the others.
  Status multi_get(Column column, std::span<const BytesView> keys, const Snapshot* snapshot,
                   const std::function<void(size_t, std::optional<BytesView>)>& visit) const;
  // `reserve_bytes`: about what the batch will hold, so that a large batch (a block's
  // trie nodes) is not copied each time its buffer doubles.
  WriteBatch make_batch(size_t reserve_bytes = 0) const { return WriteBatch(*this, reserve_bytes); }
  Status write(WriteBatch& batch);
  // Through the WAL without waiting for an fsync, whatever Options::sync_writes
  // says: for a batch whose content is also durable elsewhere until it lands.
  Status write_unsynced(WriteBatch& batch);
  std::unique_ptr<Snapshot> snapshot() const;
  // Whether RocksDB's background threads have a flush or compaction running or due.
  bool background_work_pending() const;
  // Waits, polling every millisecond, until background_work_pending() is false or
  // `timeout` has passed; false on timeout. (A benchmark calls it so that a flush or
  // compaction does not take a core from the next thing it times.)
  bool wait_for_background_work(std::chrono::milliseconds timeout) const;

  // Calls `visit` for each key starting with `prefix`, in key order, until it returns false.
  using Visitor = std::function<bool(BytesView key, BytesView value)>;
  Status for_each(Column column, BytesView prefix, const Visitor& visit,
                  const Snapshot* snapshot = nullptr) const;

  const std::string& path() const { return path_; }

 private:
  friend class WriteBatch;
  Database() = default;
  rocksdb::ColumnFamilyHandle* handle(Column column) const {
    return handles_[static_cast<size_t>(column)];
  }

  std::string path_;
  bool sync_writes_ = true;
  std::unique_ptr<rocksdb::DB> db_;
  rocksdb::ColumnFamilyHandle* default_handle_ = nullptr;
  std::array<rocksdb::ColumnFamilyHandle*, kColumnCount> handles_{};
};

}  // namespace pel
