#include "core/uint256.hpp"

#include <cstring>

namespace pel {

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

bool add_overflow(const U256& a, const U256& b, U256& out) {
  unsigned long long carry = 0;
  for (int i = 0; i < 4; ++i) {
    unsigned long long sum;
    bool c1 = __builtin_uaddll_overflow(a.limbs[i], b.limbs[i], &sum);
    bool c2 = __builtin_uaddll_overflow(sum, carry, &sum);
    out.limbs[i] = sum;
    carry = c1 | c2;
  }
  return carry != 0;
}

bool sub_underflow(const U256& a, const U256& b, U256& out) {
  unsigned long long borrow = 0;
  for (int i = 0; i < 4; ++i) {
    unsigned long long diff;
    bool b1 = __builtin_usubll_overflow(a.limbs[i], b.limbs[i], &diff);
    bool b2 = __builtin_usubll_overflow(diff, borrow, &diff);
    out.limbs[i] = diff;
    borrow = b1 | b2;
  }
  return borrow != 0;
}

U256 operator+(const U256& a, const U256& b) {
  U256 out;
  add_overflow(a, b, out);
  return out;
}

U256 operator-(const U256& a, const U256& b) {
  U256 out;
  sub_underflow(a, b, out);
  return out;
}

}  // namespace pel
