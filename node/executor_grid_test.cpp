#include "node/executor_grid.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

namespace pel {
namespace {

// Parses `args` (after the program name) as `pel bench executor` would.
ExecutorGridOptions parse(std::vector<std::string> args, bool* failed = nullptr) {
  ExecutorGridOptions options;
  CLI::App command{"executor"};
  add_executor_grid_options(command, options);
  std::reverse(args.begin(), args.end());  // CLI11 takes them last first
  try {
    command.parse(args);
    if (failed) *failed = false;
  } catch (const CLI::ParseError&) {
    if (failed) *failed = true;
  }
  return options;
}

TEST(ExecutorGrid, DefaultsAreThePapersGrid) {
  ExecutorGridOptions options = parse({});
  EXPECT_EQ(options.accounts, (std::vector<size_t>{2, 10, 100, 1'000, 10'000}));
  EXPECT_EQ(options.block_sizes, (std::vector<size_t>{1'000, 10'000}));
  std::vector<unsigned> threads = grid_threads(options);
  ASSERT_EQ(threads.size(), std::max(1u, std::thread::hardware_concurrency()));
  for (size_t i = 0; i < threads.size(); ++i) EXPECT_EQ(threads[i], i + 1);
  EXPECT_FALSE(options.in_memory);
  EXPECT_FALSE(options.json);
  EXPECT_TRUE(options.plot_file.empty());
}

TEST(ExecutorGrid, OptionsNarrowTheGrid) {
  ExecutorGridOptions options =
      parse({"--accounts", "100", "--block-size", "1000", "--threads", "2", "--reps", "3", "--json",
             "--in-memory", "--plot", "grid.png"});
  EXPECT_EQ(options.accounts, (std::vector<size_t>{100}));
  EXPECT_EQ(options.block_sizes, (std::vector<size_t>{1'000}));
  EXPECT_EQ(grid_threads(options), (std::vector<unsigned>{2}));
  EXPECT_EQ(options.reps, 3);
  EXPECT_TRUE(options.json);
  EXPECT_TRUE(options.in_memory);
  EXPECT_EQ(options.plot_file, "grid.png");

  // Narrowing one dimension leaves the others whole.
  ExecutorGridOptions only_accounts = parse({"--accounts", "2"});
  EXPECT_EQ(only_accounts.accounts, (std::vector<size_t>{2}));
  EXPECT_EQ(only_accounts.block_sizes.size(), 2u);
}

TEST(ExecutorGrid, RejectsNonsense) {
  bool failed = false;
  parse({"--accounts", "0"}, &failed);
  EXPECT_TRUE(failed);
  parse({"--reps", "0"}, &failed);
  EXPECT_TRUE(failed);
  parse({"--threads", "x"}, &failed);
  EXPECT_TRUE(failed);
  parse({"--block-size", "10"}, &failed);
  EXPECT_FALSE(failed);
}

ExecutorGridOptions tiny_grid() {
  ExecutorGridOptions options;
  options.accounts = {2, 50};
  options.block_sizes = {40};
  options.threads = {1, 2};
  options.reps = 1;
  options.warmup = 0;
  return options;
}

void expect_tiny_grid(const std::vector<ExecutorGridCell>& cells, bool rocksdb) {
  ASSERT_EQ(cells.size(), 4u);  // 2 account counts x 1 block size x 2 thread counts
  size_t i = 0;
  for (size_t accounts : {2, 50}) {
    for (unsigned threads : {1u, 2u}) {
      const ExecutorGridCell& cell = cells[i++];
      EXPECT_EQ(cell.accounts, accounts);
      EXPECT_EQ(cell.block_size, 40u);
      EXPECT_EQ(cell.threads, threads);
      EXPECT_EQ(cell.rocksdb, rocksdb);
      EXPECT_TRUE(cell.identical);
      EXPECT_GT(cell.sequential_tps, 0);
      EXPECT_GT(cell.block_stm_tps, 0);
      EXPECT_NEAR(cell.speedup, cell.sequential_ms / cell.parallel_ms, 1e-9);
      // A 40-transaction block is too small for the adaptive executor.
      EXPECT_EQ(cell.parallel_mode,
                threads == 1 ? "sequential/single-thread" : "sequential/small-block");
    }
  }
}

TEST(ExecutorGrid, RunsInMemory) {
  ExecutorGridOptions options = tiny_grid();
  options.in_memory = true;
  size_t reported = 0;
  auto cells = run_executor_grid(options, [&](const ExecutorGridCell&) { ++reported; });
  ASSERT_TRUE(cells.ok()) << cells.error().message;
  EXPECT_EQ(reported, 4u);
  expect_tiny_grid(*cells, false);
}

TEST(ExecutorGrid, ReadsThePreStateThroughRocksDb) {
  ExecutorGridOptions options = tiny_grid();
  options.datadir = (std::filesystem::temp_directory_path() /
                     ("pel-executor-grid-test-" + std::to_string(::getpid())))
                        .string();
  auto cells = run_executor_grid(options);
  std::filesystem::remove_all(options.datadir);
  ASSERT_TRUE(cells.ok()) << cells.error().message;
  expect_tiny_grid(*cells, true);
}

TEST(ExecutorGrid, JsonHasOneObjectPerCellWithTheIssuesFields) {
  ExecutorGridOptions options = tiny_grid();
  options.in_memory = true;
  auto cells = run_executor_grid(options);
  ASSERT_TRUE(cells.ok());
  for (const ExecutorGridCell& cell : *cells) {
    std::string line = executor_grid_json(cell);
    EXPECT_EQ(line.find('\n'), std::string::npos);
    nlohmann::json object = nlohmann::json::parse(line);
    ASSERT_TRUE(object.is_object());
    EXPECT_EQ(object["accounts"], cell.accounts);
    EXPECT_EQ(object["block_size"], 40);
    EXPECT_EQ(object["threads"], cell.threads);
    for (const char* key :
         {"sequential_tps", "parallel_tps", "speedup", "block_stm_tps", "block_stm_speedup"}) {
      ASSERT_TRUE(object.contains(key)) << key;
      EXPECT_TRUE(object[key].is_number()) << key;
      EXPECT_GT(object[key].get<double>(), 0) << key;
    }
    EXPECT_TRUE(object["reexecutions"].is_number_unsigned());
    EXPECT_TRUE(object["block_stm_reexecutions"].is_number_unsigned());
    EXPECT_EQ(object["identical"], true);
    EXPECT_EQ(object["state"], "memory");
  }
}

TEST(ExecutorGrid, TableNamesItsColumns) {
  ExecutorGridOptions options = tiny_grid();
  EXPECT_NE(executor_grid_header(options).find("RocksDB"), std::string::npos);
  options.in_memory = true;
  EXPECT_NE(executor_grid_header(options).find("in memory"), std::string::npos);
  std::string head = executor_grid_table_head();
  for (const char* column : {"accounts", "block", "thr", "seq_tx/s", "par_x", "bstm_x", "same"})
    EXPECT_NE(head.find(column), std::string::npos) << column;
}

TEST(ExecutorGrid, PlotsAPng) {
  if (!check_gnuplot().ok()) GTEST_SKIP() << "gnuplot is not installed";
  ExecutorGridOptions options = tiny_grid();
  options.in_memory = true;
  auto cells = run_executor_grid(options);
  ASSERT_TRUE(cells.ok());
  std::string png = (std::filesystem::temp_directory_path() /
                     ("pel-executor-grid-" + std::to_string(::getpid()) + ".png"))
                        .string();
  Status plotted = plot_executor_grid(*cells, png);
  ASSERT_TRUE(plotted.ok()) << plotted.error().message;
  std::ifstream file(png, std::ios::binary);
  char magic[4] = {};
  file.read(magic, 4);
  std::filesystem::remove(png);
  EXPECT_EQ(std::string(magic + 1, 3), "PNG");
}

}  // namespace
}  // namespace pel
