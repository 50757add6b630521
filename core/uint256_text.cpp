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

constexpr char kDigitPairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

// Writes value as exactly `digits` digits (value must fit), two per division by 100.
void write_digits(uint64_t value, char* out, unsigned digits) {
  for (unsigned i = digits; i >= 2; i -= 2) {
    const uint64_t pair = value % 100;
    value /= 100;
    out[i - 2] = kDigitPairs[2 * pair];
    out[i - 1] = kDigitPairs[2 * pair + 1];
  }
  if (digits % 2 == 1) out[0] = char('0' + value);
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
  // Base-10^19 chunks, least significant first: 2^256 - 1 has 78 digits.
  std::array<uint64_t, 5> chunks{};
  unsigned count = 0;
  U256 rest = *this;
  do {
    const U256DivMod step = divmod(rest, kDecimalChunk);
    chunks[count++] = step.remainder.low64();
    rest = step.quotient;
  } while (!rest.is_zero());

  // Every chunk as 19 digits (the chunks' digit chains are independent, so they
  // overlap), then the leading zeros dropped, keeping at least one digit.
  char buffer[5 * kDecimalChunkDigits];
  for (unsigned i = 0; i < count; ++i)
    write_digits(chunks[i], buffer + (count - 1 - i) * kDecimalChunkDigits, kDecimalChunkDigits);
  const char* const end = buffer + count * kDecimalChunkDigits;
  const char* first = buffer;
  while (first + 1 < end && *first == '0') ++first;
  return std::string(first, end);
}

}  // namespace pel
