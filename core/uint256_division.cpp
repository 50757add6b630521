// U256 division: Knuth's algorithm D (TAOCP vol. 2, 4.3.1) on 64-bit limbs.
//
// The per-limb steps use precomputed reciprocals (Möller and Granlund,
// "Improved division by invariant integers", IEEE TC 2011) instead of a
// hardware divide per limb: a single-limb divisor divides two limbs at a time
// (2-by-1), a longer one divides the top three limbs of the running remainder by
// its top two limbs (3-by-2). The 3-by-2 quotient is the estimate that Knuth's
// step D3 reaches after its correction loop, without that loop's unpredictable
// branches, and for a two-limb divisor it is already the exact quotient limb.
// One hardware divide per U256 division computes the reciprocal.

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
  // The estimate q1 is one too large about half of the time, which r > q0
  // (with wrap-around) tells; that correction is branch-free because a branch
  // on it would be mispredicted. It is one too small only rarely.
  const uint64_t too_large = -uint64_t{r > q0};
  q1 += too_large;
  r += too_large & d;
  if (r >= d) [[unlikely]] {
    ++q1;
    r -= d;
  }
  remainder = r;
  return q1;
}

// floor((2^192 - 1) / (d1 : d0)) - 2^64 for a normalised d1: the reciprocal of
// a two-limb divisor, from the one of its top limb corrected for d0.
uint64_t reciprocal_3by2(uint64_t d1, uint64_t d0) {
  uint64_t v = reciprocal(d1);
  uint64_t p = d1 * v + d0;
  if (p < d0) {  // the low limb carried: v is at least one too large
    --v;
    if (p >= d1) {
      --v;
      p -= d1;
    }
    p -= d1;
  }
  const uint128 t = uint128{v} * d0;
  p += high(t);
  if (p < high(t)) {
    --v;
    if (join(p, low(t)) >= join(d1, d0)) --v;
  }
  return v;
}

// (u2 : u1 : u0) divided by (d1 : d0), with d1 normalised and (u2 : u1) below
// (d1 : d0) so that the quotient fits in 64 bits; the remainder goes to
// remainder.
uint64_t divide_3by2(uint64_t u2, uint64_t u1, uint64_t u0, uint64_t d1, uint64_t d0,
                     uint64_t d_reciprocal, uint128& remainder) {
  assert(join(u2, u1) < join(d1, d0));
  const uint128 d = join(d1, d0);
  const uint128 q = uint128{d_reciprocal} * u2 + join(u2, u1);
  uint64_t q1 = high(q);
  const uint64_t q0 = low(q);
  // r = (u1 - q1 * d1 : u0) - d - q1 * d0, mod 2^128: the remainder for q1 + 1.
  uint128 r = join(u1 - q1 * d1, u0) - d - uint128{q1} * d0;
  ++q1;
  // As in divide_2by1: one too large about half of the time (branch-free),
  // one too small rarely.
  const uint64_t too_large = -uint64_t{high(r) >= q0};
  q1 += too_large;
  r += join(too_large & d1, too_large & d0);
  if (r >= d) [[unlikely]] {
    ++q1;
    r -= d;
  }
  remainder = r;
  return q1;
}

// x[0..count) -= factor * y[0..count); returns what the next limb of x owes.
uint64_t subtract_product(uint64_t* x, const uint64_t* y, unsigned count, uint64_t factor) {
  uint64_t carry = 0;
  for (unsigned i = 0; i < count; ++i) {
    // factor * y + carry <= 2^128 - 2^64, so high(product) + borrow never wraps.
    const uint128 product = uint128{factor} * y[i] + carry;
    const uint64_t limb = x[i];
    x[i] = limb - low(product);
    carry = high(product) + uint64_t{limb < low(product)};
  }
  return carry;
}

unsigned significant_limbs(const U256& x) {
  return (x.bit_length() + 63) / 64;
}

// x << shift (shift < 64) as five limbs. The double shifts are the bits that
// cross a limb boundary; written so, shift == 0 needs no branch (x >> 64 would
// be undefined).
std::array<uint64_t, 5> shift_left(const U256& x, unsigned shift) {
  const unsigned back = 63 - shift;
  return {x.limbs[0] << shift, x.limbs[1] << shift | x.limbs[0] >> 1 >> back,
          x.limbs[2] << shift | x.limbs[1] >> 1 >> back,
          x.limbs[3] << shift | x.limbs[2] >> 1 >> back, x.limbs[3] >> 1 >> back};
}

// The inverse of shift_left for the low count limbs of x.
U256 shift_right(const std::array<uint64_t, 5>& x, unsigned count, unsigned shift) {
  const unsigned back = 63 - shift;
  U256 out;
  for (unsigned i = 0; i < count; ++i) out.limbs[i] = x[i] >> shift | x[i + 1] << 1 << back;
  return out;
}

// Dividend of m limbs (m >= 1) by a single limb divisor.
U256DivMod divide_by_limb(const U256& u, unsigned m, uint64_t divisor) {
  // Shifting dividend and divisor alike leaves the quotient unchanged and
  // scales the remainder. The bits shifted out of limb m - 1 start the running
  // remainder, which stays below d.
  const unsigned shift = unsigned(std::countl_zero(divisor));
  const unsigned back = 63 - shift;  // see shift_left
  const uint64_t d = divisor << shift;
  const uint64_t d_reciprocal = reciprocal(d);
  U256DivMod out;
  uint64_t r = u.limbs[m - 1] >> 1 >> back;
  for (int i = int(m) - 1; i >= 0; --i) {
    const uint64_t limb = u.limbs[i] << shift | (i > 0 ? u.limbs[i - 1] >> 1 >> back : 0);
    out.quotient.limbs[i] = divide_2by1(r, limb, d, d_reciprocal, r);
  }
  out.remainder = r >> shift;
  return out;
}

// Dividend of m limbs by a divisor of n limbs, 2 <= n <= m <= 4. The divisor
// length is a template parameter so that the inner loops unroll.
template <unsigned n>
U256DivMod divide_knuth(const U256& u, unsigned m, const U256& v) {
  // D1: normalise so that the divisor's top bit is set; the dividend gains a limb.
  const unsigned shift = unsigned(std::countl_zero(v.limbs[n - 1]));
  const std::array<uint64_t, 5> vn = shift_left(v, shift);
  std::array<uint64_t, 5> un = shift_left(u, shift);
  const uint64_t d1 = vn[n - 1];
  const uint64_t d0 = vn[n - 2];
  const uint64_t d_reciprocal = reciprocal_3by2(d1, d0);

  U256DivMod out;
  // Each step divides the remainder's top n + 1 limbs, un[j .. j+n], by the
  // divisor; they are below divisor * 2^64, so the quotient limb fits.
  for (int j = int(m - n); j >= 0; --j) {
    uint64_t* const window = &un[j];
    uint64_t q_hat;
    if (window[n] == d1 && window[n - 1] == d0) [[unlikely]] {
      // The 3-by-2 quotient would be 2^64 or more. The window is then at least
      // divisor * 2^64 - 2^(64(n-1)), and the divisor is at least 2^(64n-1), so
      // the quotient limb is exactly 2^64 - 1.
      q_hat = ~uint64_t{0};
      window[n] -= subtract_product(window, vn.data(), n, q_hat);
      assert(window[n] == 0);
    } else {
      // D3: the quotient of the top three limbs by the top two is exact or one
      // too large, and it leaves their remainder.
      uint128 top;
      q_hat = divide_3by2(window[n], window[n - 1], window[n - 2], d1, d0, d_reciprocal, top);
      // D4: subtract q_hat times the divisor's remaining limbs.
      const uint64_t owed = subtract_product(window, vn.data(), n - 2, q_hat);
      const bool negative = top < owed;
      top -= owed;
      window[n - 2] = low(top);
      window[n - 1] = high(top);
      window[n] = 0;
      // D6: q_hat was one too large (about 2 in 2^64 for random operands): add
      // the divisor back; the carry out of the top limb cancels the borrow.
      if (negative) [[unlikely]] {
        --q_hat;
        uint64_t carry = 0;
        for (unsigned i = 0; i < n; ++i) {
          const uint128 sum = uint128{window[i]} + vn[i] + carry;
          window[i] = low(sum);
          carry = high(sum);
        }
      }
    }
    out.quotient.limbs[j] = q_hat;
  }

  // D8: the remainder is the low n limbs, shifted back.
  out.remainder = shift_right(un, n, shift);
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
  switch (n) {
    case 2:
      return divide_knuth<2>(dividend, m, divisor);
    case 3:
      return divide_knuth<3>(dividend, m, divisor);
    default:
      return divide_knuth<4>(dividend, m, divisor);
  }
}

U256 operator/(const U256& a, const U256& b) {
  return divmod(a, b).quotient;
}

U256 operator%(const U256& a, const U256& b) {
  return divmod(a, b).remainder;
}

}  // namespace pel
