// `pel bench state`: the chain store on a large state. Builds (once, then reuses
// from --datadir) a genesis of --accounts funded accounts, commits blocks of
// --transfers value transfers (per transfer: two balance updates and a nonce
// update over uniformly random accounts, plus the block's transactions and
// receipts) and times the state root update and the commit separately; then the
// full state root recomputed from the flat state. The committed blocks are rolled
// back afterwards, so every run starts from the same state.
//
//   root_update_ms: reading the previous records + storage tries + account trie
//                   update + state root (the block's first, cold, commit apart)
//   commit_ms:      transactions/receipts roots and hashes + building and writing
//                   the batch (WAL fsync)
//   trie_move_ms:   a block's trie nodes copied from its journal record into place,
//                   on a background thread after the commit returned (the next
//                   commit waits for it before its write: trie_move_wait_ms)
//   full_build_ms:  every account read from the flat state and the root built from
//                   scratch (what `pel verify` does)
#include <malloc.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <unordered_map>

#include "crypto/keccak.hpp"
#include "node/cli.hpp"
#include "state/chain_store.hpp"
#include "state/flat_state_root.hpp"

namespace pel::cli {

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// The process's resident memory in MB (the trie kept in memory shows up here).
double resident_mb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  }
  return 0;
}
// Heap memory in use (glibc's count): the trie's nodes, RocksDB's memtables and
// block cache.
double heap_mb() {
  const struct mallinfo2 info = mallinfo2();
  return static_cast<double>(info.uordblks + info.hblkhd) / (1024.0 * 1024.0);
}

// The 1-minute load average: how busy the machine was around the measurement.
double load_average() {
  std::ifstream in("/proc/loadavg");
  double load = 0;
  in >> load;
  return load;
}

// CPU time of the whole process (every thread), in ms: on a machine shared with
// other work, the wall-clock times above include waiting for a core.
double process_cpu_ms() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

struct StateBenchOptions {
  size_t accounts = 1'000'000;
  size_t transfers = 10'000;
  size_t blocks = 8;
  uint64_t seed = 1;
  // A node tuned for block throughput: the whole account trie in memory.
  size_t resident_depth = ChainStoreOptions::kWholeTrie;
  bool preload = true;
  std::string datadir;  // default: <temp>/pel-bench-state-<accounts>
  bool json = false;
};

Address bench_address(uint64_t i) {
  uint8_t be[8];
  for (int b = 0; b < 8; ++b) be[b] = static_cast<uint8_t>(i >> (56 - 8 * b));
  return Address::from_view(keccak256(BytesView(be, 8)).view());
}

const U256 kInitialBalance = U256(1'000'000'000'000'000'000ULL);  // 1 ether

Genesis bench_genesis(size_t accounts) {
  Genesis genesis;
  genesis.config.chain_id = 1337;
  genesis.config.london_block = 0;
  genesis.gas_limit = 1'000'000'000;
  for (size_t i = 0; i < accounts; ++i) {
    genesis.alloc[bench_address(i)].balance = kInitialBalance + U256(i);
  }
  return genesis;
}

// Opens the cached state, building it when the directory is new.
Result<std::unique_ptr<ChainStore>> open_bench_state(const StateBenchOptions& options,
                                                     double& build_ms) {
  ChainStore::Options store_options;
  store_options.resident_trie_depth = options.resident_depth;
  store_options.preload_account_trie = options.preload;
  auto store = ChainStore::open(options.datadir, store_options);
  if (!store) return store.error();
  if ((*store)->head()) {
    auto view = (*store)->head_state();
    auto last = view->account(bench_address(options.accounts - 1));
    auto beyond = view->account(bench_address(options.accounts));
    if (!last || !beyond || !last->has_value() || beyond->has_value()) {
      return make_error(options.datadir + " holds a different state than " +
                        std::to_string(options.accounts) +
                        " benchmark accounts; remove it or choose another --datadir");
    }
    return store;
  }
  const auto start = Clock::now();
  auto init = (*store)->init_genesis(bench_genesis(options.accounts));
  if (!init) return init.error();
  build_ms = ms_since(start);
  return store;
}

struct BlockInputs {
  Block block;
  std::vector<Receipt> receipts;
  StateChanges changes;
  size_t balance_updates = 0;
  size_t nonce_updates = 0;
};

// The block's transfers, with the state changes an executor would produce from
// `view` (the head state).
BlockInputs make_transfer_block(const ChainStore& store, const FlatStateView* view,
                                const StateBenchOptions& options, std::mt19937_64& rng) {
  const ChainHead head = *store.head();
  struct Touched {
    U256 balance;
    uint64_t nonce = 0;
    bool nonce_changed = false;
  };
  std::unordered_map<Address, Touched> touched;
  auto load = [&](const Address& address) -> Touched& {
    auto [it, inserted] = touched.try_emplace(address);
    if (inserted) {
      it->second.balance = view->balance(address);
      it->second.nonce = view->nonce(address);
    }
    return it->second;
  };

  BlockInputs inputs;
  BlockHeader& header = inputs.block.header;
  header.parent_hash = head.hash;
  header.number = head.number + 1;
  header.gas_limit = head.header.gas_limit;
  header.timestamp = head.header.timestamp + 12;
  header.base_fee_per_gas = head.header.base_fee_per_gas;
  inputs.block.body.transactions.reserve(options.transfers);
  inputs.receipts.reserve(options.transfers);
  for (size_t t = 0; t < options.transfers; ++t) {
    const Address from = bench_address(rng() % options.accounts);
    Address to = bench_address(rng() % options.accounts);
    const U256 value(1 + rng() % 1000);
    Transaction txn;
    txn.type = TxnType::kDynamicFee;
    txn.chain_id = 1337;
    Touched& sender = load(from);
    txn.nonce = sender.nonce;
    txn.max_fee_per_gas = U256(1);
    txn.max_priority_fee_per_gas = U256(1);
    txn.gas_limit = 21000;
    txn.to = to;
    txn.value = value;
    txn.r = U256(1 + t);
    txn.s = U256(1);
    sender.balance -= value + U256(21000);
    sender.nonce += 1;
    sender.nonce_changed = true;
    load(to).balance += value;
    inputs.block.body.transactions.push_back(std::move(txn));
    Receipt receipt;
    receipt.type = TxnType::kDynamicFee;
    receipt.success = true;
    receipt.cumulative_gas_used = 21000 * (t + 1);
    inputs.receipts.push_back(std::move(receipt));
  }
  for (const auto& [address, account] : touched) {
    inputs.changes.values.emplace_back(StateKey::balance(address), account.balance);
    ++inputs.balance_updates;
    if (account.nonce_changed) {
      inputs.changes.values.emplace_back(StateKey::nonce(address), U256(account.nonce));
      ++inputs.nonce_updates;
    }
  }
  return inputs;
}

double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

int run_state_bench(StateBenchOptions options) {
  if (options.accounts < 2 || options.blocks == 0) {
    std::fprintf(stderr, "pel bench state: needs at least 2 accounts and 1 block\n");
    return 1;
  }
  if (options.datadir.empty()) {
    options.datadir = (std::filesystem::temp_directory_path() /
                       ("pel-bench-state-" + std::to_string(options.accounts)))
                          .string();
  }
  if (!options.json) {
    std::printf(
        "pel bench state: %zu accounts in %s, %zu blocks of %zu transfers, %u hardware "
        "threads\n",
        options.accounts, options.datadir.c_str(), options.blocks, options.transfers,
        std::thread::hardware_concurrency());
    std::fflush(stdout);
  }
  double build_ms = 0;
  const auto open_start = Clock::now();
  auto opened = open_bench_state(options, build_ms);
  const double open_ms = ms_since(open_start) - build_ms;
  if (!opened) {
    std::fprintf(stderr, "pel bench state: %s\n", opened.error().message.c_str());
    return 1;
  }
  ChainStore& store = **opened;
  malloc_trim(0);  // what opening freed goes back to the system before measuring
  const double open_rss_mb = resident_mb();
  const double open_heap_mb = heap_mb();
  const uint64_t start_number = store.head()->number;

  std::mt19937_64 rng(options.seed);
  std::vector<double> root_update, commit, total, cpu, trie_move, trie_move_wait;
  size_t balance_updates = 0, nonce_updates = 0;
  for (size_t b = 0; b < options.blocks; ++b) {
    // As a node does: execute against the head state, then commit with that view
    // (its cached account records spare the commit re-reading them).
    auto view = store.head_state();
    BlockInputs inputs = make_transfer_block(store, view.get(), options, rng);
    balance_updates = inputs.balance_updates;
    nonce_updates = inputs.nonce_updates;
    const double cpu_start = process_cpu_ms();
    const auto start = Clock::now();
    auto committed = store.commit_block(std::move(inputs.block), std::move(inputs.receipts),
                                        inputs.changes, RootsMode::kFill, view.get());
    const double wall = ms_since(start);
    cpu.push_back(process_cpu_ms() - cpu_start);
    if (!committed) {
      std::fprintf(stderr, "pel bench state: %s\n", committed.error().message.c_str());
      return 1;
    }
    const CommitTimings& t = committed->timings;
    root_update.push_back(t.state_read_ms + t.state_root_ms);
    commit.push_back(t.block_roots_ms + t.batch_ms + t.write_ms);
    trie_move.push_back(t.previous_trie_move_ms);
    trie_move_wait.push_back(t.trie_move_wait_ms);
    total.push_back(wall);
    if (!options.json) {
      std::printf(
          "  block %llu%s: root update %.1f ms (reads %.1f, tries %.1f), commit %.1f ms "
          "(block roots %.1f beside the state root + %.1f, batch %.1f, write %.1f of which %.1f "
          "waiting for the previous block's trie move of %.1f), total %.1f ms, process cpu %.1f "
          "ms\n",
          static_cast<unsigned long long>(committed->header.number), b == 0 ? " (cold)" : "",
          root_update.back(), t.state_read_ms, t.state_root_ms, commit.back(), t.block_roots_cpu_ms,
          t.block_roots_ms, t.batch_ms, t.write_ms, t.trie_move_wait_ms, t.previous_trie_move_ms,
          wall, cpu.back());
      std::fflush(stdout);
    }
  }
  const auto rollback_start = Clock::now();
  if (auto rolled = store.rollback_to(start_number); !rolled) {
    std::fprintf(stderr, "pel bench state: rollback: %s\n", rolled.error().message.c_str());
    return 1;
  }
  const double rollback_ms = ms_since(rollback_start);

  const auto full_start = Clock::now();
  auto full = flat_state_root(store.database());
  const double full_build_ms = ms_since(full_start);
  if (!full || full->state_root != store.head()->header.state_root) {
    std::fprintf(stderr, "pel bench state: the full rebuild disagrees with the head's root\n");
    return 1;
  }

  // The first block may find nothing of the trie in memory; later ones show the
  // steady state of a running node.
  const size_t warm_from = options.blocks > 1 ? 1 : 0;
  auto warm = [&](const std::vector<double>& values) {
    return std::vector<double>(values.begin() + static_cast<std::ptrdiff_t>(warm_from),
                               values.end());
  };
  const double best_total = *std::min_element(total.begin() + warm_from, total.end());
  const double load = load_average();
  if (options.json) {
    std::printf(
        "{\"accounts\": %zu, \"transfers\": %zu, \"balance_updates\": %zu, "
        "\"nonce_updates\": %zu, \"blocks\": %zu, \"resident_depth\": %zu, \"preload\": %s, "
        "\"root_update_ms\": %.1f, \"commit_ms\": %.1f, \"block_total_ms\": %.1f, "
        "\"best_block_total_ms\": %.1f, \"block_cpu_ms\": %.1f, \"trie_move_ms\": %.1f, "
        "\"trie_move_wait_ms\": %.1f, \"cold_root_update_ms\": %.1f, "
        "\"cold_commit_ms\": %.1f, \"full_build_ms\": %.1f, \"rollback_ms\": %.1f, "
        "\"open_ms\": %.1f, \"state_build_ms\": %.1f, \"open_rss_mb\": %.0f, "
        "\"open_heap_mb\": %.0f, \"hardware_threads\": %u, \"load_average\": %.2f}\n",
        options.accounts, options.transfers, balance_updates, nonce_updates, options.blocks,
        options.resident_depth, options.preload ? "true" : "false", median(warm(root_update)),
        median(warm(commit)), median(warm(total)), best_total, median(warm(cpu)),
        median(warm(trie_move)), median(warm(trie_move_wait)), root_update.front(), commit.front(),
        full_build_ms, rollback_ms, open_ms, build_ms, open_rss_mb, open_heap_mb,
        std::thread::hardware_concurrency(), load);
    return 0;
  }
  if (build_ms > 0) std::printf("  state built in %.0f ms (cached for later runs)\n", build_ms);
  std::printf(
      "  store opened in %.0f ms (resident depth %zu, %s); memory then: %.0f MB "
      "resident, %.0f MB heap in use\n",
      open_ms, options.resident_depth,
      options.preload ? "account trie preloaded" : "trie loaded lazily", open_rss_mb, open_heap_mb);
  std::printf("  %zu balance updates + %zu nonce updates per block (last block)\n", balance_updates,
              nonce_updates);
  std::printf(
      "  median of warm blocks: root update %.1f ms + commit %.1f ms = %.1f ms (best "
      "%.1f ms; process CPU %.1f ms); target <= 300 ms\n",
      median(warm(root_update)), median(warm(commit)), median(warm(total)), best_total,
      median(warm(cpu)));
  std::printf(
      "  trie nodes moved from the journal on a background thread: median %.1f ms a block; the "
      "next commit waited for it a median %.1f ms\n",
      median(warm(trie_move)), median(warm(trie_move_wait)));
  std::printf("  rollback of %zu blocks: %.1f ms\n", options.blocks, rollback_ms);
  std::printf("  full state root of %zu accounts from the flat state: %.1f ms\n", full->accounts,
              full_build_ms);
  std::printf("  load average (1 min) at the end: %.2f on %u hardware threads\n", load,
              std::thread::hardware_concurrency());
  return 0;
}

}  // namespace

void add_bench_state_command(CLI::App& app) {
  auto options = std::make_shared<StateBenchOptions>();
  auto* state = app.get_subcommand("bench")->add_subcommand(
      "state", "chain store: state root update and block commit on a large state");
  state->add_option("--accounts", options->accounts, "accounts in the state")
      ->capture_default_str();
  state->add_option("--transfers", options->transfers, "value transfers per block")
      ->capture_default_str();
  state->add_option("--blocks", options->blocks, "blocks committed (then rolled back)")
      ->capture_default_str();
  state->add_option("--seed", options->seed, "workload seed")->capture_default_str();
  state
      ->add_option("--resident-depth", options->resident_depth,
                   "account trie levels kept in memory between blocks (66: the whole trie; the "
                   "store's default is 5)")
      ->capture_default_str();
  state->add_option("--datadir", options->datadir,
                    "where the state is built once and reused (default: "
                    "<temp>/pel-bench-state-<accounts>)");
  state->add_flag("!--no-preload", options->preload,
                  "load the account trie lazily instead of building it when the store opens");
  state->add_flag("--json", options->json, "print one JSON object");
  state->callback([options] {
    if (int code = run_state_bench(*options); code != 0) throw CLI::RuntimeError(code);
  });
}

}  // namespace pel::cli
