// Submission throughput of pre-signed transfers (decode + hash + recovery + insert),
// on 1 and 2 threads, and the parts apart: prepare() alone (no lock), add() alone (the
// locked part), block selection and the after-block update.
//
//   build/release/node/node_bench --benchmark_filter=TxPool
#include <benchmark/benchmark.h>

#include <memory>
#include <vector>

#include "node/txpool.hpp"
#include "node/txpool_test_support.hpp"

namespace pel::txpool_test {
namespace {

constexpr size_t kSenders = 1'000;
constexpr uint64_t kNoncesPerSender = 16;
constexpr size_t kTxns = kSenders * kNoncesPerSender;

struct Corpus {
  MapAccounts accounts;
  std::vector<Address> senders;
  // Sender-major: sender s's nonces are [s * kNoncesPerSender, ...).
  std::vector<Bytes> raw;
};

// Signing 16,000 transactions takes a second or two: once per process.
const Corpus& corpus() {
  static const std::unique_ptr<Corpus> instance = [] {
    auto out = std::make_unique<Corpus>();
    for (size_t s = 0; s < kSenders; ++s) {
      PrivateKey key = test_key(static_cast<uint32_t>(s));
      out->senders.push_back(address_of_key(key));
      out->accounts.set(out->senders.back(), 0, U256(kGwei) * U256(kGwei));
      for (uint64_t nonce = 0; nonce < kNoncesPerSender; ++nonce) {
        TxnSpec spec;
        spec.nonce = nonce;
        spec.tip = U256(1 + (s * 7 + nonce) % 13) * U256(kGwei);
        spec.max_fee = 50 * kGwei;
        out->raw.push_back(signed_raw(key, spec));
      }
    }
    return out;
  }();
  return *instance;
}

TxPoolConfig big_pool() {
  TxPoolConfig config;
  config.max_txns = kTxns;
  return config;
}

// Interleaves senders so consecutive submissions come from different accounts, as
// traffic from many clients would: i-th submission = sender i % kSenders.
size_t interleaved(size_t i) {
  return (i % kSenders) * kNoncesPerSender + (i / kSenders) % kNoncesPerSender;
}

// Full submissions. Each thread takes its own share of the corpus; a fresh pool per run.
std::unique_ptr<TxPool> shared_pool;

void BM_TxPoolSubmitRaw(benchmark::State& state) {
  const Corpus& data = corpus();
  if (state.thread_index() == 0)
    shared_pool = std::make_unique<TxPool>(big_pool(), data.accounts, U256(kGwei));
  const size_t threads = static_cast<size_t>(state.threads());
  size_t i = static_cast<size_t>(state.thread_index());
  size_t failures = 0;
  for (auto _ : state) {
    auto result = shared_pool->submit_raw(data.raw[interleaved(i)]);
    failures += !result.ok();
    i += threads;
  }
  if (failures != 0) state.SkipWithError("a submission failed");
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) shared_pool.reset();
}
// kTxns submissions in all, split over the threads; wall-clock time, so items/s is the
// pool's total throughput.
BENCHMARK(BM_TxPoolSubmitRaw)->Threads(1)->Iterations(kTxns)->UseRealTime();
BENCHMARK(BM_TxPoolSubmitRaw)->Threads(2)->Iterations(kTxns / 2)->UseRealTime();

void BM_TxPoolPrepare(benchmark::State& state) {
  const Corpus& data = corpus();
  TxPool pool(big_pool(), data.accounts, U256(kGwei));
  size_t i = 0;
  for (auto _ : state) {
    auto prepared = pool.prepare(data.raw[i++ % kTxns]);
    benchmark::DoNotOptimize(prepared);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TxPoolPrepare);

// Sender recovery alone, the bulk of prepare(): the part no pool design can avoid.
void BM_TxPoolRecoverSenderOnly(benchmark::State& state) {
  const Corpus& data = corpus();
  std::vector<Transaction> decoded;
  for (size_t i = 0; i < 1'000; ++i) decoded.push_back(*decode_transaction(data.raw[i]));
  size_t i = 0;
  for (auto _ : state) {
    auto sender = recover_sender(decoded[i++ % decoded.size()]);
    benchmark::DoNotOptimize(sender);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TxPoolRecoverSenderOnly);

// The corpus prepared once (in interleaved order), for the benchmarks of the locked part.
const std::vector<PooledTxnPtr>& prepared_corpus() {
  static const std::vector<PooledTxnPtr> prepared = [] {
    const Corpus& data = corpus();
    TxPool scratch(big_pool(), data.accounts, U256(kGwei));
    std::vector<PooledTxnPtr> out;
    for (size_t i = 0; i < kTxns; ++i) out.push_back(*scratch.prepare(data.raw[interleaved(i)]));
    return out;
  }();
  return prepared;
}

// The locked part only: prepared transactions into a pool.
void BM_TxPoolAdd(benchmark::State& state) {
  const Corpus& data = corpus();
  const auto& prepared = prepared_corpus();
  auto pool = std::make_unique<TxPool>(big_pool(), data.accounts, U256(kGwei));
  size_t i = 0;
  for (auto _ : state) {
    if (i == kTxns) {
      state.PauseTiming();
      pool = std::make_unique<TxPool>(big_pool(), data.accounts, U256(kGwei));
      i = 0;
      state.ResumeTiming();
    }
    auto result = pool->add(prepared[i++]);
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TxPoolAdd);

std::unique_ptr<TxPool> full_pool(const AccountReader& accounts) {
  auto pool = std::make_unique<TxPool>(big_pool(), accounts, U256(kGwei));
  for (const PooledTxnPtr& txn : prepared_corpus()) (void)pool->add(txn);
  return pool;
}

// A 16,000-transaction pool from 1,000 senders; a block of 10,000 transfers.
void BM_TxPoolSelectForBlock(benchmark::State& state) {
  auto pool = full_pool(corpus().accounts);
  size_t selected_count = 0;
  for (auto _ : state) {
    auto selected = pool->select_for_block(U256(kGwei), 10'000 * 21'000);
    selected_count = selected.size();
    benchmark::DoNotOptimize(selected);
  }
  state.counters["txns_selected"] = static_cast<double>(selected_count);
}
BENCHMARK(BM_TxPoolSelectForBlock)->Unit(benchmark::kMillisecond);

// Reporting a block that included 10 nonces of each of the 1,000 senders.
void BM_TxPoolOnNewBlock(benchmark::State& state) {
  const Corpus& data = corpus();
  for (auto _ : state) {
    state.PauseTiming();
    MapAccounts accounts;
    for (const Address& sender : data.senders) accounts.set(sender, 0, U256(kGwei) * U256(kGwei));
    auto pool = full_pool(accounts);
    for (const Address& sender : data.senders) accounts.set_nonce(sender, 10);
    state.ResumeTiming();
    pool->on_new_block({.next_base_fee = U256(kGwei), .changed_accounts = data.senders});
    state.PauseTiming();
    if (pool->stats().pending != kSenders * (kNoncesPerSender - 10))
      state.SkipWithError("bad pool");
    pool.reset();
    state.ResumeTiming();
  }
}
BENCHMARK(BM_TxPoolOnNewBlock)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace pel::txpool_test
