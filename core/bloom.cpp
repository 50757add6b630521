#include "core/bloom.hpp"

namespace pel {

namespace {

struct BitPosition {
  size_t byte;
  uint8_t mask;
};

// The i-th (0..2) bit that `item_hash` selects.
BitPosition bit_position(const Hash& item_hash, int i) {
  unsigned bit = ((unsigned{item_hash.bytes[2 * i]} << 8) | item_hash.bytes[2 * i + 1]) & 2047u;
  return {Bloom::kSize - 1 - bit / 8, static_cast<uint8_t>(1u << (bit % 8))};
}

}  // namespace

void bloom_add(Bloom& bloom, const Hash& item_hash) {
  for (int i = 0; i < 3; ++i) {
    BitPosition position = bit_position(item_hash, i);
    bloom.bytes[position.byte] |= position.mask;
  }
}

bool bloom_contains(const Bloom& bloom, const Hash& item_hash) {
  for (int i = 0; i < 3; ++i) {
    BitPosition position = bit_position(item_hash, i);
    if ((bloom.bytes[position.byte] & position.mask) == 0) return false;
  }
  return true;
}

void bloom_merge(Bloom& bloom, const Bloom& other) {
  for (size_t i = 0; i < Bloom::kSize; ++i) bloom.bytes[i] |= other.bytes[i];
}

}  // namespace pel
