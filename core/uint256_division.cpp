// U256 division: Knuth's algorithm D (TAOCP vol. 2, 4.3.1) on 64-bit limbs.
//
// Each quotient limb is estimated by dividing the top two limbs of the running
// remainder by the divisor's top limb. That 128-by-64 division uses a
// precomputed reciprocal (Möller and Granlund, "Improved division by invariant
// integers", IEEE TC 2011): two multiplications instead of a hardware divide per
// limb, and one divide per U256 division to get the reciprocal.

#include <bit>
#include <cassert>

#include "core/uint256.hpp"

namespace pel {

namespace {

__extension__ typedef unsigned __int128 uint128;

constexpr uint64_t high(uint128 x) {
  return static_cast<uint64_t>(x >> 64);
}
constexpr uint64_t low(uint128 x) {
  return static_cast<uint64_t>(x);
}
constexpr uint128 join(uint64_t hi, uint64_t lo) {
  return uint128{hi} << 64 | lo;
}

// floor((2^128 - 1) / d) - 2^64 for a normalised d (top bit set). Since
// 2^128 - 1 - 2^64 * d == (~d : ~0) and ~d < d, the quotient fits in 64 bits.
uint64_t reciprocal(uint64_t d) {
  assert(d >> 63);
  return low(join(~d, ~uint64_t{0}) / d);
}

// (u1 : u0) divided by a normalised d, with u1 < d so that the quotient fits in
// 64 bits; the remainder goes to remainder.
uint64_t divide_2by1(uint64_t u1, uint64_t u0, uint64_t d, uint64_t d_reciprocal,
                     uint64_t& remainder) {
  assert(u1 < d);
  uint128 q = uint128{d_reciprocal} * u1 + join(u1, u0);
  uint64_t q1 = high(q) + 1;
  const uint64_t q0 = low(q);
  uint64_t r = u0 - q1 * d;
  // The estimate q1 is at most one too large or one too small; r > q0 (with
  // wrap-around) tells the first case, r >= d the second.
  if (r > q0) {
    --q1;
    r += d;
  }
  if (r >= d) {
    ++q1;
    r -= d;
  }
  remainder = r;
  return q1;
}

unsigned significant_limbs(const U256& x) {
  return (x.bit_length() + 63) / 64;
}

// Dividend of m limbs (m >= 1) by a single limb divisor.
U256DivMod divide_by_limb(const U256& u, unsigned m, uint64_t divisor) {
  const unsigned shift = unsigned(std::countl_zero(divisor));
  const uint64_t d = divisor << shift;
  const uint64_t d_reciprocal = reciprocal(d);
  // Shifting the dividend by the same amount as the divisor leaves the quotient
  // unchanged and scales the remainder; the bits shifted out of limb m-1 form the
  // first partial remainder, which is below d.
  U256DivMod out;
  uint64_t r = shift == 0 ? 0 : u.limbs[m - 1] >> (64 - shift);
  for (int i = int(m) - 1; i >= 0; --i) {
    uint64_t limb = u.limbs[i] << shift;
    if (shift != 0 && i > 0) limb |= u.limbs[i - 1] >> (64 - shift);
    out.quotient.limbs[i] = divide_2by1(r, limb, d, d_reciprocal, r);
  }
  out.remainder = r >> shift;
  return out;
}

// Dividend of m limbs by a divisor of n limbs, 2 <= n <= m <= 4.
U256DivMod divide_knuth(const U256& u, unsigned m, const U256& v, unsigned n) {
  // D1: normalise so that the divisor's top bit is set; the dividend gains a limb.
  const unsigned shift = unsigned(std::countl_zero(v.limbs[n - 1]));
  const U256 vn = v << shift;
  std::array<uint64_t, 5> un{};
  for (unsigned i = 0; i < m; ++i) un[i] = u.limbs[i];
  un[m] = shift == 0 ? 0 : u.limbs[m - 1] >> (64 - shift);
  for (unsigned i = m - 1; i > 0; --i)
    un[i] = shift == 0 ? un[i] : (un[i] << shift) | (un[i - 1] >> (64 - shift));
  un[0] <<= shift;

  const uint64_t d1 = vn.limbs[n - 1];
  const uint64_t d0 = vn.limbs[n - 2];
  const uint64_t d_reciprocal = reciprocal(d1);

  U256DivMod out;
  for (int j = int(m - n); j >= 0; --j) {
    // D3: estimate the quotient limb from the top three limbs of the running
    // remainder (whose top limb is at most d1) and the top two of the divisor.
    const uint64_t u2 = un[j + n];
    const uint64_t u1 = un[j + n - 1];
    const uint64_t u0 = un[j + n - 2];
    uint64_t q_hat;
    uint64_t r_hat;
    bool r_hat_overflow;
    if (u2 >= d1) {
      // The two-limb quotient would be 2^64 or more; the true limb is below 2^64.
      q_hat = ~uint64_t{0};
      r_hat = u1 + d1;  // (u2 : u1) - q_hat * d1 with u2 == d1
      r_hat_overflow = r_hat < u1;
    } else {
      q_hat = divide_2by1(u2, u1, d1, d_reciprocal, r_hat);
      r_hat_overflow = false;
    }
    // At most two corrections make q_hat exact or one too large.
    while (!r_hat_overflow && uint128{q_hat} * d0 > join(r_hat, u0)) {
      --q_hat;
      r_hat += d1;
      r_hat_overflow = r_hat < d1;
    }

    // D4: subtract q_hat * divisor from the remainder's top n + 1 limbs.
    uint64_t mul_carry = 0;
    uint64_t borrow = 0;
    for (unsigned i = 0; i < n; ++i) {
      const uint128 product = uint128{q_hat} * vn.limbs[i] + mul_carry;
      mul_carry = high(product);
      const uint64_t limb = un[i + j];
      const uint64_t diff = limb - low(product);
      const uint64_t diff2 = diff - borrow;
      borrow = uint64_t{limb < low(product)} + uint64_t{diff < borrow};
      un[i + j] = diff2;
    }
    const uint64_t top = un[j + n];
    un[j + n] = top - mul_carry - borrow;
    const bool negative = uint128{top} < uint128{mul_carry} + borrow;

    // D6: q_hat was one too large (rare: about 2 in 2^64); add the divisor back.
    if (negative) {
      --q_hat;
      uint64_t carry = 0;
      for (unsigned i = 0; i < n; ++i) {
        const uint128 sum = uint128{un[i + j]} + vn.limbs[i] + carry;
        un[i + j] = low(sum);
        carry = high(sum);
      }
      un[j + n] += carry;  // wraps back to the non-negative remainder
    }
    out.quotient.limbs[j] = q_hat;
  }

  // D8: the remainder is the low n limbs, shifted back.
  for (unsigned i = 0; i < n; ++i) {
    out.remainder.limbs[i] = un[i] >> shift;
    if (shift != 0) out.remainder.limbs[i] |= un[i + 1] << (64 - shift);
  }
  return out;
}

}  // namespace

U256DivMod divmod(const U256& dividend, const U256& divisor) {
  if (divisor.is_zero()) return {};
  if (dividend < divisor) return {U256(), dividend};
  const unsigned m = significant_limbs(dividend);
  const unsigned n = significant_limbs(divisor);
  if (n == 1) {
    if (m == 1) return {dividend.limbs[0] / divisor.limbs[0], dividend.limbs[0] % divisor.limbs[0]};
    return divide_by_limb(dividend, m, divisor.limbs[0]);
  }
  return divide_knuth(dividend, m, divisor, n);
}

U256 operator/(const U256& a, const U256& b) {
  return divmod(a, b).quotient;
}

U256 operator%(const U256& a, const U256& b) {
  return divmod(a, b).remainder;
}

}  // namespace pel
