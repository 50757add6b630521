#pragma once
// Helpers for the transaction, header and receipt tests: hex literals that must parse
// (a typo in a test vector fails the test, not the process).

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string_view>

#include "core/bytes.hpp"
#include "core/fixed_bytes.hpp"
#include "core/uint256.hpp"

namespace pel::test {

inline Bytes hex(std::string_view text) {
  auto bytes = from_hex(text);
  EXPECT_TRUE(bytes.ok()) << "bad hex in test: " << text;
  return bytes ? *bytes : Bytes{};
}

template <size_t N>
FixedBytes<N> fixed(std::string_view text) {
  auto value = FixedBytes<N>::from_hex(text);
  EXPECT_TRUE(value.ok()) << "bad fixed hex in test: " << text;
  return value ? *value : FixedBytes<N>{};
}

inline Address address(std::string_view text) {
  return fixed<20>(text);
}
inline Hash hash(std::string_view text) {
  return fixed<32>(text);
}

// A big-endian hex quantity ("0x1f", leading zeros allowed).
inline U256 u256_hex(std::string_view text) {
  if (text.starts_with("0x")) text.remove_prefix(2);
  std::string even(text.size() % 2, '0');
  even += text;
  auto value = U256::from_be_bytes(hex(even));
  EXPECT_TRUE(value.ok()) << text;
  return value ? *value : U256{};
}

// Decimal digits, as the EIPs print r and s: schoolbook multiply-by-10 on 32 bytes.
inline U256 u256_dec(std::string_view digits) {
  uint8_t be[32] = {};
  for (char c : digits) {
    EXPECT_TRUE(c >= '0' && c <= '9') << digits;
    unsigned carry = static_cast<unsigned>(c - '0');
    for (int i = 31; i >= 0; --i) {
      unsigned v = be[i] * 10u + carry;
      be[i] = static_cast<uint8_t>(v & 0xff);
      carry = v >> 8;
    }
    EXPECT_EQ(carry, 0u) << "decimal above 2^256 in test: " << digits;
  }
  return *U256::from_be_bytes({be, 32});
}

// A JSON fixture from tests/vectors/, found relative to this header's source path so
// the tests run from any working directory.
inline nlohmann::json load_vectors(std::string_view file_name) {
  std::filesystem::path path =
      std::filesystem::path(__FILE__).parent_path().parent_path() / "tests" / "vectors" / file_name;
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  if (!in.good()) return nlohmann::json::object();
  return nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
}

inline std::string text(const nlohmann::json& value) {
  return value.is_string() ? value.get<std::string>() : std::string();
}

}  // namespace pel::test
