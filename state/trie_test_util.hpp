#pragma once
// Helpers shared by the trie tests (header only: not part of pel_state).

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "state/trie_builder.hpp"

namespace pel::trie_test {

// Keys in trie order. (std::less<Bytes> also works, but trips a false
// -Wstringop-overread of GCC 12 at -O3.)
using TrieContents = std::map<Bytes, Bytes, TrieKeyLess>;

inline Bytes hex(std::string_view text) {
  auto parsed = from_hex(text);
  EXPECT_TRUE(parsed.ok()) << text;
  return parsed.ok() ? *parsed : Bytes{};
}

inline Bytes random_bytes(std::mt19937_64& rng, size_t size) {
  Bytes out(size);
  for (auto& byte : out) byte = static_cast<uint8_t>(rng());
  return out;
}

// Keys drawn from a small space, of length 0 to 3 bytes, so that sets hold keys
// that are prefixes of others, values in branches, and long shared paths.
inline Bytes random_short_key(std::mt19937_64& rng) {
  Bytes key(rng() % 4);
  for (auto& byte : key) byte = static_cast<uint8_t>(rng() % 3 == 0 ? 0x12 : rng() % 4);
  return key;
}

// Values of 1 to 40 bytes: both sides of the 32-byte embedding threshold.
inline Bytes random_value(std::mt19937_64& rng) {
  return random_bytes(rng, 1 + rng() % 40);
}

inline std::vector<TrieEntry> entries_of(const TrieContents& contents) {
  std::vector<TrieEntry> out;
  out.reserve(contents.size());
  for (const auto& [key, value] : contents) out.push_back({key, value});
  return out;
}

// The root computed from nothing, the baseline the incremental trie must match.
inline Hash scratch_root(const TrieContents& contents) {
  auto root = trie_root_from_sorted(entries_of(contents));
  EXPECT_TRUE(root.ok());
  return root.ok() ? *root : Hash{};
}

}  // namespace pel::trie_test
