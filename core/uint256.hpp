#pragma once
// 256-bit unsigned integer with wrap-around (mod 2^256) arithmetic, as the
// EVM and Ethereum's balances use it. Four 64-bit limbs, least significant first.
//
// API CONTRACT (other modules code against this; the implementation may add to it):
//
// The operations the executor runs millions of times per block (construction,
// comparison, +, -, the checked add/sub, bitwise ops, shifts) are defined here,
// inline and constexpr; multiplication, division, exp and text conversion live
// in uint256.cpp, uint256_division.cpp and uint256_text.cpp.

#include <array>
#include <bit>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

#include "core/bytes.hpp"
#include "core/result.hpp"

// GCC does not turn the portable carry chains below into add/adc (sub/sbb); its
// carry intrinsics do. Clang compiles the portable form to the same code.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define PEL_U256_CARRY_INTRINSICS 1
#include <x86gprintrin.h>
#endif

namespace pel {

class U256 {
 public:
  std::array<uint64_t, 4> limbs{};  // limbs[0] is the least significant

  constexpr U256() = default;
  constexpr U256(uint64_t value) : limbs{value, 0, 0, 0} {}  // NOLINT: implicit by design
  constexpr U256(uint64_t l0, uint64_t l1, uint64_t l2, uint64_t l3) : limbs{l0, l1, l2, l3} {}

  static constexpr U256 max() { return U256(~0ULL, ~0ULL, ~0ULL, ~0ULL); }

  // Big-endian bytes; at most 32 (more is an error), fewer are left-padded with zeros.
  static Result<U256> from_be_bytes(BytesView bytes);
  // Exactly 32 big-endian bytes.
  void to_be_bytes(uint8_t out[32]) const;
  // Minimal big-endian bytes (empty for zero): the form RLP uses for integers.
  Bytes to_be_bytes_trimmed() const;

  // "0x"-prefixed hex (digits only, no sign); leading zeros allowed; at most 64 digits.
  // "0X" is accepted as the prefix too, and digits may be upper or lower case.
  static Result<U256> from_hex(std::string_view hex);
  // Decimal digits only; values above 2^256-1 are an error. Leading zeros are allowed.
  static Result<U256> from_dec(std::string_view dec);
  // "0x..." as hex, otherwise decimal (the form genesis files use).
  static Result<U256> from_string(std::string_view text);

  // Ethereum quantity form: "0x0", "0x1f", no leading zeros.
  std::string to_hex() const;
  std::string to_dec() const;

  constexpr bool is_zero() const { return (limbs[0] | limbs[1] | limbs[2] | limbs[3]) == 0; }
  constexpr bool fits_u64() const { return (limbs[1] | limbs[2] | limbs[3]) == 0; }
  constexpr uint64_t low64() const { return limbs[0]; }
  // Position of the highest set bit plus one; 0 for zero.
  constexpr unsigned bit_length() const {
    for (int i = 3; i >= 0; --i)
      if (limbs[i] != 0) return unsigned(i) * 64 + 64 - unsigned(std::countl_zero(limbs[i]));
    return 0;
  }

  friend constexpr bool operator==(const U256&, const U256&) = default;
  friend constexpr std::strong_ordering operator<=>(const U256& a, const U256& b) {
    for (int i = 3; i >= 0; --i)
      if (a.limbs[i] != b.limbs[i]) return a.limbs[i] <=> b.limbs[i];
    return std::strong_ordering::equal;
  }

  // Checked forms, like __builtin_add_overflow: out holds the wrapped result and the
  // return value is true when the exact result did not fit (or a < b for sub).
  // out may be the same object as a or b.
  friend constexpr bool add_overflow(const U256& a, const U256& b, U256& out) {
#if defined(PEL_U256_CARRY_INTRINSICS)
    if (!std::is_constant_evaluated()) {
      unsigned long long r0, r1, r2, r3;
      unsigned char carry = _addcarry_u64(0, a.limbs[0], b.limbs[0], &r0);
      carry = _addcarry_u64(carry, a.limbs[1], b.limbs[1], &r1);
      carry = _addcarry_u64(carry, a.limbs[2], b.limbs[2], &r2);
      carry = _addcarry_u64(carry, a.limbs[3], b.limbs[3], &r3);
      out.limbs = {r0, r1, r2, r3};
      return carry != 0;
    }
#endif
    U256 sum;
    uint64_t carry = 0;
    for (int i = 0; i < 4; ++i) {
      uint64_t partial = a.limbs[i] + b.limbs[i];
      uint64_t carry_out = partial < a.limbs[i];
      sum.limbs[i] = partial + carry;
      carry = carry_out | (sum.limbs[i] < partial);
    }
    out = sum;
    return carry != 0;
  }

  friend constexpr bool sub_underflow(const U256& a, const U256& b, U256& out) {
#if defined(PEL_U256_CARRY_INTRINSICS)
    if (!std::is_constant_evaluated()) {
      unsigned long long r0, r1, r2, r3;
      unsigned char borrow = _subborrow_u64(0, a.limbs[0], b.limbs[0], &r0);
      borrow = _subborrow_u64(borrow, a.limbs[1], b.limbs[1], &r1);
      borrow = _subborrow_u64(borrow, a.limbs[2], b.limbs[2], &r2);
      borrow = _subborrow_u64(borrow, a.limbs[3], b.limbs[3], &r3);
      out.limbs = {r0, r1, r2, r3};
      return borrow != 0;
    }
#endif
    U256 diff;
    uint64_t borrow = 0;
    for (int i = 0; i < 4; ++i) {
      uint64_t partial = a.limbs[i] - b.limbs[i];
      uint64_t borrow_out = a.limbs[i] < b.limbs[i];
      diff.limbs[i] = partial - borrow;
      borrow = borrow_out | (partial < borrow);
    }
    out = diff;
    return borrow != 0;
  }

  friend bool mul_overflow(const U256& a, const U256& b, U256& out);

  // Arithmetic wraps mod 2^256. Division and remainder by zero give zero (EVM semantics).
  friend constexpr U256 operator+(const U256& a, const U256& b) {
    U256 out;
    add_overflow(a, b, out);
    return out;
  }
  friend constexpr U256 operator-(const U256& a, const U256& b) {
    U256 out;
    sub_underflow(a, b, out);
    return out;
  }
  friend U256 operator*(const U256& a, const U256& b);
  friend U256 operator/(const U256& a, const U256& b);
  friend U256 operator%(const U256& a, const U256& b);

  // Shifts by 256 or more give zero.
  friend constexpr U256 operator<<(const U256& a, unsigned shift) {
    if (shift >= 256) return U256();
    const unsigned limb_shift = shift / 64;
    const unsigned bit_shift = shift % 64;
    U256 out;
    for (unsigned i = limb_shift; i < 4; ++i) {
      out.limbs[i] = a.limbs[i - limb_shift] << bit_shift;
      // bit_shift == 0 is excluded: a 64-bit shift is undefined.
      if (bit_shift != 0 && i > limb_shift)
        out.limbs[i] |= a.limbs[i - limb_shift - 1] >> (64 - bit_shift);
    }
    return out;
  }
  friend constexpr U256 operator>>(const U256& a, unsigned shift) {
    if (shift >= 256) return U256();
    const unsigned limb_shift = shift / 64;
    const unsigned bit_shift = shift % 64;
    U256 out;
    for (unsigned i = 0; i + limb_shift < 4; ++i) {
      out.limbs[i] = a.limbs[i + limb_shift] >> bit_shift;
      if (bit_shift != 0 && i + limb_shift + 1 < 4)
        out.limbs[i] |= a.limbs[i + limb_shift + 1] << (64 - bit_shift);
    }
    return out;
  }

  friend constexpr U256 operator&(const U256& a, const U256& b) {
    return U256(a.limbs[0] & b.limbs[0], a.limbs[1] & b.limbs[1], a.limbs[2] & b.limbs[2],
                a.limbs[3] & b.limbs[3]);
  }
  friend constexpr U256 operator|(const U256& a, const U256& b) {
    return U256(a.limbs[0] | b.limbs[0], a.limbs[1] | b.limbs[1], a.limbs[2] | b.limbs[2],
                a.limbs[3] | b.limbs[3]);
  }
  friend constexpr U256 operator^(const U256& a, const U256& b) {
    return U256(a.limbs[0] ^ b.limbs[0], a.limbs[1] ^ b.limbs[1], a.limbs[2] ^ b.limbs[2],
                a.limbs[3] ^ b.limbs[3]);
  }
  friend constexpr U256 operator~(const U256& a) {
    return U256(~a.limbs[0], ~a.limbs[1], ~a.limbs[2], ~a.limbs[3]);
  }

  constexpr U256& operator+=(const U256& b) {
    return *this = *this + b;
  }
  constexpr U256& operator-=(const U256& b) {
    return *this = *this - b;
  }
  U256& operator*=(const U256& b) {
    return *this = *this * b;
  }
  U256& operator/=(const U256& b) {
    return *this = *this / b;
  }
  U256& operator%=(const U256& b) {
    return *this = *this % b;
  }
  constexpr U256& operator<<=(unsigned shift) {
    return *this = *this << shift;
  }
  constexpr U256& operator>>=(unsigned shift) {
    return *this = *this >> shift;
  }
  constexpr U256& operator&=(const U256& b) {
    return *this = *this & b;
  }
  constexpr U256& operator|=(const U256& b) {
    return *this = *this | b;
  }
  constexpr U256& operator^=(const U256& b) {
    return *this = *this ^ b;
  }
};

// Quotient and remainder of one division, for callers that need both (one division
// instead of two). A zero divisor gives zero for both.
struct U256DivMod {
  U256 quotient;
  U256 remainder;
};
U256DivMod divmod(const U256& dividend, const U256& divisor);

// base^exponent mod 2^256.
U256 exp(U256 base, U256 exponent);

}  // namespace pel
