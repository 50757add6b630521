#include "crypto/keccak.hpp"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cstring>

#include "crypto/keccak_f1600.hpp"

namespace pel {

namespace {

constexpr size_t kRate = 136;  // bytes: 1600 bits minus a capacity of 512
constexpr size_t kRateLanes = kRate / 8;

uint64_t load_le64(const uint8_t* bytes) {
  uint64_t value;
  std::memcpy(&value, bytes, 8);
  if constexpr (std::endian::native == std::endian::big) value = __builtin_bswap64(value);
  return value;
}

void store_le64(uint8_t* bytes, uint64_t value) {
  if constexpr (std::endian::native == std::endian::big) value = __builtin_bswap64(value);
  std::memcpy(bytes, &value, 8);
}

void absorb_block(uint64_t state[25], const uint8_t* block) {
  for (size_t i = 0; i < kRateLanes; ++i) state[i] ^= load_le64(block + 8 * i);
  keccak_f1600(state);
}

// Absorbs the final partial block (fewer than kRate bytes, possibly none) with the
// original Keccak padding: a 0x01 byte right after the data and 0x80 in the block's
// last byte (the two meet in 0x81 when only one byte is free), then squeezes the
// 32-byte digest. The tail goes straight into the lanes, without a padded copy.
Hash absorb_last_and_squeeze(uint64_t state[25], const uint8_t* tail, size_t tail_size) {
  assert(tail_size < kRate);
  size_t whole_lanes = tail_size / 8;
  for (size_t i = 0; i < whole_lanes; ++i) state[i] ^= load_le64(tail + 8 * i);
  uint8_t last_lane[8] = {};
  size_t rest = tail_size % 8;
  if (rest != 0) std::memcpy(last_lane, tail + 8 * whole_lanes, rest);
  last_lane[rest] = 0x01;
  state[whole_lanes] ^= load_le64(last_lane);
  state[kRateLanes - 1] ^= uint64_t{0x80} << 56;
  keccak_f1600(state);

  Hash digest;
  for (size_t i = 0; i < 4; ++i) store_le64(digest.data() + 8 * i, state[i]);
  return digest;
}

}  // namespace

Hash keccak256(BytesView data) {
  uint64_t state[25] = {};
  const uint8_t* bytes = data.data();
  size_t remaining = data.size();
  for (; remaining >= kRate; remaining -= kRate, bytes += kRate) absorb_block(state, bytes);
  return absorb_last_and_squeeze(state, bytes, remaining);
}

Keccak256::Keccak256() : state_{}, buffer_{} {}

void Keccak256::update(BytesView data) {
  if (data.empty()) return;  // its data() may be null, which memcpy must not see
  const uint8_t* bytes = data.data();
  size_t remaining = data.size();
  if (buffered_ != 0) {
    size_t take = std::min(remaining, kRate - buffered_);
    std::memcpy(buffer_ + buffered_, bytes, take);
    buffered_ += take;
    bytes += take;
    remaining -= take;
    if (buffered_ < kRate) return;
    absorb_block(state_, buffer_);
    buffered_ = 0;
  }
  // Whole blocks straight from the input, without a copy.
  for (; remaining >= kRate; remaining -= kRate, bytes += kRate) absorb_block(state_, bytes);
  if (remaining != 0) std::memcpy(buffer_, bytes, remaining);
  buffered_ = remaining;
}

Hash Keccak256::finalize() {
  return absorb_last_and_squeeze(state_, buffer_, buffered_);
}

}  // namespace pel
