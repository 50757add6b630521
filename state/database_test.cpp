#include "state/database.hpp"

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>

namespace pel {
namespace {

namespace fs = std::filesystem;

class DatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("pel_db_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<Database> open_db() {
    auto db = Database::open(dir_.string(), {.sync_writes = false});
    EXPECT_TRUE(db.ok()) << (db.ok() ? "" : db.error().message);
    return db.ok() ? std::move(db).value() : nullptr;
  }

  fs::path dir_;
};

Bytes bytes_of(std::string_view text) {
  return Bytes(text.begin(), text.end());
}

TEST_F(DatabaseTest, BatchIsVisibleAfterWriteAndSurvivesReopen) {
  {
    auto db = open_db();
    ASSERT_TRUE(db);
    auto batch = db->make_batch();
    batch.put(Column::kAccounts, as_view("alice"), as_view("1"));
    batch.put(Column::kHeaders, as_view("alice"), as_view("header"));
    EXPECT_FALSE(db->get(Column::kAccounts, as_view("alice"))->has_value());
    ASSERT_TRUE(db->write(batch).ok());
    EXPECT_EQ(db->get(Column::kAccounts, as_view("alice"))->value(), bytes_of("1"));
  }
  auto db = open_db();
  ASSERT_TRUE(db);
  EXPECT_EQ(db->get(Column::kAccounts, as_view("alice"))->value(), bytes_of("1"));
  EXPECT_EQ(db->get(Column::kHeaders, as_view("alice"))->value(), bytes_of("header"));
  // Columns are separate key spaces.
  EXPECT_FALSE(db->get(Column::kStorage, as_view("alice"))->has_value());
}

TEST_F(DatabaseTest, EraseRemovesKey) {
  auto db = open_db();
  ASSERT_TRUE(db);
  auto put = db->make_batch();
  put.put(Column::kCode, as_view("k"), as_view("v"));
  ASSERT_TRUE(db->write(put).ok());
  auto erase = db->make_batch();
  erase.erase(Column::kCode, as_view("k"));
  ASSERT_TRUE(db->write(erase).ok());
  EXPECT_FALSE(db->get(Column::kCode, as_view("k"))->has_value());
}

TEST_F(DatabaseTest, SnapshotKeepsItsView) {
  auto db = open_db();
  ASSERT_TRUE(db);
  auto first = db->make_batch();
  first.put(Column::kMeta, as_view("head"), as_view("1"));
  ASSERT_TRUE(db->write(first).ok());
  auto snapshot = db->snapshot();
  auto second = db->make_batch();
  second.put(Column::kMeta, as_view("head"), as_view("2"));
  ASSERT_TRUE(db->write(second).ok());
  EXPECT_EQ(db->get(Column::kMeta, as_view("head"), snapshot.get())->value(), bytes_of("1"));
  EXPECT_EQ(db->get(Column::kMeta, as_view("head"))->value(), bytes_of("2"));
}

TEST_F(DatabaseTest, MultiGetReadsManyKeysAtTheSnapshot) {
  auto db = open_db();
  ASSERT_TRUE(db);
  auto first = db->make_batch();
  first.put(Column::kAccounts, as_view("a"), as_view("1"));
  first.put(Column::kAccounts, as_view("c"), as_view("3"));
  ASSERT_TRUE(db->write(first).ok());
  auto snapshot = db->snapshot();
  auto second = db->make_batch();
  second.put(Column::kAccounts, as_view("a"), as_view("changed"));
  second.put(Column::kAccounts, as_view("b"), as_view("new"));
  ASSERT_TRUE(db->write(second).ok());

  // Unsorted, with an absent key and a repeat.
  std::vector<BytesView> keys = {as_view("c"), as_view("b"), as_view("a"), as_view("c")};
  std::vector<std::optional<std::string>> seen(keys.size());
  std::vector<int> visits(keys.size(), 0);
  auto read = [&](const Snapshot* at) {
    std::fill(visits.begin(), visits.end(), 0);
    return db->multi_get(Column::kAccounts, keys, at, [&](size_t i, std::optional<BytesView> v) {
      ++visits[i];
      seen[i] = v ? std::optional<std::string>(std::string(v->begin(), v->end())) : std::nullopt;
    });
  };
  ASSERT_TRUE(read(snapshot.get()).ok());
  EXPECT_EQ(visits, std::vector<int>(4, 1));
  EXPECT_EQ(seen, (std::vector<std::optional<std::string>>{"3", std::nullopt, "1", "3"}));
  ASSERT_TRUE(read(nullptr).ok());
  EXPECT_EQ(seen, (std::vector<std::optional<std::string>>{"3", "new", "changed", "3"}));
}

TEST_F(DatabaseTest, WaitsForTheFlushAFullMemtableSetsOff) {
  auto db = open_db();
  ASSERT_TRUE(db);
  EXPECT_TRUE(db->wait_for_background_work(std::chrono::seconds(10)));
  // 80 MiB fills RocksDB's 64 MiB memtable: the write sets off a flush to an SST file.
  const Bytes value(size_t{1} << 20, 0x5a);
  for (int i = 0; i < 80; ++i) {
    auto batch = db->make_batch();
    batch.put(Column::kAccounts, as_view("key" + std::to_string(i)), value);
    ASSERT_TRUE(db->write(batch).ok());
  }
  ASSERT_TRUE(db->wait_for_background_work(std::chrono::seconds(60)));
  EXPECT_FALSE(db->background_work_pending());
  bool flushed = false;
  for (const auto& entry : fs::directory_iterator(dir_)) {
    flushed = flushed || entry.path().extension() == ".sst";
  }
  EXPECT_TRUE(flushed);
}

TEST_F(DatabaseTest, TheLiveWriteAheadLogStaysUnderItsLimit) {
  // One small write to a column that never fills its memtable would keep every log
  // after it alive; 24 MiB more to another stays in its 64 MiB memtable, so only
  // the limit flushes anything.
  auto opened = Database::open(dir_.string(), {.sync_writes = false, .max_wal_bytes = 4 << 20});
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  std::unique_ptr<Database> db = std::move(opened).value();
  auto small = db->make_batch();
  small.put(Column::kMeta, as_view("small"), as_view("1"));
  ASSERT_TRUE(db->write(small).ok());
  const Bytes value(size_t{1} << 20, 0x5a);
  auto live_log_bytes = [&] {
    uintmax_t bytes = 0;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir_, ec)) {
      if (entry.path().extension() != ".log") continue;
      const uintmax_t size = entry.file_size(ec);  // (a log purged meanwhile counts 0)
      if (!ec) bytes += size;
    }
    return bytes;
  };
  uintmax_t most = 0;
  for (int i = 0; i < 24; ++i) {
    auto batch = db->make_batch();
    batch.put(Column::kAccounts, as_view("key" + std::to_string(i)), value);
    ASSERT_TRUE(db->write(batch).ok());
    ASSERT_TRUE(db->wait_for_background_work(std::chrono::seconds(60)));
    most = std::max(most, live_log_bytes());
  }
  // The limit, the write that passes it and the new log's first write.
  EXPECT_LE(most, uintmax_t{7} << 20);
  auto read = db->get(Column::kMeta, as_view("small"));
  ASSERT_TRUE(read.ok() && read->has_value());
}

TEST_F(DatabaseTest, ForEachVisitsPrefixInOrder) {
  auto db = open_db();
  ASSERT_TRUE(db);
  auto batch = db->make_batch();
  for (std::string key : {"ab2", "ab1", "ac0", "aa9", "ab3"}) {
    batch.put(Column::kStorage, as_view(key), as_view(key));
  }
  ASSERT_TRUE(db->write(batch).ok());
  std::vector<std::string> seen;
  auto status = db->for_each(Column::kStorage, as_view("ab"), [&](BytesView key, BytesView) {
    seen.emplace_back(key.begin(), key.end());
    return seen.size() < 2;
  });
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"ab1", "ab2"}));
}

TEST_F(DatabaseTest, RefusesNonEmptyDirectoryWithoutDatabase) {
  fs::create_directories(dir_);
  std::ofstream(dir_ / "notes.txt") << "not a database";
  auto db = Database::open(dir_.string(), {});
  ASSERT_FALSE(db.ok());
  EXPECT_NE(db.error().message.find("holds no Pel database"), std::string::npos);
}

TEST_F(DatabaseTest, RefusesForeignRocksDb) {
  {
    rocksdb::Options options;
    options.create_if_missing = true;
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, dir_.string(), &raw).ok());
    delete raw;
  }
  auto db = Database::open(dir_.string(), {});
  ASSERT_FALSE(db.ok());
  EXPECT_NE(db.error().message.find("not Pel's"), std::string::npos) << db.error().message;
}

TEST_F(DatabaseTest, RefusesCorruptedManifest) {
  { ASSERT_TRUE(open_db()); }
  // CURRENT names the manifest; point it at one that does not exist.
  std::ofstream(dir_ / "CURRENT", std::ios::trunc) << "MANIFEST-999999\n";
  auto db = Database::open(dir_.string(), {});
  ASSERT_FALSE(db.ok());
  EXPECT_FALSE(db.error().message.empty());
}

TEST_F(DatabaseTest, RefusesSecondOpenWhileInUse) {
  auto first = open_db();
  ASSERT_TRUE(first);
  auto second = Database::open(dir_.string(), {});
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.error().message.find("in use"), std::string::npos) << second.error().message;
}

TEST_F(DatabaseTest, RefusesPlainFileAsDirectory) {
  std::ofstream(dir_) << "file";
  auto db = Database::open(dir_.string(), {});
  ASSERT_FALSE(db.ok());
  EXPECT_NE(db.error().message.find("not a directory"), std::string::npos);
}

}  // namespace
}  // namespace pel
