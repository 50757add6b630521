#include "crypto/address_checksum.hpp"

#include "crypto/keccak.hpp"

namespace pel {

namespace {

constexpr size_t kHexDigits = 2 * Address::kSize;

bool is_lower_hex_letter(char c) {
  return c >= 'a' && c <= 'f';
}
bool is_upper_hex_letter(char c) {
  return c >= 'A' && c <= 'F';
}

// EIP-55: the i-th hex digit is upper case when it is a letter and the i-th nibble
// of keccak256(lower-case hex digits, as ASCII) is 8 or more.
std::string checksummed_digits(const Address& address) {
  std::string digits = to_hex(address.view(), /*prefix=*/false);
  Hash hash = keccak256(as_view(digits));
  for (size_t i = 0; i < digits.size(); ++i) {
    uint8_t nibble = (i % 2 == 0) ? hash.bytes[i / 2] >> 4 : hash.bytes[i / 2] & 0x0f;
    if (nibble >= 8 && is_lower_hex_letter(digits[i]))
      digits[i] = static_cast<char>(digits[i] - 'a' + 'A');
  }
  return digits;
}

}  // namespace

std::string to_checksum_hex(const Address& address) {
  return "0x" + checksummed_digits(address);
}

Result<Address> parse_address(std::string_view text) {
  std::string_view digits = text;
  if (digits.size() >= 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
    digits.remove_prefix(2);
  }
  if (digits.size() != kHexDigits) {
    return make_error("invalid address: expected 40 hex digits, got " +
                      std::to_string(digits.size()));
  }
  auto address = Address::from_hex(digits);
  if (!address) return make_error("invalid address: " + address.error().message);

  bool has_lower = false, has_upper = false;
  for (char c : digits) {
    has_lower |= is_lower_hex_letter(c);
    has_upper |= is_upper_hex_letter(c);
  }
  // Single-case text carries no checksum; mixed case must be exactly EIP-55's.
  if (has_lower && has_upper && checksummed_digits(*address) != digits) {
    return make_error("invalid address: bad EIP-55 checksum");
  }
  return address;
}

}  // namespace pel
