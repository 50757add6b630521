#include "state/database.hpp"

#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/options_util.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <filesystem>
#include <thread>
#include <vector>

namespace pel {

namespace {

// Written once when a database is created; an existing database without it is not Pel's.
constexpr std::string_view kSchemaKey = "schema";
constexpr std::string_view kSchemaVersion = "pel-db-v1";

constexpr std::array<std::string_view, kColumnCount> kColumnNames = {
    "accounts", "storage",  "code",      "trie_nodes",  "headers", "bodies",
    "receipts", "tx_index", "canonical", "change_sets", "meta",
};

rocksdb::Slice to_slice(BytesView bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}
BytesView to_view(const rocksdb::Slice& slice) {
  return {reinterpret_cast<const uint8_t*>(slice.data()), slice.size()};
}

Error to_error(const rocksdb::Status& status, std::string_view what) {
  std::string reason;
  if (status.IsCorruption()) {
    reason = "database is corrupted: ";
  } else if (status.IsIOError() && status.ToString().find("lock") != std::string::npos) {
    reason = "data directory is in use by another process: ";
  }
  return make_error(std::string(what) + ": " + reason + status.ToString());
}

rocksdb::ColumnFamilyOptions column_options(Column column,
                                            const std::shared_ptr<rocksdb::Cache>& cache) {
  rocksdb::ColumnFamilyOptions options;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  // Point lookups dominate (state, trie nodes by hash): bloom filters save disk reads.
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  table.cache_index_and_filter_blocks = true;
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  if (column == Column::kTrieNodes || column == Column::kAccounts || column == Column::kStorage) {
    options.OptimizeForPointLookup(64);
    options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  }
  // A block's batch puts each column's keys in ascending order (ChainStore::commit_block):
  // a hint per leading byte lets the memtable insert each key from where the previous
  // one with that byte went, instead of searching the skip list from its head.
  if (column == Column::kTrieNodes || column == Column::kAccounts || column == Column::kStorage ||
      column == Column::kTxIndex) {
    options.memtable_insert_with_hint_prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(1));
  }
  return options;
}

}  // namespace

std::string_view column_name(Column column) {
  return kColumnNames[static_cast<size_t>(column)];
}

WriteBatch::WriteBatch(const Database& db, size_t reserve_bytes)
    : db_(&db), batch_(std::make_unique<rocksdb::WriteBatch>(reserve_bytes)) {}
WriteBatch::~WriteBatch() = default;
WriteBatch::WriteBatch(WriteBatch&&) noexcept = default;
WriteBatch& WriteBatch::operator=(WriteBatch&&) noexcept = default;

void WriteBatch::put(Column column, BytesView key, BytesView value) {
  // Failure here means the batch is over 4 GiB, far beyond any block.
  [[maybe_unused]] auto status = batch_->Put(db_->handle(column), to_slice(key), to_slice(value));
  assert(status.ok());
}

void WriteBatch::erase(Column column, BytesView key) {
  [[maybe_unused]] auto status = batch_->Delete(db_->handle(column), to_slice(key));
  assert(status.ok());
}

size_t WriteBatch::count() const {
  return batch_->Count();
}
size_t WriteBatch::size_bytes() const {
  return batch_->GetDataSize();
}

Snapshot::~Snapshot() {
  db_->ReleaseSnapshot(snapshot_);
}

Result<std::unique_ptr<Database>> Database::open(const std::string& path, const Options& options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  bool exists = fs::exists(path, ec);
  if (exists && !fs::is_directory(path, ec)) {
    return make_error("data directory " + path + " is not a directory");
  }
  bool has_db = exists && fs::exists(fs::path(path) / "CURRENT", ec);
  if (exists && !has_db && !fs::is_empty(path, ec)) {
    return make_error("data directory " + path +
                      " is not empty and holds no Pel database; choose another --datadir");
  }
  if (!has_db && !options.create_if_missing) {
    return make_error("no Pel database in " + path);
  }

  auto cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = !has_db;
  db_options.create_missing_column_families = !has_db;
  db_options.paranoid_checks = true;
  db_options.max_background_jobs = 2;
  db_options.bytes_per_sync = 1 << 20;
  // A write-ahead log lives until every column family with data in it has flushed,
  // and the small ones (meta, canonical, headers) fill a memtable only after
  // thousands of blocks: by default (four times all memtables, about 6 GiB here)
  // the logs grew to 1.8 GB over a 200-block import, which the next open replayed
  // for 4.8 s. Past this size RocksDB flushes the families that hold the oldest log.
  db_options.max_total_wal_size = options.max_wal_bytes;

  if (has_db) {
    std::vector<std::string> existing;
    auto listed = rocksdb::DB::ListColumnFamilies(db_options, path, &existing);
    if (!listed.ok()) return to_error(listed, "cannot open database in " + path);
    std::sort(existing.begin(), existing.end());
    std::vector<std::string> expected(kColumnNames.begin(), kColumnNames.end());
    expected.push_back(rocksdb::kDefaultColumnFamilyName);
    std::sort(expected.begin(), expected.end());
    if (existing != expected) {
      return make_error("data directory " + path +
                        " holds a RocksDB database that is not Pel's (unexpected column families)");
    }
  }

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions());
  for (size_t i = 0; i < kColumnCount; ++i) {
    descriptors.emplace_back(std::string(kColumnNames[i]),
                             column_options(static_cast<Column>(i), cache));
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw_db = nullptr;
  auto status = rocksdb::DB::Open(db_options, path, descriptors, &handles, &raw_db);
  if (!status.ok()) return to_error(status, "cannot open database in " + path);

  std::unique_ptr<Database> db(new Database());
  db->path_ = path;
  db->sync_writes_ = options.sync_writes;
  db->db_.reset(raw_db);
  db->default_handle_ = handles[0];
  for (size_t i = 0; i < kColumnCount; ++i) db->handles_[i] = handles[i + 1];

  auto schema = db->get(Column::kMeta, as_view(kSchemaKey));
  if (!schema) return schema.error();
  if (!has_db) {
    auto batch = db->make_batch();
    batch.put(Column::kMeta, as_view(kSchemaKey), as_view(kSchemaVersion));
    PEL_TRY(db->write(batch));
  } else if (!schema->has_value()) {
    return make_error("data directory " + path + " holds a database without Pel's schema marker");
  } else if (std::string_view(reinterpret_cast<const char*>((*schema)->data()),
                              (*schema)->size()) != kSchemaVersion) {
    return make_error("data directory " + path + " holds an unsupported schema version");
  }
  return db;
}

Database::~Database() {
  if (!db_) return;
  for (auto* handle : handles_) db_->DestroyColumnFamilyHandle(handle);
  db_->DestroyColumnFamilyHandle(default_handle_);
  db_.reset();
}

Result<std::optional<Bytes>> Database::get(Column column, BytesView key,
                                           const Snapshot* snapshot) const {
  rocksdb::ReadOptions read_options;
  read_options.verify_checksums = true;
  if (snapshot) read_options.snapshot = snapshot->snapshot_;
  rocksdb::PinnableSlice value;
  auto status = db_->Get(read_options, handle(column), to_slice(key), &value);
  if (status.IsNotFound()) return std::optional<Bytes>();
  if (!status.ok()) return to_error(status, "read failed");
  BytesView view = to_view(value);
  return std::optional<Bytes>(Bytes(view.begin(), view.end()));
}

Status Database::multi_get(
    Column column, std::span<const BytesView> keys, const Snapshot* snapshot,
    const std::function<void(size_t, std::optional<BytesView>)>& visit) const {
  rocksdb::ReadOptions read_options;
  read_options.verify_checksums = true;
  if (snapshot) read_options.snapshot = snapshot->snapshot_;
  std::vector<rocksdb::Slice> slices;
  slices.reserve(keys.size());
  for (BytesView key : keys) slices.push_back(to_slice(key));
  std::vector<rocksdb::PinnableSlice> values(keys.size());
  std::vector<rocksdb::Status> statuses(keys.size());
  db_->MultiGet(read_options, handle(column), keys.size(), slices.data(), values.data(),
                statuses.data());
  Status first;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (statuses[i].IsNotFound()) {
      visit(i, std::nullopt);
    } else if (!statuses[i].ok()) {
      if (first) first = to_error(statuses[i], "read failed");
    } else {
      visit(i, to_view(values[i]));
    }
  }
  return first;
}

Status Database::write(WriteBatch& batch) {
  rocksdb::WriteOptions write_options;
  write_options.sync = sync_writes_;
  auto status = db_->Write(write_options, batch.batch_.get());
  if (!status.ok()) return to_error(status, "write failed");
  return {};
}

Status Database::write_unsynced(WriteBatch& batch) {
  auto status = db_->Write(rocksdb::WriteOptions(), batch.batch_.get());
  if (!status.ok()) return to_error(status, "write failed");
  return {};
}

bool Database::background_work_pending() const {
  for (const char* property : {"rocksdb.num-running-flushes", "rocksdb.num-running-compactions",
                               "rocksdb.mem-table-flush-pending", "rocksdb.compaction-pending"}) {
    uint64_t value = 0;
    if (db_->GetAggregatedIntProperty(property, &value) && value != 0) return true;
  }
  return false;
}

bool Database::wait_for_background_work(std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (background_work_pending()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

std::unique_ptr<Snapshot> Database::snapshot() const {
  return std::unique_ptr<Snapshot>(new Snapshot(db_.get(), db_->GetSnapshot()));
}

Status Database::for_each(Column column, BytesView prefix, const Visitor& visit,
                          const Snapshot* snapshot) const {
  rocksdb::ReadOptions read_options;
  if (snapshot) read_options.snapshot = snapshot->snapshot_;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read_options, handle(column)));
  for (it->Seek(to_slice(prefix)); it->Valid(); it->Next()) {
    BytesView key = to_view(it->key());
    if (key.size() < prefix.size() || !std::equal(prefix.begin(), prefix.end(), key.begin())) break;
    if (!visit(key, to_view(it->value()))) break;
  }
  if (!it->status().ok()) return to_error(it->status(), "iteration failed");
  return {};
}

}  // namespace pel
