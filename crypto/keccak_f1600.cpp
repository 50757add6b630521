#include "crypto/keccak_f1600.hpp"

#include <array>
#include <cstddef>
#include <utility>

namespace pel {

namespace {

constexpr int kRounds = 24;

// The step constants, derived at compile time from their definitions in the
// Keccak reference rather than typed in, so that a typo cannot hide in them.
struct StepConstants {
  std::array<uint64_t, kRounds> round_constants{};  // iota
  std::array<unsigned, 25> rotation{};              // rho, by source lane
  std::array<unsigned, 25> source{};                // pi: which lane lands here
};

constexpr StepConstants make_step_constants() {
  StepConstants out;

  // rho: starting at (x, y) = (1, 0), the t-th lane visited by (x, y) <- (y, 2x + 3y)
  // rotates by (t + 1)(t + 2) / 2 mod 64; lane (0, 0) does not rotate.
  unsigned x = 1, y = 0;
  for (unsigned t = 0; t < 24; ++t) {
    out.rotation[x + 5 * y] = ((t + 1) * (t + 2) / 2) % 64;
    unsigned next_y = (2 * x + 3 * y) % 5;
    x = y;
    y = next_y;
  }

  // pi: lane (x, y) moves to (y, 2x + 3y).
  for (unsigned lane = 0; lane < 25; ++lane) {
    unsigned lx = lane % 5, ly = lane / 5;
    out.source[ly + 5 * ((2 * lx + 3 * ly) % 5)] = lane;
  }

  // iota: bit 2^j - 1 of round i's constant is rc(j + 7i), where rc is the output of
  // the LFSR x^8 + x^6 + x^5 + x^4 + 1 started at 1.
  uint8_t lfsr = 1;
  for (int round = 0; round < kRounds; ++round) {
    uint64_t constant = 0;
    for (unsigned j = 0; j < 7; ++j) {
      if (lfsr & 1) constant |= uint64_t{1} << ((1u << j) - 1);
      lfsr = static_cast<uint8_t>((lfsr << 1) ^ ((lfsr & 0x80) ? 0x71 : 0));
    }
    out.round_constants[round] = constant;
  }
  return out;
}

constexpr StepConstants kSteps = make_step_constants();

constexpr uint64_t rotl(uint64_t value, unsigned shift) {
  return (value << shift) | (value >> ((64 - shift) & 63));
}

// Every lane index below is a compile-time constant (the folds expand to straight-line
// code), so the lanes live in registers rather than in arrays.
//
// Output row Y of one round: the five lanes that rho and pi bring into that row, then
// chi along it. Going row by row keeps only five rotated lanes alive at a time, which
// spares registers (GCC spills far less than when all 25 are computed first).
template <size_t Y, size_t... X>
[[gnu::always_inline]] inline void keccak_row(const uint64_t (&in)[25], const uint64_t (&d)[5],
                                              uint64_t (&out)[25], std::index_sequence<X...>) {
  uint64_t b[5];
  ((b[X] = rotl(in[kSteps.source[5 * Y + X]] ^ d[kSteps.source[5 * Y + X] % 5],
                kSteps.rotation[kSteps.source[5 * Y + X]])),
   ...);
  ((out[5 * Y + X] = b[X] ^ (~b[(X + 1) % 5] & b[(X + 2) % 5])), ...);
}

template <size_t... X>
[[gnu::always_inline]] inline void keccak_round(const uint64_t (&in)[25], uint64_t (&out)[25],
                                                uint64_t round_constant,
                                                std::index_sequence<X...> columns) {
  uint64_t parity[5], d[5];
  ((parity[X] = in[X] ^ in[X + 5] ^ in[X + 10] ^ in[X + 15] ^ in[X + 20]), ...);
  ((d[X] = parity[(X + 4) % 5] ^ rotl(parity[(X + 1) % 5], 1)), ...);
  keccak_row<0>(in, d, out, columns);
  keccak_row<1>(in, d, out, columns);
  keccak_row<2>(in, d, out, columns);
  keccak_row<3>(in, d, out, columns);
  keccak_row<4>(in, d, out, columns);
  out[0] ^= round_constant;
}

}  // namespace

// With BMI1/BMI2 (x86-64-v3), chi's and-not is one instruction (andn) and rotations
// do not clobber their source (rorx): about a quarter less time here. GCC builds both forms
// and picks one at load time; clang 14 mishandles target_clones, so it gets one form.
// Not under ThreadSanitizer: GCC instruments the load-time resolver, which then runs
// before the TSan runtime exists and crashes the process on start.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__linux__) && \
    !defined(__SANITIZE_THREAD__)
#define PEL_KECCAK_TARGET_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define PEL_KECCAK_TARGET_CLONES
#endif

PEL_KECCAK_TARGET_CLONES void keccak_f1600(uint64_t state[25]) {
  uint64_t lanes[25];
  for (int i = 0; i < 25; ++i) lanes[i] = state[i];
  // Two rounds per iteration, each writing the other lane set: no copy between rounds.
  uint64_t other[25];
  for (int round = 0; round < kRounds; round += 2) {
    keccak_round(lanes, other, kSteps.round_constants[round], std::make_index_sequence<5>{});
    keccak_round(other, lanes, kSteps.round_constants[round + 1], std::make_index_sequence<5>{});
  }
  for (int i = 0; i < 25; ++i) state[i] = lanes[i];
}

}  // namespace pel
