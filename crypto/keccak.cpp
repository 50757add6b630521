#include "crypto/keccak.hpp"

#include <bit>
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

// Pads the final partial block (fewer than kRate bytes, possibly none) with the
// original Keccak padding: a 0x01 byte after the data, 0x80 in the block's last
// byte (the two meet in 0x81 when only one byte is free), then absorbs it and
// squeezes the 32-byte digest.
Hash absorb_last_and_squeeze(uint64_t state[25], const uint8_t* tail, size_t tail_size) {
  uint8_t block[kRate] = {};
  if (tail_size != 0) std::memcpy(block, tail, tail_size);
  block[tail_size] ^= 0x01;
  block[kRate - 1] ^= 0x80;
  absorb_block(state, block);

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
