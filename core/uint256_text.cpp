// U256 to and from text: hex quantities ("0x1f") and decimal.

#include "core/uint256.hpp"

namespace pel {

namespace {

__extension__ typedef unsigned __int128 uint128;

// The largest power of ten below 2^64: decimal text is handled 19 digits at a time.
constexpr uint64_t kDecimalChunk = 10'000'000'000'000'000'000ULL;
constexpr unsigned kDecimalChunkDigits = 19;

int hex_digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool has_hex_prefix(std::string_view text) {
  return text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
}

// x = x * factor + addend; true when the exact result does not fit in 256 bits.
bool multiply_add(U256& x, uint64_t factor, uint64_t addend) {
  uint64_t carry = addend;
  for (uint64_t& limb : x.limbs) {
    const uint128 t = uint128{limb} * factor + carry;
    limb = static_cast<uint64_t>(t);
    carry = static_cast<uint64_t>(t >> 64);
  }
  return carry != 0;
}

}  // namespace

Result<U256> U256::from_hex(std::string_view hex) {
  if (!has_hex_prefix(hex)) return make_error("hex quantity without 0x prefix");
  hex.remove_prefix(2);
  if (hex.empty()) return make_error("hex quantity without digits");
  if (hex.size() > 64) return make_error("hex quantity longer than 64 digits");
  U256 out;
  // Digits from the least significant end, four bits each.
  for (size_t i = 0; i < hex.size(); ++i) {
    const int value = hex_digit_value(hex[hex.size() - 1 - i]);
    if (value < 0) return make_error("invalid hex digit");
    out.limbs[i / 16] |= uint64_t(value) << (i % 16 * 4);
  }
  return out;
}

Result<U256> U256::from_dec(std::string_view dec) {
  if (dec.empty()) return make_error("empty decimal number");
  U256 out;
  // The first chunk takes the odd digits, so every later chunk has exactly 19.
  size_t chunk_size = dec.size() % kDecimalChunkDigits;
  if (chunk_size == 0) chunk_size = kDecimalChunkDigits;
  for (size_t start = 0; start < dec.size();
       start += chunk_size, chunk_size = kDecimalChunkDigits) {
    uint64_t chunk = 0;
    uint64_t scale = 1;
    for (size_t i = start; i < start + chunk_size; ++i) {
      const char c = dec[i];
      if (c < '0' || c > '9') return make_error("invalid decimal digit");
      chunk = chunk * 10 + uint64_t(c - '0');
      scale *= 10;
    }
    if (multiply_add(out, scale, chunk)) return make_error("decimal number above 2^256-1");
  }
  return out;
}

Result<U256> U256::from_string(std::string_view text) {
  return has_hex_prefix(text) ? from_hex(text) : from_dec(text);
}

std::string U256::to_hex() const {
  static constexpr char kDigits[] = "0123456789abcdef";
  const unsigned digits = is_zero() ? 1 : (bit_length() + 3) / 4;
  std::string out(2 + digits, '0');
  out[1] = 'x';
  for (unsigned i = 0; i < digits; ++i)
    out[out.size() - 1 - i] = kDigits[(limbs[i / 16] >> (i % 16 * 4)) & 0xf];
  return out;
}

std::string U256::to_dec() const {
  // 2^256 - 1 has 78 digits; fill from the right, one 19-digit chunk per division.
  char buffer[80];
  char* const end = buffer + sizeof buffer;
  char* first = end;
  U256 rest = *this;
  do {
    U256DivMod step = divmod(rest, kDecimalChunk);
    uint64_t chunk = step.remainder.low64();
    rest = step.quotient;
    // Inner chunks keep their leading zeros; the most significant one does not.
    const bool last = rest.is_zero();
    for (unsigned i = 0; i < kDecimalChunkDigits && (!last || chunk != 0 || i == 0); ++i) {
      *--first = char('0' + chunk % 10);
      chunk /= 10;
    }
  } while (!rest.is_zero());
  return std::string(first, end);
}

}  // namespace pel
