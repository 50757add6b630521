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
  std::array<unsigned, 25> destination{};           // pi: where source lane goes
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
    out.destination[lane] = ly + 5 * ((2 * lx + 3 * ly) % 5);
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

// One round with every lane index a compile-time constant (the folds expand to
// straight-line code), so the compiler keeps the 25 lanes in registers.
template <size_t... X, size_t... L>
[[gnu::always_inline]] inline void keccak_round(uint64_t (&a)[25], uint64_t round_constant,
                                                std::index_sequence<X...>,
                                                std::index_sequence<L...>) {
  uint64_t column[5], column_effect[5], b[25];
  // theta: every lane absorbs the parities of two neighbouring columns.
  ((column[X] = a[X] ^ a[X + 5] ^ a[X + 10] ^ a[X + 15] ^ a[X + 20]), ...);
  ((column_effect[X] = column[(X + 4) % 5] ^ rotl(column[(X + 1) % 5], 1)), ...);
  // rho and pi together.
  ((b[kSteps.destination[L]] = rotl(a[L] ^ column_effect[L % 5], kSteps.rotation[L])), ...);
  // chi: the only non-linear step, along each row.
  ((a[L] = b[L] ^ (~b[L - L % 5 + (L + 1) % 5] & b[L - L % 5 + (L + 2) % 5])), ...);
  // iota
  a[0] ^= round_constant;
}

}  // namespace

void keccak_f1600(uint64_t state[25]) {
  uint64_t lanes[25];
  for (int i = 0; i < 25; ++i) lanes[i] = state[i];
  for (int round = 0; round < kRounds; ++round) {
    keccak_round(lanes, kSteps.round_constants[round], std::make_index_sequence<5>{},
                 std::make_index_sequence<25>{});
  }
  for (int i = 0; i < 25; ++i) state[i] = lanes[i];
}

}  // namespace pel
