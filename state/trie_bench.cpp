// Merkle Patricia Trie benchmarks on a state-sized trie: 1,000,000 accounts
// (key keccak256(address), value rlp([nonce, balance, storage_root, code_hash])).
//
//   TrieRootFromSorted     root of the whole set from sorted keys, hash only
//   TrieBuildAndCommit     node tree of the whole set + commit (all nodes handed out)
//   TrieUpdate/<keys>      <keys> existing accounts get new balances, then the
//                          new root hash (root) or root + node batch (commit)
//   TrieUpdateCold         the same from a trie reopened on a node store, so
//                          every touched path is read and decoded first
//
// The /threads argument caps oneTBB's parallelism: 1 is the sequential
// baseline for the ratio. Run:
//   build/release/state/state_bench --benchmark_filter=Trie --benchmark_repetitions=5
//       --benchmark_report_aggregates_only=true
// On a shared machine read the "_min" rows: the repetition others disturbed least.

#include <benchmark/benchmark.h>
#include <oneapi/tbb/global_control.h>

#include <algorithm>
#include <random>

#include "crypto/keccak.hpp"
#include "state/trie.hpp"
#include "state/trie_values.hpp"

namespace pel {
namespace {

constexpr size_t kAccounts = 1'000'000;

double fastest(const std::vector<double>& times) {
  return *std::min_element(times.begin(), times.end());
}

Bytes account_value(uint64_t nonce, uint64_t balance) {
  return trie_account_rlp(nonce, U256(balance), kEmptyTrieRoot, kEmptyCodeHash);
}

// The sorted entries of the 1,000,000-account state, built once.
const std::vector<TrieEntry>& accounts() {
  static const std::vector<TrieEntry> entries = [] {
    std::mt19937_64 rng(1);
    std::vector<TrieEntry> out;
    out.reserve(kAccounts);
    for (size_t i = 0; i < kAccounts; ++i) {
      Address address;
      for (auto& byte : address.bytes) byte = static_cast<uint8_t>(rng());
      const Hash key = keccak256(address.view());
      out.push_back(
          {Bytes(key.bytes.begin(), key.bytes.end()), account_value(rng() % 1000, rng())});
    }
    std::sort(out.begin(), out.end(), TrieKeyLess{});
    return out;
  }();
  return entries;
}

oneapi::tbb::global_control threads_for(const benchmark::State& state) {
  return oneapi::tbb::global_control(oneapi::tbb::global_control::max_allowed_parallelism,
                                     static_cast<size_t>(state.range(0)));
}

void TrieRootFromSorted(benchmark::State& state) {
  const auto& entries = accounts();
  auto limit = threads_for(state);
  for (auto _ : state) {
    auto root = trie_root_from_sorted(entries);
    benchmark::DoNotOptimize(root);
  }
  state.counters["accounts"] = static_cast<double>(entries.size());
}
BENCHMARK(TrieRootFromSorted)
    ->ComputeStatistics("min", fastest)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void TrieBuildAndCommit(benchmark::State& state) {
  const auto& entries = accounts();
  auto limit = threads_for(state);
  for (auto _ : state) {
    auto trie = Trie::from_sorted(entries);
    TrieNodeBatch nodes = trie->commit();
    benchmark::DoNotOptimize(nodes.data());
    state.PauseTiming();  // freeing a million nodes is not part of building them
    {
      Trie discarded = std::move(*trie);
      TrieNodeBatch discarded_nodes = std::move(nodes);
    }
    state.ResumeTiming();
  }
}
BENCHMARK(TrieBuildAndCommit)
    ->ComputeStatistics("min", fastest)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

// The full trie, committed once, shared by the update benchmarks.
struct StoredState {
  MemoryTrieNodeStore store;
  Hash root;
  Trie trie{&store};
};

StoredState& stored_state() {
  static StoredState* state = [] {
    auto* out = new StoredState;
    auto built = Trie::from_sorted(accounts(), &out->store);
    out->trie = std::move(*built);
    out->store.write(out->trie.commit());
    out->root = out->trie.root_hash();
    return out;
  }();
  return *state;
}

std::vector<const TrieEntry*> pick_accounts(size_t count, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<const TrieEntry*> out;
  for (size_t i = 0; i < count; ++i) out.push_back(&accounts()[rng() % kAccounts]);
  return out;
}

// args: threads, keys, commit (0: root hash only; 1: root hash and node batch)
void TrieUpdate(benchmark::State& state) {
  auto limit = threads_for(state);
  StoredState& stored = stored_state();
  const auto touched = pick_accounts(static_cast<size_t>(state.range(1)), 7);
  const bool commit = state.range(2) != 0;
  uint64_t round = 0;
  size_t nodes_out = 0;
  for (auto _ : state) {
    ++round;
    for (const TrieEntry* account : touched) {
      if (!stored.trie.put(account->key, account_value(round, round * 31 + account->key[0])).ok()) {
        state.SkipWithError("put failed");
      }
    }
    if (commit) {
      TrieNodeBatch nodes = stored.trie.commit();
      nodes_out = nodes.size();
      benchmark::DoNotOptimize(nodes);
    } else {
      benchmark::DoNotOptimize(stored.trie.root_hash());
    }
  }
  stored.trie.commit();  // leave the shared trie clean for the next benchmark
  state.counters["nodes"] = static_cast<double>(nodes_out);
}
BENCHMARK(TrieUpdate)
    ->ComputeStatistics("min", fastest)
    ->ArgNames({"threads", "keys", "commit"})
    ->ArgsProduct({{1, 2}, {10'000, 20'000}, {0, 1}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// args: threads, keys. A trie reopened on the store for each block: every path
// is read from the store and decoded before it changes.
void TrieUpdateCold(benchmark::State& state) {
  auto limit = threads_for(state);
  StoredState& stored = stored_state();
  const auto touched = pick_accounts(static_cast<size_t>(state.range(1)), 9);
  uint64_t round = 0;
  for (auto _ : state) {
    ++round;
    Trie trie(&stored.store, stored.root);
    for (const TrieEntry* account : touched) {
      if (!trie.put(account->key, account_value(round, round)).ok())
        state.SkipWithError("put failed");
    }
    TrieNodeBatch nodes = trie.commit();
    benchmark::DoNotOptimize(nodes);
  }
}
BENCHMARK(TrieUpdateCold)
    ->ComputeStatistics("min", fastest)
    ->ArgNames({"threads", "keys"})
    ->ArgsProduct({{1, 2}, {10'000}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace pel
