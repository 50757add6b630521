// `pel run` start-up: what it prints for a good genesis file, and one line on
// stderr with exit code 1 for a bad one.
#include "node/run_node.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "node/genesis_file.hpp"
#include "node/startup_report.hpp"

namespace pel {
namespace {

namespace fs = std::filesystem;

fs::path project_root() {
  return fs::path(__FILE__).parent_path().parent_path();
}

struct RunResult {
  int code;
  std::string out;
  std::string err;
};

RunResult run_with(const std::string& genesis_path) {
  std::ostringstream out, err;
  RunOptions options;
  options.datadir = "/tmp/pel-datadir-unused";
  options.genesis = genesis_path;
  int code = run_node(options, out, err);
  return {code, out.str(), err.str()};
}

// What `pel run` prints about the chain before it starts serving.
RunResult report_of(const std::string& genesis_path) {
  auto genesis = load_genesis_file(genesis_path);
  if (!genesis) return {1, "", genesis.error().message};
  std::ostringstream out;
  print_startup_report(out,
                       StartupInfo{PEL_VERSION, genesis_path, "/tmp/pel-datadir-unused", *genesis});
  return {0, out.str(), ""};
}

// A file in the temp directory, removed when the test ends.
class TempFile {
 public:
  explicit TempFile(const std::string& contents)
      : path_(fs::temp_directory_path() /
              ("pel-genesis-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
               "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".json")) {
    std::ofstream(path_) << contents;
  }
  ~TempFile() { fs::remove(path_); }
  std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

bool contains(const std::string& text, const std::string& fragment) {
  return text.find(fragment) != std::string::npos;
}

TEST(RunNode, PrintsTheDevChain) {
  std::string genesis = (project_root() / "genesis.json").string();
  RunResult run = report_of(genesis);
  ASSERT_EQ(run.code, 0) << run.err;
  EXPECT_EQ(run.err, "");
  EXPECT_TRUE(contains(run.out, std::string("pel ") + PEL_VERSION + "\n")) << run.out;
  EXPECT_TRUE(contains(run.out, "chain id    1337\n")) << run.out;
  EXPECT_TRUE(contains(run.out, "genesis     " + genesis + "\n")) << run.out;
  EXPECT_TRUE(contains(run.out, "datadir     /tmp/pel-datadir-unused\n")) << run.out;
  EXPECT_TRUE(contains(run.out, "forks       london at genesis\n")) << run.out;
  EXPECT_TRUE(contains(run.out, "signers 0xd8f9A1b73B259b70A22B94834C8438F8ED0261d5")) << run.out;
  EXPECT_TRUE(contains(run.out, "Funded accounts (10)\n")) << run.out;
  EXPECT_TRUE(contains(run.out, "(0) 0xd8f9A1b73B259b70A22B94834C8438F8ED0261d5  10000 ETH\n"))
      << run.out;
  EXPECT_TRUE(contains(run.out, "(9) 0x3DD18b46Aac96612CA796EBa7747c713C2DdABE9  10000 ETH\n"))
      << run.out;
  EXPECT_TRUE(
      contains(run.out, "(0) 0xa3379a54013f231b8e519a1206b8f86628c7749a7cf5ed2d64d73e214a81a99d\n"))
      << run.out;
  EXPECT_TRUE(
      contains(run.out, "(9) 0x9d27da7199298b8019cab5bb85b94992c380849ea0d142e050d48888a8bccc83\n"))
      << run.out;
}

TEST(RunNode, ForeignGenesisListsAccountsWithoutKeys) {
  TempFile file(R"({"config": {"chainId": 9, "homesteadBlock": 0, "eip150Block": 0,
    "eip155Block": 0, "eip158Block": 0, "byzantiumBlock": 0, "constantinopleBlock": 0,
    "petersburgBlock": 0, "istanbulBlock": 0, "berlinBlock": 0, "londonBlock": 0,
    "shanghaiTime": 100},
    "gasLimit": 0, "difficulty": 1, "alloc": {
    "0x00000000000000000000000000000000000000bb": {"balance": "500000000000000000"},
    "0x00000000000000000000000000000000000000aa": {"balance": "1", "code": "0x00"}}})");
  RunResult run = report_of(file.path());
  ASSERT_EQ(run.code, 0) << run.err;
  EXPECT_TRUE(contains(run.out, "chain id    9\n")) << run.out;
  EXPECT_TRUE(contains(run.out, "forks       london at genesis; later shanghai at time 100\n"))
      << run.out;
  EXPECT_TRUE(contains(run.out, "gas limit   4712388\n")) << run.out;
  EXPECT_TRUE(contains(run.out, "base fee    1000000000 wei\n")) << run.out;
  EXPECT_TRUE(contains(
      run.out,
      "(0) 0x00000000000000000000000000000000000000AA  0.000000000000000001 ETH  (contract)\n"))
      << run.out;
  EXPECT_TRUE(contains(run.out, "(1) 0x00000000000000000000000000000000000000bb  0.5 ETH\n"))
      << run.out;
  EXPECT_FALSE(contains(run.out, "Dev account keys")) << run.out;
}

TEST(RunNode, BadGenesisIsOneLineOnStderrAndExitCodeOne) {
  TempFile file(R"({"config": {"chainId": 1}, "gasLimit": 1, "difficulty": 0,
    "alloc": {"0x00000000000000000000000000000000000000aa": {"balance": "0x12zz"}}})");
  RunResult run = run_with(file.path());
  EXPECT_EQ(run.code, 1);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err, "pel: invalid genesis file " + file.path() +
                         ": alloc 0x00000000000000000000000000000000000000aa: balance: invalid hex "
                         "digit\n");
}

TEST(RunNode, MissingOrUnreadableGenesis) {
  RunResult missing = run_with("/nonexistent/pel/genesis.json");
  EXPECT_EQ(missing.code, 1);
  EXPECT_EQ(missing.err,
            "pel: cannot read genesis file /nonexistent/pel/genesis.json: No such file or "
            "directory\n");
  RunResult directory = run_with(fs::temp_directory_path().string());
  EXPECT_EQ(directory.code, 1);
  EXPECT_TRUE(contains(directory.err, "is a directory\n")) << directory.err;
}

TEST(RunNode, NotJson) {
  TempFile file("this is not json");
  RunResult run = run_with(file.path());
  EXPECT_EQ(run.code, 1);
  EXPECT_TRUE(contains(run.err, "invalid genesis file " + file.path() + ": invalid JSON: "))
      << run.err;
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
}

TEST(RunNode, ErrorStaysOnOneLineWhateverTheFileQuotes) {
  TempFile file(
      "{\"config\": {\"chainId\": 1}, \"gasLimit\": 1, \"difficulty\": 0, "
      "\"alloc\": {\"0x\\nbad\": {\"balance\": \"1\"}}}");
  RunResult run = run_with(file.path());
  EXPECT_EQ(run.code, 1);
  EXPECT_TRUE(contains(run.err, "alloc 0x?bad: invalid address")) << run.err;
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
}

TEST(FormatEther, TrimsTrailingZeros) {
  EXPECT_EQ(format_ether(U256(0)), "0");
  EXPECT_EQ(format_ether(U256(1)), "0.000000000000000001");
  EXPECT_EQ(format_ether(U256(500000000000000000ULL)), "0.5");
  EXPECT_EQ(format_ether(U256(1000000000000000000ULL)), "1");
  EXPECT_EQ(format_ether(U256::from_dec("10000000000000000000000").value()), "10000");
  EXPECT_EQ(format_ether(U256::from_dec("1000000000000000000000001").value()),
            "1000000.000000000000000001");
}

}  // namespace
}  // namespace pel
