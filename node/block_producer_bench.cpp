// One block of 10,000 transfers from 10,000 funded senders through the producer:
// selection, execution (threads 1 and 2), commit with roots and seal, pool update.
// Submission (signature recovery) is outside the timing: txpool_bench measures it.
//
//   build/release/node/node_bench --benchmark_filter=BlockProducer
#include <benchmark/benchmark.h>

#include <filesystem>
#include <memory>
#include <vector>

#include "core/base_fee.hpp"
#include "node/block_producer.hpp"
#include "node/dev_accounts.hpp"
#include "node/genesis_file.hpp"
#include "node/state_account_reader.hpp"
#include "node/txpool_test_support.hpp"

namespace pel {
namespace {

namespace fs = std::filesystem;
using txpool_test::kGwei;

constexpr size_t kSenders = 10'000;

struct Senders {
  std::vector<PrivateKey> keys;
  std::vector<Address> addresses;
};

const Senders& senders() {
  static const std::unique_ptr<Senders> instance = [] {
    auto out = std::make_unique<Senders>();
    for (size_t s = 0; s < kSenders; ++s) {
      out->keys.push_back(txpool_test::test_key(static_cast<uint32_t>(s)));
      out->addresses.push_back(txpool_test::address_of_key(out->keys.back()));
    }
    return out;
  }();
  return *instance;
}

void BM_BlockProducer_Transfers(benchmark::State& state) {
  const unsigned threads = static_cast<unsigned>(state.range(0));
  fs::path dir = fs::temp_directory_path() / ("pel_producer_bench_" + std::to_string(threads));
  fs::remove_all(dir);
  Genesis genesis =
      load_genesis_file((fs::path(__FILE__).parent_path().parent_path() / "genesis.json").string())
          .value();
  for (const Address& address : senders().addresses)
    genesis.alloc[address].balance = U256(kGwei) * U256(kGwei);
  ChainStore::Options options;
  options.database.sync_writes = false;
  auto chain = std::move(ChainStore::open_with_genesis(dir.string(), genesis, options).value());
  auto reader_owner = std::make_unique<StateAccountReader>(*chain);  // released before the store
  StateAccountReader& reader = *reader_owner;
  TxPoolConfig config;
  config.chain_id = genesis.config.chain_id;
  config.block_gas_limit = genesis.header_gas_limit();
  config.max_txns = 2 * kSenders;
  TxPool pool(config, reader, next_base_fee(chain->head()->header, genesis.config).value());
  ExecutorConfig executor;
  executor.threads = threads;
  BlockProducer producer(*chain, pool, genesis.config, genesis.clique_signers,
                         ValidatorKey{dev_accounts()[0].key, dev_accounts()[0].address}, executor,
                         [&reader] { reader.refresh(); });
  Address recipient;
  recipient.bytes[0] = 0x77;
  uint64_t nonce = 0;
  size_t included = 0;
  double exec_ms = 0, commit_ms = 0;
  for (auto _ : state) {
    state.PauseTiming();
    for (size_t s = 0; s < kSenders; ++s) {
      txpool_test::TxnSpec spec;
      spec.nonce = nonce;
      spec.chain_id = genesis.config.chain_id;
      spec.max_fee = 10 * kGwei;
      (void)pool.submit_raw(txpool_test::signed_raw(senders().keys[s], spec));
    }
    ++nonce;
    state.ResumeTiming();
    auto block = producer.produce(0);
    if (!block) {
      state.SkipWithError(block.error().message.c_str());
      break;
    }
    included += block->txns;
    exec_ms += block->exec_ms;
    commit_ms += block->commit_ms;
  }
  state.counters["txns_per_s"] =
      benchmark::Counter(static_cast<double>(included), benchmark::Counter::kIsRate);
  state.counters["exec_ms"] = exec_ms / static_cast<double>(state.iterations());
  state.counters["commit_ms"] = commit_ms / static_cast<double>(state.iterations());
  reader_owner.reset();  // its pinned view holds a snapshot of the store
  chain.reset();
  fs::remove_all(dir);
}
BENCHMARK(BM_BlockProducer_Transfers)
    ->Arg(1)
    ->Arg(2)
    ->Iterations(3)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace pel
