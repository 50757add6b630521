#include "core/uint256.hpp"

namespace pel {

namespace {

__extension__ typedef unsigned __int128 uint128;

// The full 512-bit product, least significant limb first (schoolbook, 16 multiplies).
std::array<uint64_t, 8> full_product(const U256& a, const U256& b) {
  std::array<uint64_t, 8> product{};
  for (int i = 0; i < 4; ++i) {
    uint64_t carry = 0;
    for (int j = 0; j < 4; ++j) {
      uint128 t = uint128{a.limbs[i]} * b.limbs[j] + product[i + j] + carry;
      product[i + j] = static_cast<uint64_t>(t);
      carry = static_cast<uint64_t>(t >> 64);
    }
    product[i + 4] = carry;
  }
  return product;
}

}  // namespace

Result<U256> U256::from_be_bytes(BytesView bytes) {
  if (bytes.size() > 32) return make_error("integer longer than 32 bytes");
  U256 out;
  for (size_t i = 0; i < bytes.size(); ++i) {
    size_t bit_position = (bytes.size() - 1 - i) * 8;
    out.limbs[bit_position / 64] |= uint64_t{bytes[i]} << (bit_position % 64);
  }
  return out;
}

void U256::to_be_bytes(uint8_t out[32]) const {
  for (int limb = 0; limb < 4; ++limb)
    for (int byte = 0; byte < 8; ++byte)
      out[31 - (limb * 8 + byte)] = static_cast<uint8_t>(limbs[limb] >> (byte * 8));
}

Bytes U256::to_be_bytes_trimmed() const {
  uint8_t full[32];
  to_be_bytes(full);
  size_t first = 0;
  while (first < 32 && full[first] == 0) ++first;
  return Bytes(full + first, full + 32);
}

U256 operator*(const U256& a, const U256& b) {
  // Only the partial products that land below 2^256 are needed (10 of 16); the
  // last one of each row contributes only its low half.
  U256 out;
  for (int i = 0; i < 4; ++i) {
    uint64_t carry = 0;
    for (int j = 0; i + j < 3; ++j) {
      uint128 t = uint128{a.limbs[i]} * b.limbs[j] + out.limbs[i + j] + carry;
      out.limbs[i + j] = static_cast<uint64_t>(t);
      carry = static_cast<uint64_t>(t >> 64);
    }
    out.limbs[3] += a.limbs[i] * b.limbs[3 - i] + carry;
  }
  return out;
}

bool mul_overflow(const U256& a, const U256& b, U256& out) {
  std::array<uint64_t, 8> product = full_product(a, b);
  out = U256(product[0], product[1], product[2], product[3]);
  return (product[4] | product[5] | product[6] | product[7]) != 0;
}

U256 exp(U256 base, U256 exponent) {
  // Right-to-left square and multiply: one squaring per exponent bit.
  U256 result = 1;
  const unsigned bits = exponent.bit_length();
  for (unsigned i = 0; i < bits; ++i) {
    if ((exponent.limbs[i / 64] >> (i % 64)) & 1) result *= base;
    if (i + 1 < bits) base *= base;
  }
  return result;
}

}  // namespace pel
