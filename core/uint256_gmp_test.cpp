// Differential tests: every U256 operation against GMP's arbitrary-precision
// integers reduced mod 2^256, on random operands of every size from 0 to 256
// bits plus the values where carries and normalisation go wrong (limb
// boundaries, powers of two, all-ones limbs). The seed is fixed so that a
// failure reproduces; the failing operands are printed in hex.

#include <gmp.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "core/uint256.hpp"

namespace pel {
namespace {

constexpr int kCases = 20'000;

// RAII owner of one mpz_t.
class Mpz {
 public:
  Mpz() { mpz_init(value_); }
  explicit Mpz(const U256& x) {
    mpz_init(value_);
    mpz_import(value_, 4, -1, sizeof(uint64_t), 0, 0, x.limbs.data());
  }
  Mpz(const Mpz&) = delete;
  Mpz& operator=(const Mpz&) = delete;
  ~Mpz() { mpz_clear(value_); }

  mpz_ptr get() { return value_; }
  mpz_srcptr get() const { return value_; }

  // The value mod 2^256 (GMP's floor remainder is never negative).
  U256 to_u256_wrapped() const {
    Mpz reduced;
    mpz_fdiv_r_2exp(reduced.get(), value_, 256);
    U256 out;
    size_t count = 0;
    mpz_export(out.limbs.data(), &count, -1, sizeof(uint64_t), 0, 0, reduced.get());
    return out;
  }
  // True when the exact value lies outside [0, 2^256).
  bool out_of_range() const { return mpz_sgn(value_) < 0 || mpz_sizeinbase(value_, 2) > 256; }

  std::string str(int base) const {
    char* text = mpz_get_str(nullptr, base, value_);
    std::string out(text);
    void (*free_function)(void*, size_t);
    mp_get_memory_functions(nullptr, nullptr, &free_function);
    free_function(text, out.size() + 1);
    return out;
  }

 private:
  mpz_t value_;
};

// Random operands that are mostly uniform over bit lengths 0..256, with a share
// of structured values that exercise carries, borrows and division corner cases.
class OperandSource {
 public:
  explicit OperandSource(uint64_t seed) : rng_(seed) {}

  uint64_t word() { return rng_(); }
  unsigned below(unsigned bound) { return unsigned(rng_() % bound); }

  U256 value() {
    switch (below(8)) {
      case 0:
        return near_boundary();
      case 1:
        return patterned_limbs();
      default:
        return with_bit_length(below(257));
    }
  }

  // A uniformly random value whose highest set bit is bits - 1 (zero for 0 bits).
  U256 with_bit_length(unsigned bits) {
    if (bits == 0) return U256();
    U256 x(word(), word(), word(), word());
    x = bits == 256 ? x : x & ((U256(1) << bits) - 1);
    return x | (U256(1) << (bits - 1));
  }

  // 2^k plus or minus a small amount, wrapping: 2^64 - 1, 2^128 + 2, 2^256 - 1 (from
  // k = 256, where 1 << 256 is 0), ...
  U256 near_boundary() {
    static constexpr unsigned kBoundaries[] = {0,   1,   32,  63,  64,  65, 127,
                                               128, 129, 191, 192, 255, 256};
    const bool any_power = below(2) == 0;
    const unsigned k = any_power ? below(256) : kBoundaries[below(std::size(kBoundaries))];
    const U256 base = U256(1) << k;
    const U256 delta = below(4);
    return below(2) == 0 ? base + delta : base - delta;
  }

  // Limbs from the values that break carry chains and Knuth's quotient estimate.
  U256 patterned_limbs() {
    static constexpr uint64_t kLimbs[] = {0,
                                          1,
                                          2,
                                          ~uint64_t{0},
                                          ~uint64_t{0} - 1,
                                          uint64_t{1} << 63,
                                          (uint64_t{1} << 63) - 1,
                                          (uint64_t{1} << 63) + 1,
                                          uint64_t{1} << 32,
                                          0xffffffff};
    U256 x;
    for (uint64_t& limb : x.limbs) limb = below(4) == 0 ? word() : kLimbs[below(std::size(kLimbs))];
    return x;
  }

 private:
  std::mt19937_64 rng_;
};

std::string describe(const U256& a, const U256& b) {
  return a.to_hex() + ", " + b.to_hex();
}

// Runs check(a, b) on kCases operand pairs from a fixed seed.
template <class Check>
void for_random_pairs(uint64_t seed, Check check) {
  OperandSource source(seed);
  for (int i = 0; i < kCases; ++i) {
    const U256 a = source.value();
    const U256 b = source.value();
    check(a, b);
    if (::testing::Test::HasFailure()) return;  // one failing case is enough to read
  }
}

TEST(U256Gmp, AddAndAddOverflow) {
  for_random_pairs(1, [](const U256& a, const U256& b) {
    Mpz expected;
    mpz_add(expected.get(), Mpz(a).get(), Mpz(b).get());
    U256 checked;
    const bool overflow = add_overflow(a, b, checked);
    ASSERT_EQ(a + b, expected.to_u256_wrapped()) << describe(a, b);
    ASSERT_EQ(checked, expected.to_u256_wrapped()) << describe(a, b);
    ASSERT_EQ(overflow, expected.out_of_range()) << describe(a, b);
    U256 accumulated = a;
    accumulated += b;
    ASSERT_EQ(accumulated, a + b);
  });
}

TEST(U256Gmp, SubAndSubUnderflow) {
  for_random_pairs(2, [](const U256& a, const U256& b) {
    Mpz expected;
    mpz_sub(expected.get(), Mpz(a).get(), Mpz(b).get());
    U256 checked;
    const bool underflow = sub_underflow(a, b, checked);
    ASSERT_EQ(a - b, expected.to_u256_wrapped()) << describe(a, b);
    ASSERT_EQ(checked, expected.to_u256_wrapped()) << describe(a, b);
    ASSERT_EQ(underflow, expected.out_of_range()) << describe(a, b);
    ASSERT_EQ(underflow, a < b) << describe(a, b);
    U256 accumulated = a;
    accumulated -= b;
    ASSERT_EQ(accumulated, a - b);
  });
}

TEST(U256Gmp, CheckedFormsAcceptTheirOutputAsAnOperand) {
  for_random_pairs(3, [](const U256& a, const U256& b) {
    U256 sum = a;
    const bool add_flag = add_overflow(sum, b, sum);
    U256 expected_sum;
    ASSERT_EQ(add_flag, add_overflow(a, b, expected_sum));
    ASSERT_EQ(sum, expected_sum) << describe(a, b);
    U256 diff = b;
    const bool sub_flag = sub_underflow(a, diff, diff);
    U256 expected_diff;
    ASSERT_EQ(sub_flag, sub_underflow(a, b, expected_diff));
    ASSERT_EQ(diff, expected_diff) << describe(a, b);
    U256 product = a;
    const bool mul_flag = mul_overflow(product, b, product);
    U256 expected_product;
    ASSERT_EQ(mul_flag, mul_overflow(a, b, expected_product));
    ASSERT_EQ(product, expected_product) << describe(a, b);
  });
}

TEST(U256Gmp, MulAndMulOverflow) {
  for_random_pairs(4, [](const U256& a, const U256& b) {
    Mpz expected;
    mpz_mul(expected.get(), Mpz(a).get(), Mpz(b).get());
    U256 checked;
    const bool overflow = mul_overflow(a, b, checked);
    ASSERT_EQ(a * b, expected.to_u256_wrapped()) << describe(a, b);
    ASSERT_EQ(checked, expected.to_u256_wrapped()) << describe(a, b);
    ASSERT_EQ(overflow, expected.out_of_range()) << describe(a, b);
  });
}

void expect_division_matches_gmp(const U256& a, const U256& b) {
  const U256DivMod result = divmod(a, b);
  if (b.is_zero()) {
    ASSERT_EQ(result.quotient, U256());
    ASSERT_EQ(result.remainder, U256());
  } else {
    Mpz quotient;
    Mpz remainder;
    mpz_tdiv_qr(quotient.get(), remainder.get(), Mpz(a).get(), Mpz(b).get());
    ASSERT_EQ(result.quotient, quotient.to_u256_wrapped()) << describe(a, b);
    ASSERT_EQ(result.remainder, remainder.to_u256_wrapped()) << describe(a, b);
  }
  ASSERT_EQ(a / b, result.quotient) << describe(a, b);
  ASSERT_EQ(a % b, result.remainder) << describe(a, b);
}

TEST(U256Gmp, DivAndMod) {
  OperandSource source(5);
  for (int i = 0; i < 5 * kCases; ++i) {
    // Independent sizes, so that every (dividend limbs, divisor limbs) shape occurs,
    // with dividends at least as long as divisors more often than not.
    const U256 a = source.value();
    const U256 b = source.below(3) == 0 ? source.value() : source.value() >> source.below(256);
    expect_division_matches_gmp(a, b);
    if (::testing::Test::HasFailure()) return;
  }
}

TEST(U256Gmp, DivisionWhereTheQuotientEstimateIsTooLarge) {
  // Dividends built as q * v + r with a divisor whose top limb is just above a
  // power of two and a second limb near all ones: the shapes for which Knuth's
  // estimate q_hat overshoots and the add-back step runs.
  OperandSource source(6);
  for (int i = 0; i < kCases; ++i) {
    const unsigned divisor_limbs = 2 + source.below(3);
    U256 v;
    for (unsigned limb = 0; limb < divisor_limbs; ++limb)
      v.limbs[limb] = source.patterned_limbs().limbs[0];
    v.limbs[divisor_limbs - 1] |= source.below(2) == 0 ? uint64_t{1} << 63 : 1;
    const U256 q = source.patterned_limbs() >> (64 * (divisor_limbs - 1));
    const U256 r = source.value() % v;
    const U256 a = q * v + r;
    expect_division_matches_gmp(a, v);
    if (::testing::Test::HasFailure()) return;
  }
}

TEST(U256Gmp, DivisionWhereTheRemainderRepeatsTheDivisorsTopLimbs) {
  // A three-limb normalised divisor (d2, d1, d0) and a dividend whose second
  // quotient step starts from a remainder (d2, d1, r) with r < d0: the top two
  // limbs equal the divisor's, so the 3-by-2 step cannot be used and the
  // quotient limb is 2^64 - 1. (With two or four divisor limbs this cannot occur.)
  OperandSource source(13);
  for (int i = 0; i < kCases; ++i) {
    const U256 pattern = source.patterned_limbs();
    const uint64_t d0 = source.word() | 1;
    const uint64_t d1 = pattern.limbs[1];
    const uint64_t d2 = pattern.limbs[2] | uint64_t{1} << 63;
    const uint64_t r = source.below(2) == 0 ? d0 - 1 : source.word() % d0;
    const U256 divisor(d0, d1, d2, 0);
    const U256 dividend(pattern.limbs[0], r, d1, d2);
    expect_division_matches_gmp(dividend, divisor);
    if (::testing::Test::HasFailure()) return;
  }
}

TEST(U256Gmp, Exp) {
  OperandSource source(7);
  Mpz modulus;
  mpz_setbit(modulus.get(), 256);
  for (int i = 0; i < kCases; ++i) {
    const U256 base = source.value();
    // Small exponents too, where the result often does not wrap.
    const U256 exponent = source.below(2) == 0 ? source.value() : U256(source.below(300));
    Mpz expected;
    mpz_powm(expected.get(), Mpz(base).get(), Mpz(exponent).get(), modulus.get());
    ASSERT_EQ(exp(base, exponent), expected.to_u256_wrapped()) << describe(base, exponent);
  }
}

TEST(U256Gmp, Shifts) {
  OperandSource source(8);
  for (int i = 0; i < kCases; ++i) {
    const U256 a = source.value();
    const unsigned shift = source.below(4) == 0 ? source.below(2000) : source.below(300);
    Mpz left;
    mpz_mul_2exp(left.get(), Mpz(a).get(), shift);
    Mpz right;
    mpz_fdiv_q_2exp(right.get(), Mpz(a).get(), shift);
    ASSERT_EQ(a << shift, left.to_u256_wrapped()) << a.to_hex() << " << " << shift;
    ASSERT_EQ(a >> shift, right.to_u256_wrapped()) << a.to_hex() << " >> " << shift;
    U256 shifted = a;
    shifted <<= shift;
    ASSERT_EQ(shifted, a << shift);
    shifted = a;
    shifted >>= shift;
    ASSERT_EQ(shifted, a >> shift);
  }
}

TEST(U256Gmp, BitwiseOps) {
  const Mpz all_ones(U256::max());
  for_random_pairs(9, [&](const U256& a, const U256& b) {
    Mpz expected_and, expected_or, expected_xor, expected_not;
    mpz_and(expected_and.get(), Mpz(a).get(), Mpz(b).get());
    mpz_ior(expected_or.get(), Mpz(a).get(), Mpz(b).get());
    mpz_xor(expected_xor.get(), Mpz(a).get(), Mpz(b).get());
    mpz_xor(expected_not.get(), Mpz(a).get(), all_ones.get());
    ASSERT_EQ(a & b, expected_and.to_u256_wrapped()) << describe(a, b);
    ASSERT_EQ(a | b, expected_or.to_u256_wrapped()) << describe(a, b);
    ASSERT_EQ(a ^ b, expected_xor.to_u256_wrapped()) << describe(a, b);
    ASSERT_EQ(~a, expected_not.to_u256_wrapped()) << a.to_hex();
  });
}

TEST(U256Gmp, ComparisonsAndBitLength) {
  for_random_pairs(10, [](const U256& a, const U256& b) {
    const int expected = mpz_cmp(Mpz(a).get(), Mpz(b).get());
    ASSERT_EQ(a < b, expected < 0) << describe(a, b);
    ASSERT_EQ(a == b, expected == 0) << describe(a, b);
    ASSERT_EQ(a > b, expected > 0) << describe(a, b);
    ASSERT_EQ(a.bit_length(), a.is_zero() ? 0 : mpz_sizeinbase(Mpz(a).get(), 2)) << a.to_hex();
  });
}

TEST(U256Gmp, TextRoundTrips) {
  OperandSource source(11);
  for (int i = 0; i < kCases; ++i) {
    const U256 a = source.value();
    const Mpz expected(a);
    const std::string hex = a.to_hex();
    const std::string dec = a.to_dec();
    ASSERT_EQ(hex, "0x" + expected.str(16));
    ASSERT_EQ(dec, expected.str(10));
    auto from_hex = U256::from_hex(hex);
    ASSERT_TRUE(from_hex.ok()) << hex;
    ASSERT_EQ(*from_hex, a) << hex;
    auto from_dec = U256::from_dec(dec);
    ASSERT_TRUE(from_dec.ok()) << dec;
    ASSERT_EQ(*from_dec, a) << dec;
    ASSERT_EQ(*U256::from_string(hex), a) << hex;
    ASSERT_EQ(*U256::from_string(dec), a) << dec;
  }
}

TEST(U256Gmp, FromDecRejectsEveryValueAbove2To256Minus1) {
  OperandSource source(12);
  Mpz limit;
  mpz_setbit(limit.get(), 256);
  for (int i = 0; i < kCases / 2; ++i) {
    // 2^256 + x for x of any size, and products that reach far past 2^256.
    Mpz too_large;
    mpz_add(too_large.get(), limit.get(), Mpz(source.value()).get());
    if (source.below(2) == 0)
      mpz_mul(too_large.get(), too_large.get(), Mpz(source.value() | 1).get());
    const std::string text = too_large.str(10);
    ASSERT_FALSE(U256::from_dec(text).ok()) << text;
  }
}

}  // namespace
}  // namespace pel
