#include "state/trie_nibbles.hpp"

#include <gtest/gtest.h>

#include "state/trie_test_util.hpp"

namespace pel {
namespace {

using trie_test::hex;

Bytes hex_prefix(const Nibbles& path, bool is_leaf) {
  Bytes out;
  append_hex_prefix(out, path, is_leaf);
  return out;
}

TEST(TrieNibbles, SplitsBytesHighHalfFirst) {
  EXPECT_EQ(to_nibbles(hex("0x12ab")), (Nibbles{1, 2, 0xa, 0xb}));
  EXPECT_EQ(to_nibbles({}), Nibbles{});
  Nibbles middle;
  assign_nibbles(middle, hex("0x12ab"), 1, 3);
  EXPECT_EQ(middle, (Nibbles{2, 0xa}));
  EXPECT_EQ(nibble_at(hex("0x12ab"), 3), 0xb);
}

TEST(TrieNibbles, CommonPrefix) {
  EXPECT_EQ(common_prefix_length(Nibbles{1, 2, 3}, Nibbles{1, 2, 4}), 2u);
  EXPECT_EQ(common_prefix_length(Nibbles{1, 2}, Nibbles{1, 2, 4}), 2u);
  EXPECT_EQ(common_prefix_length(Nibbles{}, Nibbles{1}), 0u);
  EXPECT_EQ(common_prefix_length(Nibbles{5}, Nibbles{1}), 0u);
}

// The examples of the Ethereum wiki's Patricia tree page (hex-prefix encoding).
TEST(TrieNibbles, HexPrefixEncoding) {
  EXPECT_EQ(hex_prefix({1, 2, 3, 4, 5}, false), hex("0x112345"));
  EXPECT_EQ(hex_prefix({0, 1, 2, 3, 4, 5}, false), hex("0x00012345"));
  EXPECT_EQ(hex_prefix({0, 0xf, 1, 0xc, 0xb, 8}, true), hex("0x200f1cb8"));
  EXPECT_EQ(hex_prefix({0xf, 1, 0xc, 0xb, 8}, true), hex("0x3f1cb8"));
  EXPECT_EQ(hex_prefix({}, true), hex("0x20"));
  EXPECT_EQ(hex_prefix({}, false), hex("0x00"));
  EXPECT_EQ(hex_prefix_size(5), 3u);
  EXPECT_EQ(hex_prefix_size(6), 4u);
  EXPECT_EQ(hex_prefix_size(0), 1u);
}

TEST(TrieNibbles, HexPrefixRoundTrip) {
  for (size_t length = 0; length < 9; ++length) {
    for (bool is_leaf : {false, true}) {
      Nibbles path;
      for (size_t i = 0; i < length; ++i) path.push_back(static_cast<uint8_t>((i * 7 + 3) % 16));
      auto decoded = decode_hex_prefix(hex_prefix(path, is_leaf));
      ASSERT_TRUE(decoded.ok());
      EXPECT_EQ(decoded->path, path);
      EXPECT_EQ(decoded->is_leaf, is_leaf);
    }
  }
}

TEST(TrieNibbles, HexPrefixRejectsMalformed) {
  EXPECT_FALSE(decode_hex_prefix({}).ok());
  EXPECT_FALSE(decode_hex_prefix(hex("0x40")).ok());    // flag 4 is not a path
  EXPECT_FALSE(decode_hex_prefix(hex("0x0112")).ok());  // even length with a non-zero pad
  EXPECT_FALSE(decode_hex_prefix(hex("0x2f")).ok());
  EXPECT_TRUE(decode_hex_prefix(hex("0x3f")).ok());
}

}  // namespace
}  // namespace pel
