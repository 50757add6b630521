// `pel run` refuses to start, with one line on stderr and exit code 1, when the
// data directory holds another chain, the key is not a clique signer, or a flag or
// key file cannot be read. (run_node in this process: it returns before serving.)
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "node/dev_accounts.hpp"
#include "node/genesis_file.hpp"
#include "node/run_node.hpp"
#include "state/chain_store_test_util.hpp"

namespace pel {
namespace {

namespace fs = std::filesystem;
using store_test::TempDir;

std::string dev_genesis_path() {
  return (fs::path(__FILE__).parent_path().parent_path() / "genesis.json").string();
}

struct Outcome {
  int code;
  std::string out;
  std::string err;
};

Outcome run(RunOptions options) {
  std::ostringstream out, err;
  options.http_port = 0;
  int code = run_node(options, out, err);
  return {code, out.str(), err.str()};
}

bool contains(const std::string& text, const std::string& fragment) {
  return text.find(fragment) != std::string::npos;
}

void expect_one_line(const Outcome& outcome) {
  EXPECT_EQ(outcome.code, 1);
  EXPECT_EQ(outcome.out, "");
  EXPECT_EQ(std::count(outcome.err.begin(), outcome.err.end(), '\n'), 1) << outcome.err;
  EXPECT_TRUE(outcome.err.starts_with("pel: ")) << outcome.err;
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream(path) << text;
}

TEST(RunNodeRefuses, ADatadirHoldingAnotherGenesis) {
  TempDir dir;
  {  // The dev chain's genesis in the datadir.
    auto store = ChainStore::open_with_genesis(
        dir.str(), load_genesis_file(dev_genesis_path()).value(), store_test::fast_options());
    ASSERT_TRUE(store.ok()) << store.error().message;
  }
  // The same chain with another genesis time: another genesis block.
  std::ifstream in(dev_genesis_path());
  std::stringstream text;
  text << in.rdbuf();
  std::string other = text.str();
  other.replace(other.find("\"timestamp\": \"0x0\""), 18, "\"timestamp\": \"0x1\"");
  fs::path genesis = dir.path().parent_path() / (dir.path().filename().string() + "-genesis.json");
  write_file(genesis, other);
  RunOptions options;
  options.datadir = dir.str();
  options.genesis = genesis.string();
  Outcome outcome = run(options);
  fs::remove(genesis);
  expect_one_line(outcome);
  EXPECT_TRUE(contains(outcome.err, "different genesis")) << outcome.err;
  // Both hashes are named: the stored one and the file's.
  EXPECT_TRUE(contains(outcome.err, "(have 0x")) << outcome.err;
  EXPECT_TRUE(contains(outcome.err, ", genesis file gives 0x")) << outcome.err;
}

TEST(RunNodeRefuses, AKeyThatIsNotASigner) {
  TempDir dir;
  fs::create_directories(dir.path());
  fs::path key = dir.path() / "key.txt";
  write_file(key, dev_accounts()[1].key.hex() + "\n");
  RunOptions options;
  options.datadir = (dir.path() / "data").string();
  options.genesis = dev_genesis_path();
  options.validator_key = key.string();
  Outcome outcome = run(options);
  expect_one_line(outcome);
  EXPECT_TRUE(contains(outcome.err, "is not a clique signer of this chain")) << outcome.err;
  EXPECT_TRUE(contains(outcome.err, "0x8191AbDff0D5b148BD4Ccb87dD9D7Aad5b709441")) << outcome.err;
  EXPECT_TRUE(contains(outcome.err, "0xd8f9A1b73B259b70A22B94834C8438F8ED0261d5")) << outcome.err;
  EXPECT_FALSE(fs::exists(dir.path() / "data"));  // refused before touching the datadir
}

TEST(RunNodeRefuses, UnreadableKeyFilesAndFlags) {
  TempDir dir;
  fs::create_directories(dir.path());
  fs::path key = dir.path() / "key.txt";
  write_file(key, "0x1234\n");
  RunOptions options;
  options.datadir = (dir.path() / "data").string();
  options.genesis = dev_genesis_path();
  options.validator_key = key.string();
  Outcome short_key = run(options);
  expect_one_line(short_key);
  EXPECT_TRUE(contains(short_key.err, "invalid validator key file " + key.string()))
      << short_key.err;

  options.validator_key = (dir.path() / "missing.txt").string();
  Outcome missing = run(options);
  expect_one_line(missing);
  EXPECT_TRUE(contains(missing.err, "cannot read validator key file")) << missing.err;

  options.validator_key.reset();
  options.block_time = "fast";
  Outcome block_time = run(options);
  expect_one_line(block_time);
  EXPECT_TRUE(contains(block_time.err, "--block-time: invalid duration \"fast\""))
      << block_time.err;

  options.block_time = "";
  options.log_level = "loud";
  Outcome level = run(options);
  expect_one_line(level);
  EXPECT_TRUE(contains(level.err, "invalid log level \"loud\"")) << level.err;
}

}  // namespace
}  // namespace pel
