// U256 micro-benchmarks. Each iteration works on the next operand pair from a
// pre-generated table (so the compiler cannot fold the work away and the branch
// predictor sees varied inputs); the table lookup is part of every figure.

#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "core/uint256.hpp"

namespace pel {
namespace {

constexpr size_t kTableSize = 1024;  // a power of two, so wrapping is a mask

U256 random_with_bits(std::mt19937_64& rng, unsigned bits) {
  U256 x(rng(), rng(), rng(), rng());
  if (bits < 256) x &= (U256(1) << bits) - 1;
  return x | (U256(1) << (bits - 1));  // exactly `bits` long
}

std::vector<U256> make_table(uint64_t seed, unsigned bits) {
  std::mt19937_64 rng(seed);
  std::vector<U256> table(kTableSize);
  for (U256& x : table) x = random_with_bits(rng, bits);
  return table;
}

template <class Op>
void run_binary(benchmark::State& state, unsigned a_bits, unsigned b_bits, Op op) {
  const std::vector<U256> a = make_table(1, a_bits);
  const std::vector<U256> b = make_table(2, b_bits);
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(op(a[i], b[i]));
    i = (i + 1) & (kTableSize - 1);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Add(benchmark::State& state) {
  run_binary(state, 256, 256, [](const U256& x, const U256& y) { return x + y; });
}
BENCHMARK(BM_Add);

void BM_AddOverflow(benchmark::State& state) {
  run_binary(state, 256, 256, [](const U256& x, const U256& y) {
    U256 out;
    bool overflow = add_overflow(x, y, out);
    return out.limbs[0] + overflow;
  });
}
BENCHMARK(BM_AddOverflow);

void BM_Sub(benchmark::State& state) {
  run_binary(state, 256, 256, [](const U256& x, const U256& y) { return x - y; });
}
BENCHMARK(BM_Sub);

void BM_Compare(benchmark::State& state) {
  run_binary(state, 256, 256, [](const U256& x, const U256& y) { return x < y; });
}
BENCHMARK(BM_Compare);

void BM_Mul(benchmark::State& state) {
  run_binary(state, 256, 256, [](const U256& x, const U256& y) { return x * y; });
}
BENCHMARK(BM_Mul);

void BM_Div256By128(benchmark::State& state) {
  run_binary(state, 256, 128, [](const U256& x, const U256& y) { return x / y; });
}
BENCHMARK(BM_Div256By128);

void BM_Div256By64(benchmark::State& state) {
  run_binary(state, 256, 64, [](const U256& x, const U256& y) { return x / y; });
}
BENCHMARK(BM_Div256By64);

void BM_Div256By192(benchmark::State& state) {
  run_binary(state, 256, 192, [](const U256& x, const U256& y) { return x / y; });
}
BENCHMARK(BM_Div256By192);

void BM_Mod256By128(benchmark::State& state) {
  run_binary(state, 256, 128, [](const U256& x, const U256& y) { return x % y; });
}
BENCHMARK(BM_Mod256By128);

void BM_Exp(benchmark::State& state) {
  run_binary(state, 256, 256, [](const U256& x, const U256& y) { return exp(x, y); });
}
BENCHMARK(BM_Exp);

void BM_ToDec(benchmark::State& state) {
  const std::vector<U256> values = make_table(3, unsigned(state.range(0)));
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(values[i].to_dec());
    i = (i + 1) & (kTableSize - 1);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ToDec)->Arg(64)->Arg(256);

void BM_FromDec(benchmark::State& state) {
  const std::vector<U256> values = make_table(4, 256);
  std::vector<std::string> texts;
  for (const U256& x : values) texts.push_back(x.to_dec());
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(U256::from_dec(texts[i]));
    i = (i + 1) & (kTableSize - 1);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_FromDec);

}  // namespace
}  // namespace pel
