#pragma once
// 256-bit unsigned integer with wrap-around (mod 2^256) arithmetic, as the
// EVM and Ethereum's balances use it. Four 64-bit limbs, least significant first.
//
// API CONTRACT (other modules code against this; the implementation may add to it):

#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/bytes.hpp"
#include "core/result.hpp"

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
  static Result<U256> from_hex(std::string_view hex);
  // Decimal digits only; values above 2^256-1 are an error.
  static Result<U256> from_dec(std::string_view dec);
  // "0x..." as hex, otherwise decimal (the form genesis files use).
  static Result<U256> from_string(std::string_view text);

  // Ethereum quantity form: "0x0", "0x1f", no leading zeros.
  std::string to_hex() const;
  std::string to_dec() const;

  constexpr bool is_zero() const { return (limbs[0] | limbs[1] | limbs[2] | limbs[3]) == 0; }
  constexpr bool fits_u64() const { return (limbs[1] | limbs[2] | limbs[3]) == 0; }
  constexpr uint64_t low64() const { return limbs[0]; }
  unsigned bit_length() const;

  friend constexpr bool operator==(const U256&, const U256&) = default;
  friend constexpr std::strong_ordering operator<=>(const U256& a, const U256& b) {
    for (int i = 3; i >= 0; --i)
      if (a.limbs[i] != b.limbs[i]) return a.limbs[i] <=> b.limbs[i];
    return std::strong_ordering::equal;
  }

  // Arithmetic wraps mod 2^256. Division and remainder by zero give zero (EVM semantics).
  friend U256 operator+(const U256& a, const U256& b);
  friend U256 operator-(const U256& a, const U256& b);
  friend U256 operator*(const U256& a, const U256& b);
  friend U256 operator/(const U256& a, const U256& b);
  friend U256 operator%(const U256& a, const U256& b);
  friend U256 operator<<(const U256& a, unsigned shift);
  friend U256 operator>>(const U256& a, unsigned shift);
  friend U256 operator&(const U256& a, const U256& b);
  friend U256 operator|(const U256& a, const U256& b);
  friend U256 operator^(const U256& a, const U256& b);
  friend U256 operator~(const U256& a);
  U256& operator+=(const U256& b) { return *this = *this + b; }
  U256& operator-=(const U256& b) { return *this = *this - b; }
  U256& operator*=(const U256& b) { return *this = *this * b; }

  // Checked forms, like __builtin_add_overflow: out holds the wrapped result and the
  // return value is true when the exact result did not fit (or a < b for sub).
  friend bool add_overflow(const U256& a, const U256& b, U256& out);
  friend bool sub_underflow(const U256& a, const U256& b, U256& out);
  friend bool mul_overflow(const U256& a, const U256& b, U256& out);
};

// base^exponent mod 2^256.
U256 exp(U256 base, U256 exponent);

}  // namespace pel
