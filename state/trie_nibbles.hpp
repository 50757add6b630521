#pragma once
// Nibble paths of the Merkle Patricia Trie and their hex-prefix ("compact")
// encoding (Ethereum Yellow Paper, appendix C).
//
// A trie walks keys four bits at a time. Paths are kept unpacked, one nibble
// (0..15) per byte, because splitting and joining paths at odd positions is
// what the trie does all day; the packed form exists only inside node RLP.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/bytes.hpp"
#include "core/result.hpp"

namespace pel {

using Nibbles = std::vector<uint8_t>;  // one nibble (0..15) per element
using NibblesView = std::span<const uint8_t>;

// Nibble i of a packed key: the high half of byte i/2 first.
inline uint8_t nibble_at(BytesView key, size_t i) {
  uint8_t byte = key[i / 2];
  return (i % 2 == 0) ? static_cast<uint8_t>(byte >> 4) : static_cast<uint8_t>(byte & 0x0f);
}

// All nibbles of a key (2 per byte).
Nibbles to_nibbles(BytesView key);

// Nibbles [from, to) of a packed key, written over `out`.
void assign_nibbles(Nibbles& out, BytesView key, size_t from, size_t to);

// Length of the longest common prefix.
size_t common_prefix_length(NibblesView a, NibblesView b);

// Appends the hex-prefix encoding of `path` (raw bytes, not RLP): a flag nibble
// (2 for a leaf, +1 for odd length), a zero pad nibble when the length is even,
// then the path packed two nibbles per byte.
void append_hex_prefix(Bytes& out, NibblesView path, bool is_leaf);

inline size_t hex_prefix_size(size_t path_length) {
  return path_length / 2 + 1;
}

struct HexPrefixPath {
  Nibbles path;
  bool is_leaf = false;
};

// Inverse of append_hex_prefix; rejects unknown flags and a non-zero pad nibble.
Result<HexPrefixPath> decode_hex_prefix(BytesView encoded);

}  // namespace pel
