#pragma once
// The 2048-bit logs bloom filter of receipts and headers (Yellow Paper, section 4.3.1).
// Each log address and topic sets three bits chosen by its keccak256 hash; hashing
// lives in crypto/ (crypto/logs_bloom.hpp), so these functions take the hash.

#include "core/fixed_bytes.hpp"

namespace pel {

using Bloom = FixedBytes<256>;

// Sets the three bits selected by `item_hash`, the keccak256 of an address or topic:
// the low 11 bits of each of its first three big-endian 16-bit words, counted from the
// least significant bit of the bloom read as one big-endian number.
void bloom_add(Bloom& bloom, const Hash& item_hash);

// Whether all three bits of `item_hash` are set (false positives possible, no false negatives).
bool bloom_contains(const Bloom& bloom, const Hash& item_hash);

// bloom |= other (a block's bloom is the union of its receipts' blooms).
void bloom_merge(Bloom& bloom, const Bloom& other);

}  // namespace pel
