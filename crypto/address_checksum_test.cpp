#include "crypto/address_checksum.hpp"

#include <gtest/gtest.h>

#include <cctype>

namespace pel {
namespace {

// The examples listed in EIP-55.
const char* const kEip55Examples[] = {
    // All caps
    "0x52908400098527886E0F7030069857D2E4169EE7",
    "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
    // All lower
    "0xde709f2102306220921060314715629080e2fb77",
    "0x27b1fdb04752bbc536007a920d24acb045561c26",
    // Normal
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
    "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
    "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
};

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string upper_digits(std::string text) {
  for (size_t i = 2; i < text.size(); ++i) {
    text[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[i])));
  }
  return text;
}

TEST(AddressChecksum, Eip55Examples) {
  for (const char* example : kEip55Examples) {
    auto address = parse_address(example);
    ASSERT_TRUE(address.ok()) << example << ": " << address.error().message;
    EXPECT_EQ(address->hex(), lower(example));
    // Each example is the checksummed form of its address (the all-caps and all-lower
    // ones happen to have a checksum of that case throughout).
    EXPECT_EQ(to_checksum_hex(*address), example);
  }
}

TEST(AddressChecksum, AcceptsSingleCaseAndNoPrefix) {
  const std::string checksummed = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
  auto expected = Address::from_hex(checksummed);
  ASSERT_TRUE(expected.ok());
  for (const std::string& text : {lower(checksummed), upper_digits(checksummed),
                                  checksummed.substr(2), lower(checksummed).substr(2)}) {
    auto parsed = parse_address(text);
    ASSERT_TRUE(parsed.ok()) << text << ": " << parsed.error().message;
    EXPECT_EQ(*parsed, *expected) << text;
  }
}

TEST(AddressChecksum, RejectsFlippedCase) {
  for (const char* example :
       {"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"}) {
    const std::string good = example;
    // Flip the case of each letter in turn: every single flip breaks the checksum
    // (unless it makes the text single-case, which none of these can).
    for (size_t i = 2; i < good.size(); ++i) {
      if (!std::isalpha(static_cast<unsigned char>(good[i]))) continue;
      std::string bad = good;
      bad[i] = std::islower(static_cast<unsigned char>(bad[i]))
                   ? static_cast<char>(std::toupper(static_cast<unsigned char>(bad[i])))
                   : static_cast<char>(std::tolower(static_cast<unsigned char>(bad[i])));
      EXPECT_FALSE(parse_address(bad).ok()) << bad;
    }
  }
}

TEST(AddressChecksum, RejectsMalformedText) {
  for (const char* bad : {
           "", "0x",
           "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe",     // 39 digits
           "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed0",   // 41 digits
           "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed00",  // 21 bytes
           "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaeg",    // not hex
           "0x 5aaeb6053f3e94c9b9a09f33669435e7ef1beae",    // space
           "5aaeb6053f3e94c9b9a09f33669435e7ef1beaed5aae",  // too long without prefix
       }) {
    EXPECT_FALSE(parse_address(bad).ok()) << bad;
  }
}

TEST(AddressChecksum, ZeroAddress) {
  Address zero;
  EXPECT_EQ(to_checksum_hex(zero), "0x0000000000000000000000000000000000000000");
  auto parsed = parse_address("0x0000000000000000000000000000000000000000");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(*parsed, zero);
}

}  // namespace
}  // namespace pel
