// Fixed cases for U256: edge values of every operation, text parsing and its
// rejections, byte conversions, and the constexpr paths. The random
// differential tests against GMP are in uint256_gmp_test.cpp.

#include "core/uint256.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pel {
namespace {

constexpr U256 kMax = U256::max();
constexpr U256 kTwoTo64(0, 1, 0, 0);
constexpr U256 kTwoTo128(0, 0, 1, 0);
const char* const kMaxDec =
    "115792089237316195423570985008687907853269984665640564039457584007913129639935";
const char* const kTwoTo256Dec =
    "115792089237316195423570985008687907853269984665640564039457584007913129639936";

// The inline operations are constexpr; these run the portable code paths that
// the compiler uses at compile time (at run time x86-64 uses carry intrinsics).
static_assert(kMax + 1 == U256());
static_assert(U256() - 1 == kMax);
static_assert(U256(~0ULL) + 1 == kTwoTo64);
static_assert(kTwoTo128 - 1 == U256(~0ULL, ~0ULL, 0, 0));
static_assert([] {
  U256 out;
  return add_overflow(kMax, 1, out) && out.is_zero() && !add_overflow(kMax, 0, out);
}());
static_assert([] {
  U256 out;
  return sub_underflow(0, 1, out) && out == kMax && !sub_underflow(kTwoTo64, 1, out);
}());
static_assert((U256(1) << 64) == kTwoTo64 && (kTwoTo128 >> 64) == kTwoTo64);
static_assert((kMax << 256).is_zero() && (kMax >> 1000).is_zero());
static_assert((U256(0xf0) & U256(0x3c)) == 0x30 && (U256(0xf0) | U256(0x0f)) == 0xff);
static_assert((U256(0xff) ^ U256(0x0f)) == 0xf0 && ~U256() == kMax);
static_assert(U256().bit_length() == 0 && kMax.bit_length() == 256 && kTwoTo64.bit_length() == 65);
static_assert(U256(1, 0, 0, 0) < U256(0, 1, 0, 0) &&
              U256(0, 0, 0, 1) > U256(~0ULL, ~0ULL, ~0ULL, 0));

U256 parse(std::string_view text) {
  auto result = U256::from_string(text);
  EXPECT_TRUE(result.ok()) << text;
  return result.ok() ? *result : U256();
}

TEST(U256, WrapsAtBothEnds) {
  EXPECT_EQ(kMax + 1, U256());
  EXPECT_EQ(U256() - 1, kMax);
  EXPECT_EQ(kMax * kMax, U256(1));
  EXPECT_EQ(kTwoTo128 * kTwoTo128, U256());
  U256 out;
  EXPECT_TRUE(mul_overflow(kTwoTo128, kTwoTo128, out));
  EXPECT_TRUE(out.is_zero());
  EXPECT_FALSE(mul_overflow(kTwoTo128, U256(~0ULL, ~0ULL, 0, 0), out));
  EXPECT_EQ(out, U256(0, 0, ~0ULL, ~0ULL));
  EXPECT_TRUE(mul_overflow(kTwoTo128, kTwoTo128 + 1, out));
  EXPECT_FALSE(mul_overflow(kMax, 1, out));
  EXPECT_EQ(out, kMax);
  EXPECT_FALSE(mul_overflow(kMax, 0, out));
  EXPECT_TRUE(out.is_zero());
}

TEST(U256, DivisionAndRemainderByZeroAreZero) {
  for (const U256& a : {U256(), U256(1), kTwoTo64, kMax}) {
    EXPECT_EQ(a / U256(), U256());
    EXPECT_EQ(a % U256(), U256());
    const U256DivMod both = divmod(a, U256());
    EXPECT_EQ(both.quotient, U256());
    EXPECT_EQ(both.remainder, U256());
  }
}

TEST(U256, DivisionEdgeCases) {
  EXPECT_EQ(kMax / kMax, U256(1));
  EXPECT_EQ(kMax % kMax, U256());
  EXPECT_EQ(kMax / 1, kMax);
  EXPECT_EQ(kMax / 2, kMax >> 1);
  EXPECT_EQ(kMax % 2, U256(1));
  EXPECT_EQ(U256(7) / kMax, U256());
  EXPECT_EQ(U256(7) % kMax, U256(7));
  EXPECT_EQ(kMax / kTwoTo64, kMax >> 64);
  EXPECT_EQ(kMax % kTwoTo64, U256(~0ULL));
  EXPECT_EQ(kMax / kTwoTo128, kMax >> 128);
  EXPECT_EQ(kMax % (kTwoTo128 - 1), U256());  // 2^256-1 = (2^128-1)(2^128+1)
  EXPECT_EQ(kMax / (kTwoTo128 + 1), kTwoTo128 - 1);
  EXPECT_EQ(parse("1000000000000000000000000000000") / parse("1000000000000000000"),
            parse("1000000000000"));
  // A corner of Knuth's algorithm D from Hacker's Delight's divmnu test vectors,
  // scaled to 64-bit digits: the estimate 2^64-1 survives the two-limb test
  // (the second divisor limb is 0), so the add-back step D6 runs.
  const U256 u(0, 0, 1ULL << 63, (1ULL << 63) - 1);
  const U256 v(1, 0, 1ULL << 63, 0);
  const U256DivMod result = divmod(u, v);
  EXPECT_EQ(result.quotient, U256(~0ULL - 1));
  EXPECT_EQ(result.remainder, U256(2, ~0ULL, (1ULL << 63) - 1, 0));
  EXPECT_EQ(result.quotient * v + result.remainder, u);
}

TEST(U256, ShiftsByEdgeAmounts) {
  const U256 x(0x0123456789abcdefULL, 0xfedcba9876543210ULL, 0x1111111111111111ULL,
               0x8000000000000001ULL);
  EXPECT_EQ(x << 0, x);
  EXPECT_EQ(x >> 0, x);
  EXPECT_EQ(U256(1) << 63, U256(1ULL << 63));
  EXPECT_EQ(U256(1) << 64, kTwoTo64);
  EXPECT_EQ(U256(1) << 255, U256(0, 0, 0, 1ULL << 63));
  EXPECT_EQ(kMax << 63, U256(~0ULL << 63, ~0ULL, ~0ULL, ~0ULL));
  EXPECT_EQ(kMax >> 63, U256(~0ULL, ~0ULL, ~0ULL, 1));
  EXPECT_EQ(x << 64, U256(0, x.limbs[0], x.limbs[1], x.limbs[2]));
  EXPECT_EQ(x >> 64, U256(x.limbs[1], x.limbs[2], x.limbs[3], 0));
  EXPECT_EQ(kMax >> 255, U256(1));
  EXPECT_EQ(x >> 255, U256(1));
  EXPECT_EQ(x << 255, U256(0, 0, 0, 1ULL << 63));
  for (unsigned shift : {256u, 257u, 1000u, ~0u}) {
    EXPECT_EQ(kMax << shift, U256()) << shift;
    EXPECT_EQ(kMax >> shift, U256()) << shift;
  }
}

TEST(U256, ExpEdgeCases) {
  EXPECT_EQ(exp(0, 0), U256(1));  // the EVM's 0^0
  EXPECT_EQ(exp(0, 5), U256());
  EXPECT_EQ(exp(kMax, 0), U256(1));
  EXPECT_EQ(exp(kMax, 1), kMax);
  EXPECT_EQ(exp(kMax, 2), U256(1));
  EXPECT_EQ(exp(kMax, kMax), kMax);  // (-1)^odd
  EXPECT_EQ(exp(2, 255), U256(1) << 255);
  EXPECT_EQ(exp(2, 256), U256());
  EXPECT_EQ(exp(10, 18), U256(1'000'000'000'000'000'000ULL));
  // Odd numbers have multiplicative order dividing 2^254 mod 2^256, so 3^(2^256) == 1
  // and 3^(2^256-1) is the inverse of 3; this also runs the longest exponent.
  EXPECT_EQ(exp(3, kMax) * 3, U256(1));
}

TEST(U256, BitLength) {
  EXPECT_EQ(U256().bit_length(), 0u);
  EXPECT_EQ(U256(1).bit_length(), 1u);
  EXPECT_EQ(U256(~0ULL).bit_length(), 64u);
  EXPECT_EQ(kTwoTo64.bit_length(), 65u);
  EXPECT_EQ(kTwoTo128.bit_length(), 129u);
  EXPECT_EQ(kMax.bit_length(), 256u);
}

TEST(U256, ToHexIsTheEthereumQuantityForm) {
  EXPECT_EQ(U256().to_hex(), "0x0");
  EXPECT_EQ(U256(1).to_hex(), "0x1");
  EXPECT_EQ(U256(0x1f).to_hex(), "0x1f");
  EXPECT_EQ(U256(0x400).to_hex(), "0x400");
  EXPECT_EQ(kTwoTo64.to_hex(), "0x10000000000000000");
  EXPECT_EQ(kMax.to_hex(), "0x" + std::string(64, 'f'));
}

TEST(U256, ToDec) {
  EXPECT_EQ(U256().to_dec(), "0");
  EXPECT_EQ(U256(7).to_dec(), "7");
  EXPECT_EQ(U256(10'000'000'000'000'000'000ULL).to_dec(), "10000000000000000000");
  EXPECT_EQ(U256(~0ULL).to_dec(), "18446744073709551615");
  EXPECT_EQ(kTwoTo64.to_dec(), "18446744073709551616");
  EXPECT_EQ((U256(10'000'000'000'000'000'000ULL) * U256(10'000'000'000'000'000'000ULL)).to_dec(),
            "1" + std::string(38, '0'));
  EXPECT_EQ(kMax.to_dec(), kMaxDec);
}

TEST(U256, FromHexAccepts) {
  EXPECT_EQ(*U256::from_hex("0x0"), U256());
  EXPECT_EQ(*U256::from_hex("0x00"), U256());
  EXPECT_EQ(*U256::from_hex("0x1F"), U256(0x1f));
  EXPECT_EQ(*U256::from_hex("0X1f"), U256(0x1f));
  EXPECT_EQ(*U256::from_hex("0x0001"), U256(1));
  EXPECT_EQ(*U256::from_hex("0x10000000000000000"), kTwoTo64);
  EXPECT_EQ(*U256::from_hex("0x" + std::string(64, 'f')), kMax);
  EXPECT_EQ(*U256::from_hex("0x" + std::string(63, '0') + "1"), U256(1));
}

TEST(U256, FromHexRejects) {
  for (const std::string& text : std::vector<std::string>{"",
                                                          "0",
                                                          "1f",
                                                          "x1f",
                                                          "0x",
                                                          "0X",
                                                          "-0x1",
                                                          "+0x1",
                                                          "0x-1",
                                                          "0x+1",
                                                          " 0x1",
                                                          "0x1 ",
                                                          "0x 1",
                                                          "0x1g",
                                                          "0xg",
                                                          "0x1.0",
                                                          "0x_1",
                                                          "0x0x1",
                                                          "0x" + std::string(65, '0'),
                                                          "0x1" + std::string(64, '0'),
                                                          std::string("0x1\0", 4)}) {
    EXPECT_FALSE(U256::from_hex(text).ok()) << '"' << text << '"';
  }
}

TEST(U256, FromDecAccepts) {
  EXPECT_EQ(*U256::from_dec("0"), U256());
  EXPECT_EQ(*U256::from_dec("000"), U256());
  EXPECT_EQ(*U256::from_dec("42"), U256(42));
  EXPECT_EQ(*U256::from_dec("0042"), U256(42));
  EXPECT_EQ(*U256::from_dec("18446744073709551616"), kTwoTo64);
  EXPECT_EQ(*U256::from_dec(kMaxDec), kMax);
  EXPECT_EQ(*U256::from_dec(std::string(100, '0') + kMaxDec), kMax);
}

TEST(U256, FromDecRejects) {
  for (const std::string& text : std::vector<std::string>{
           "", "-1", "+1", "-0", " 1", "1 ", "1 000", "\t1", "1\n", "0x1", "1f", "1.5", "1e3",
           "1_000", "1,000", kTwoTo256Dec, std::string(kMaxDec) + "0", "1" + std::string(100, '0'),
           std::string("1\0", 2)}) {
    EXPECT_FALSE(U256::from_dec(text).ok()) << '"' << text << '"';
  }
  // Just above the maximum in its last digit and in its first.
  std::string last_digit_up = kMaxDec;
  last_digit_up.back() = '6';
  EXPECT_FALSE(U256::from_dec(last_digit_up).ok());
  std::string first_digit_up = kMaxDec;
  first_digit_up.front() = '2';
  EXPECT_FALSE(U256::from_dec(first_digit_up).ok());
}

TEST(U256, FromStringChoosesTheBaseByPrefix) {
  EXPECT_EQ(parse("0x10"), U256(16));
  EXPECT_EQ(parse("0X10"), U256(16));
  EXPECT_EQ(parse("10"), U256(10));
  EXPECT_EQ(parse("0"), U256());
  EXPECT_EQ(parse("010"), U256(10));  // a leading zero is not an octal prefix
  for (const char* text : {"", "0x", "-1", "-0x1", "0xz", "1a", " 0x1", "0x1 "})
    EXPECT_FALSE(U256::from_string(text).ok()) << '"' << text << '"';
}

TEST(U256, ErrorsSayWhatIsWrong) {
  EXPECT_EQ(U256::from_hex("0x").error().message, "hex quantity without digits");
  EXPECT_EQ(U256::from_hex("12").error().message, "hex quantity without 0x prefix");
  EXPECT_EQ(U256::from_dec(kTwoTo256Dec).error().message, "decimal number above 2^256-1");
}

TEST(U256, BigEndianBytes) {
  const U256 x = parse("0x0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20");
  uint8_t bytes[32];
  x.to_be_bytes(bytes);
  for (int i = 0; i < 32; ++i) EXPECT_EQ(bytes[i], i + 1);
  EXPECT_EQ(*U256::from_be_bytes(BytesView(bytes, 32)), x);
  EXPECT_EQ(U256(0x1234).to_be_bytes_trimmed(), (Bytes{0x12, 0x34}));
  EXPECT_TRUE(U256().to_be_bytes_trimmed().empty());
  const Bytes too_long(33, 0);
  EXPECT_FALSE(U256::from_be_bytes(too_long).ok());
}

}  // namespace
}  // namespace pel
