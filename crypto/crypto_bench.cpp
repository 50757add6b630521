// keccak256 throughput and secp256k1 sign / recover latency.
//   cmake --build --preset release --target crypto_bench &&
//   build/release/crypto/crypto_bench --benchmark_repetitions=15
//       --benchmark_report_aggregates_only=true
// On a shared machine, read the "_min" rows: the fastest repetition is the one that
// other processes disturbed least. Take throughput from their CPU time: their
// bytes_per_second is the minimum of the rates, i.e. the slowest repetition's.

#include <benchmark/benchmark.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cstdlib>
#include <vector>

#include "crypto/keccak.hpp"
#include "crypto/secp256k1.hpp"

namespace pel {
namespace {

double fastest(const std::vector<double>& times) {
  return *std::min_element(times.begin(), times.end());
}

void BM_Keccak256(benchmark::State& state) {
  Bytes data(static_cast<size_t>(state.range(0)));
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 131 + 7);
  for (auto _ : state) {
    Hash digest = keccak256(data);
    benchmark::DoNotOptimize(digest);
    // Feed the digest back so that iterations depend on one another, as in a trie.
    data[0] ^= digest.bytes[0];
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_Keccak256)->ComputeStatistics("min", fastest)->Arg(32)->Arg(64)->Arg(136)->Arg(1024);

// Baseline: OpenSSL's SHA3-256 (hand-written assembly) runs the same sponge, rate
// 136 bytes, and differs only in the padding byte, so the throughputs compare directly.
// One reused EVP context, to leave out allocation.
void BM_OpenSslSha3_256Baseline(benchmark::State& state) {
  Bytes data(static_cast<size_t>(state.range(0)));
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 131 + 7);
  EVP_MD* md = EVP_MD_fetch(nullptr, "SHA3-256", nullptr);
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  if (md == nullptr || context == nullptr) std::abort();
  for (auto _ : state) {
    Hash digest;
    unsigned int size = 0;
    if (EVP_DigestInit_ex2(context, md, nullptr) != 1 ||
        EVP_DigestUpdate(context, data.data(), data.size()) != 1 ||
        EVP_DigestFinal_ex(context, digest.data(), &size) != 1) {
      std::abort();
    }
    benchmark::DoNotOptimize(digest);
    data[0] ^= digest.bytes[0];
  }
  EVP_MD_CTX_free(context);
  EVP_MD_free(md);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_OpenSslSha3_256Baseline)
    ->ComputeStatistics("min", fastest)
    ->Arg(32)
    ->Arg(64)
    ->Arg(136)
    ->Arg(1024);

PrivateKey bench_key() {
  PrivateKey key;
  for (size_t i = 0; i < 32; ++i) key.bytes[i] = static_cast<uint8_t>(0x42 + i);
  return key;
}

void BM_Secp256k1Sign(benchmark::State& state) {
  PrivateKey key = bench_key();
  Hash message = keccak256(as_view("bench"));
  for (auto _ : state) {
    auto signature = sign(message, key);
    if (!signature.ok()) std::abort();
    benchmark::DoNotOptimize(signature);
    message.bytes[0] ^= static_cast<uint8_t>(signature->s.low64());
  }
}
BENCHMARK(BM_Secp256k1Sign)->ComputeStatistics("min", fastest)->Unit(benchmark::kMicrosecond);

void BM_Secp256k1RecoverAddress(benchmark::State& state) {
  Hash message = keccak256(as_view("bench"));
  auto signature = sign(message, bench_key());
  if (!signature.ok()) std::abort();
  for (auto _ : state) {
    auto address = recover_address(message, *signature);
    if (!address.ok()) std::abort();
    benchmark::DoNotOptimize(address);
  }
}
BENCHMARK(BM_Secp256k1RecoverAddress)
    ->ComputeStatistics("min", fastest)
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace pel
