// Round trip of the replay tools: gen-history -> import -> export -> replay, and
// tampered chain files refused at the right block with the right message.
#include "node/replay.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>

#include "crypto/clique.hpp"
#include "crypto/txn_crypto.hpp"
#include "executor/block_execution.hpp"
#include "executor/block_executor.hpp"
#include "executor/recover_senders.hpp"
#include "executor/transfer_vm.hpp"
#include "node/export_import.hpp"
#include "node/gen_history.hpp"
#include "node/genesis_file.hpp"
#include "node/mismatch_report.hpp"
#include "state/chain_store.hpp"

namespace pel {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  std::string path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "pel-replay-test-XXXXXX").string();
    path = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  std::string sub(const std::string& name) const { return (fs::path(path) / name).string(); }
};

constexpr uint64_t kBlocks = 5;
constexpr size_t kTxnsPerBlock = 50;

GenHistoryOptions small_history(const std::string& out) {
  GenHistoryOptions options;
  options.out = out;
  options.blocks = kBlocks;
  options.txns_per_block = kTxnsPerBlock;
  options.accounts = 40;
  options.skew = 1.0;
  options.seed = 7;
  options.threads = 2;
  options.to_validator_share = 0.1;
  options.from_validator_share = 0.1;
  return options;
}

// One generated history shared by the tests of this file (generating costs the
// signing of every transaction).
class ReplayTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    auto summary = generate_history(small_history(dir_->sub("history")));
    ASSERT_TRUE(summary.ok()) << summary.error().message;
    ASSERT_EQ(summary->blocks, kBlocks);
    auto genesis = load_genesis_file(dir_->sub("history/genesis.json"));
    ASSERT_TRUE(genesis.ok()) << genesis.error().message;
    genesis_ = new Genesis(std::move(*genesis));
    auto file = read_binary_file(dir_->sub("history/blocks.rlp"));
    ASSERT_TRUE(file.ok());
    file_ = new Bytes(std::move(*file));
  }
  static void TearDownTestSuite() {
    delete file_;
    delete genesis_;
    delete dir_;
  }

  // Imports `file` into a fresh data directory `name`.
  static Result<ImportSummary> import_into(const std::string& datadir, BytesView file) {
    auto blocks = split_block_file(file);
    if (!blocks) return blocks.error();
    auto store = ChainStore::open_with_genesis(datadir, *genesis_);
    if (!store) return store.error();
    return import_blocks(**store, *genesis_, *blocks, ImportOptions{.threads = 2});
  }

  static std::vector<BytesView> blocks_of(BytesView file) { return *split_block_file(file); }

  static PrivateKey validator_key() {
    auto text = read_binary_file(dir_->sub("history/validator.key"));
    std::string hex(text->begin(), text->end());
    hex.erase(std::remove(hex.begin(), hex.end(), '\n'), hex.end());
    return *PrivateKey::from_hex(hex);
  }

  static inline TempDir* dir_ = nullptr;
  static inline Genesis* genesis_ = nullptr;
  static inline Bytes* file_ = nullptr;
};

TEST_F(ReplayTest, GenHistoryIsDeterministic) {
  TempDir again;
  auto summary = generate_history(small_history(again.sub("history")));
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  for (const char* name : {"genesis.json", "validator.key", "blocks.rlp"}) {
    auto a = read_binary_file(dir_->sub(std::string("history/") + name));
    auto b = read_binary_file(again.sub(std::string("history/") + name));
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(*a, *b) << name;
  }
  EXPECT_EQ(genesis_->clique_signers, std::vector<Address>{*address_of(validator_key())});
  EXPECT_EQ(genesis_->alloc.size(), 41u);  // the accounts and the validator
}

TEST_F(ReplayTest, HistoryHasSkewAndTouchesTheValidator) {
  const Address validator = *address_of(validator_key());
  size_t from_validator = 0, to_validator = 0, txns = 0;
  std::map<Address, size_t> sent;
  for (BytesView raw : blocks_of(*file_)) {
    auto block = decode_block(raw);
    ASSERT_TRUE(block.ok());
    for (const Transaction& txn : block->body.transactions) {
      Address sender = *recover_sender(txn);
      ++sent[sender];
      from_validator += sender == validator;
      to_validator += txn.to == validator;
      ++txns;
    }
  }
  EXPECT_EQ(txns, kBlocks * kTxnsPerBlock);
  EXPECT_GT(from_validator, 0u);
  EXPECT_GT(to_validator, 0u);
  size_t hottest = 0;
  for (const auto& [address, count] : sent) hottest = std::max(hottest, count);
  EXPECT_GT(hottest, txns / 40 * 3);  // far above the uniform share
}

TEST_F(ReplayTest, ImportExportReplayRoundTrip) {
  TempDir work;
  const std::string datadir = work.sub("data");
  auto imported = import_into(datadir, *file_);
  ASSERT_TRUE(imported.ok()) << imported.error().message;
  EXPECT_EQ(imported->imported, kBlocks);
  EXPECT_EQ(imported->txns, kBlocks * kTxnsPerBlock);
  EXPECT_EQ(imported->gas_used, kBlocks * kTxnsPerBlock * 21'000);
  Hash head_hash;
  {
    auto store = ChainStore::open_with_genesis(datadir, *genesis_);
    ASSERT_TRUE(store.ok());
    auto exported = export_blocks(**store, 1, kBlocks);
    ASSERT_TRUE(exported.ok()) << exported.error().message;
    EXPECT_TRUE(*exported == *file_);
    auto blocks = split_block_file(*file_);
    auto again = import_blocks(**store, *genesis_, *blocks, ImportOptions{.threads = 2});
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_EQ(again->imported, 0u);
    EXPECT_EQ(again->skipped, kBlocks);
    head_hash = (*store)->head()->hash;
  }

  for (bool compare : {false, true}) {
    for (bool sequential : {true, false}) {
      ReplayOptions options;
      options.declared_access = compare;  // the compared run is declared, the other Block-STM
      options.datadir = datadir;
      options.threads = 2;
      options.sequential = sequential;
      options.compare = compare;
      options.adaptive = false;  // in parallel on every block, small as they are
      options.report_dir = work.path;
      options.repeat = 3;
      options.spread_seconds = 0.3;
      auto replayed = replay_blocks(options);
      ASSERT_TRUE(replayed.ok()) << replayed.error().message;
      EXPECT_TRUE(replayed->verified) << replayed->error;
      ASSERT_EQ(replayed->blocks.size(), kBlocks);
      EXPECT_EQ(replayed->txns(), kBlocks * kTxnsPerBlock);
      if (compare) {
        EXPECT_GT(replayed->speedup_min(), 0);
        EXPECT_EQ(replayed->blocks[0].mode, "declared");
        // Every block ran its three rounds, the last one 0.3 s after its first.
        for (const BlockReplay& block : replayed->blocks) EXPECT_EQ(block.runs, 3u);
        EXPECT_GE(replayed->seconds, 0.3);
      }
    }
  }
  ReplayOptions middle;
  middle.datadir = datadir;
  middle.from = 3;
  middle.to = 4;
  auto replayed = replay_blocks(middle);
  ASSERT_TRUE(replayed.ok()) << replayed.error().message;
  EXPECT_TRUE(replayed->verified) << replayed->error;
  ASSERT_EQ(replayed->blocks.size(), 2u);
  EXPECT_EQ(replayed->blocks[0].number, 3u);
  EXPECT_NE(replay_json(*replayed).find("\"verified\": true"), std::string::npos);

  middle.to = kBlocks + 1;
  EXPECT_FALSE(replay_blocks(middle).ok());

  // The original was never touched.
  auto store = ChainStore::open(datadir);
  ASSERT_TRUE(store.ok());
  EXPECT_EQ((*store)->head()->number, kBlocks);
  EXPECT_EQ((*store)->head()->hash, head_hash);
}

TEST_F(ReplayTest, ImportRefusesAFlippedTransactionByte) {
  // The signature's last byte of transaction 7 of block 3, flipped in the file.
  auto block = decode_block(blocks_of(*file_)[2]);
  ASSERT_TRUE(block.ok());
  const Bytes txn = encode_transaction(block->body.transactions[7]);
  Bytes tampered = *file_;
  auto at = std::search(tampered.begin(), tampered.end(), txn.begin(), txn.end());
  ASSERT_NE(at, tampered.end());
  *(at + static_cast<std::ptrdiff_t>(txn.size()) - 1) ^= 0x01;

  TempDir work;
  auto imported = import_into(work.sub("data"), tampered);
  ASSERT_FALSE(imported.ok());
  const std::string& message = imported.error().message;
  EXPECT_EQ(message.rfind("block 3: ", 0), 0u) << message;
  EXPECT_TRUE(message.find("transactions root mismatch") != std::string::npos ||
              message.find("invalid sender") != std::string::npos)
      << message;
  auto store = ChainStore::open(work.sub("data"));
  ASSERT_TRUE(store.ok());
  EXPECT_EQ((*store)->head()->number, 2u);  // blocks 1 and 2 went in
}

TEST_F(ReplayTest, ImportRefusesAWrongStateRoot) {
  // Block 2 with a changed state root, sealed again by the validator so that only
  // the root is wrong.
  std::vector<BytesView> blocks = blocks_of(*file_);
  auto block = decode_block(blocks[1]);
  ASSERT_TRUE(block.ok());
  block->header.state_root.bytes[0] ^= 0x01;
  ASSERT_TRUE(clique_seal(block->header, validator_key()).ok());
  Bytes tampered(blocks[0].begin(), blocks[0].end());
  Bytes second = encode_block(*block);
  tampered.insert(tampered.end(), second.begin(), second.end());
  for (size_t i = 2; i < blocks.size(); ++i)
    tampered.insert(tampered.end(), blocks[i].begin(), blocks[i].end());

  TempDir work;
  auto imported = import_into(work.sub("data"), tampered);
  ASSERT_FALSE(imported.ok());
  EXPECT_EQ(imported.error().message.rfind("block 2: state root mismatch", 0), 0u)
      << imported.error().message;

  // Unsealed, the same change is refused at the seal.
  block->header.state_root.bytes[1] ^= 0x01;
  Bytes unsealed(blocks[0].begin(), blocks[0].end());
  second = encode_block(*block);
  unsealed.insert(unsealed.end(), second.begin(), second.end());
  TempDir other;
  imported = import_into(other.sub("data"), unsealed);
  ASSERT_FALSE(imported.ok());
  EXPECT_EQ(imported.error().message.rfind("block 2: ", 0), 0u) << imported.error().message;
}

TEST_F(ReplayTest, ReplayReportsAStoredStateThatExecutionDoesNotGive) {
  // Blocks 1 and 2 imported; block 3 committed with one balance off by one wei (and
  // sealed), as a buggy executor would have stored it.
  TempDir work;
  const std::string datadir = work.sub("data");
  std::vector<BytesView> blocks = blocks_of(*file_);
  ASSERT_TRUE(import_into(datadir, BytesView(blocks[0].data(), blocks[2].data())).ok());
  StateKey tampered_key;
  {
    auto store = ChainStore::open_with_genesis(datadir, *genesis_);
    ASSERT_TRUE(store.ok());
    auto block = decode_block(blocks[2]);
    ASSERT_TRUE(block.ok());
    auto senders = recover_senders(block->body.transactions);
    ASSERT_TRUE(senders.ok());
    auto view = (*store)->head_state();
    BlockExecutor<TransferVm> executor(TransferVm{}, ExecutorConfig{.threads = 1});
    const BlockInput input{block_env(block->header, genesis_->config), block->body.transactions,
                           *senders};
    BlockOutput output = executor.execute(input, *view);
    output.changes.sort_by_key();
    auto balance =
        std::find_if(output.changes.values.rbegin(), output.changes.values.rend(),
                     [](const auto& change) { return change.first.field == StateField::kBalance; });
    ASSERT_NE(balance, output.changes.values.rend());
    auto& [key, value] = *balance;
    tampered_key = key;
    value = value + U256(1);
    const PrivateKey key_for_seal = validator_key();
    auto committed = (*store)->commit_block(
        std::move(*block), make_receipts(input.txns, output.txns), output.changes, RootsMode::kFill,
        view.get(), [&](BlockHeader& h) { return clique_seal(h, key_for_seal); });
    ASSERT_TRUE(committed.ok()) << committed.error().message;
  }
  ReplayOptions options;
  options.datadir = datadir;
  options.threads = 2;
  options.compare = true;
  options.report_dir = work.path;
  auto replayed = replay_blocks(options);
  ASSERT_TRUE(replayed.ok()) << replayed.error().message;
  EXPECT_FALSE(replayed->verified);
  EXPECT_EQ(replayed->blocks.size(), 2u);  // 1 and 2 verified
  EXPECT_EQ(replayed->error.rfind("block 3: state root mismatch", 0), 0u) << replayed->error;
  const std::string path = work.sub("replay-mismatch-3.txt");
  EXPECT_EQ(replayed->mismatch_report, path);
  auto report = read_binary_file(path);
  ASSERT_TRUE(report.ok());
  const std::string text(report->begin(), report->end());
  EXPECT_NE(text.find("state key: " + describe_state_key(tampered_key)), std::string::npos) << text;
  EXPECT_NE(text.find("first differing transaction: index "), std::string::npos) << text;
  EXPECT_EQ(text.find("stored:     -"), std::string::npos) << text;  // the stored value was read
}

TEST(ChainFile, SplitRefusesGarbage) {
  Bytes garbage = {0xc2, 0x01};  // a list that claims more than there is
  EXPECT_FALSE(split_block_file(garbage).ok());
  Bytes string_item = {0x83, 'a', 'b', 'c'};
  auto split = split_block_file(string_item);
  ASSERT_FALSE(split.ok());
  EXPECT_NE(split.error().message.find("byte 0"), std::string::npos);
  EXPECT_TRUE(split_block_file(Bytes{}).ok());
}

}  // namespace
}  // namespace pel
