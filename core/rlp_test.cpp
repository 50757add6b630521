#include "core/rlp.hpp"

#include <gtest/gtest.h>

#include <string>

namespace pel::rlp {
namespace {

Bytes hex(std::string_view text) {
  auto parsed = from_hex(text);
  EXPECT_TRUE(parsed.ok()) << text;
  return parsed ? *parsed : Bytes{};
}

std::string as_string(BytesView bytes) {
  return std::string(bytes.begin(), bytes.end());
}

Bytes encoded_string(std::string_view text) {
  Bytes out;
  encode_bytes(out, as_view(text));
  return out;
}

Bytes encoded_u64(uint64_t value) {
  Bytes out;
  encode_uint(out, value);
  return out;
}

Bytes encoded_u256(const U256& value) {
  Bytes out;
  encode_uint(out, value);
  return out;
}

// Expects `result` to be an error whose message starts with "rlp:" and contains `fragment`.
template <class R>
void expect_rlp_error(const R& result, std::string_view fragment) {
  ASSERT_FALSE(result.ok()) << "expected an error containing \"" << fragment << "\"";
  const std::string& message = result.error().message;
  EXPECT_EQ(message.rfind("rlp: ", 0), 0u) << message;
  EXPECT_NE(message.find(fragment), std::string::npos) << message;
}

// ---- Examples from the Ethereum RLP specification, both ways ----

TEST(RlpSpec, Dog) {
  const Bytes expected = {0x83, 'd', 'o', 'g'};
  EXPECT_EQ(encoded_string("dog"), expected);
  Decoder decoder(expected);
  auto decoded = decoder.read_bytes();
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(as_string(*decoded), "dog");
  EXPECT_TRUE(decoder.empty());
}

TEST(RlpSpec, CatDogList) {
  const Bytes expected = {0xc8, 0x83, 'c', 'a', 't', 0x83, 'd', 'o', 'g'};
  Bytes payload = encoded_string("cat");
  encode_bytes(payload, as_view("dog"));
  EXPECT_EQ(wrap_list(payload), expected);

  auto list = decode_list(expected);
  ASSERT_TRUE(list.ok()) << list.error().message;
  auto cat = list->read_bytes();
  auto dog = list->read_bytes();
  ASSERT_TRUE(cat.ok() && dog.ok());
  EXPECT_EQ(as_string(*cat), "cat");
  EXPECT_EQ(as_string(*dog), "dog");
  EXPECT_TRUE(list->empty());
}

TEST(RlpSpec, EmptyString) {
  EXPECT_EQ(encoded_string(""), Bytes{0x80});
  const Bytes decoder_input = {0x80};
  Decoder decoder(decoder_input);
  auto decoded = decoder.read_bytes();
  ASSERT_TRUE(decoded.ok());
  EXPECT_TRUE(decoded->empty());
  EXPECT_TRUE(decoder.empty());
}

TEST(RlpSpec, EmptyList) {
  EXPECT_EQ(wrap_list({}), Bytes{0xc0});
  const Bytes input = {0xc0};
  auto list = decode_list(input);
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->empty());
}

TEST(RlpSpec, IntegerZero) {
  EXPECT_EQ(encoded_u64(0), Bytes{0x80});
  EXPECT_EQ(encoded_u256(U256(0)), Bytes{0x80});
  const Bytes decoder_input = {0x80};
  Decoder decoder(decoder_input);
  auto value = decoder.read_u64();
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(*value, 0u);
  const Bytes decoder256_input = {0x80};
  Decoder decoder256(decoder256_input);
  auto value256 = decoder256.read_u256();
  ASSERT_TRUE(value256.ok());
  EXPECT_TRUE(value256->is_zero());
}

TEST(RlpSpec, ByteZeroAndByteFifteen) {
  const uint8_t zero = 0x00, fifteen = 0x0f;
  Bytes out;
  encode_bytes(out, BytesView(&zero, 1));
  EXPECT_EQ(out, Bytes{0x00});
  out.clear();
  encode_bytes(out, BytesView(&fifteen, 1));
  EXPECT_EQ(out, Bytes{0x0f});
  EXPECT_EQ(encoded_u64(15), Bytes{0x0f});

  const Bytes decoder_input = {0x00, 0x0f};
  Decoder decoder(decoder_input);
  auto first = decoder.read_bytes();
  auto second = decoder.read_bytes();
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(Bytes(first->begin(), first->end()), Bytes{0x00});
  EXPECT_EQ(Bytes(second->begin(), second->end()), Bytes{0x0f});
  EXPECT_TRUE(decoder.empty());

  const Bytes as_integer_input = {0x0f};
  Decoder as_integer(as_integer_input);
  auto value = as_integer.read_u64();
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(*value, 15u);
}

TEST(RlpSpec, Integer1024) {
  const Bytes expected = {0x82, 0x04, 0x00};
  EXPECT_EQ(encoded_u64(1024), expected);
  EXPECT_EQ(encoded_u256(U256(1024)), expected);
  Decoder decoder(expected);
  auto value = decoder.read_u64();
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(*value, 1024u);
}

// [ [], [[]], [ [], [[]] ] ]
TEST(RlpSpec, SetTheoreticalThree) {
  const Bytes expected = {0xc7, 0xc0, 0xc1, 0xc0, 0xc3, 0xc0, 0xc1, 0xc0};
  const Bytes zero = wrap_list({});
  const Bytes one = wrap_list(zero);
  Bytes two_payload = zero;
  two_payload.insert(two_payload.end(), one.begin(), one.end());
  const Bytes two = wrap_list(two_payload);
  Bytes three_payload = zero;
  three_payload.insert(three_payload.end(), one.begin(), one.end());
  three_payload.insert(three_payload.end(), two.begin(), two.end());
  EXPECT_EQ(wrap_list(three_payload), expected);

  auto three = decode_list(expected);
  ASSERT_TRUE(three.ok()) << three.error().message;
  auto first = three->read_list();
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(first->empty());
  auto second = three->read_list();
  ASSERT_TRUE(second.ok());
  auto second_inner = second->read_list();
  ASSERT_TRUE(second_inner.ok());
  EXPECT_TRUE(second_inner->empty());
  EXPECT_TRUE(second->empty());
  auto third = three->read_raw();
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(Bytes(third->begin(), third->end()), two);
  EXPECT_TRUE(three->empty());
}

TEST(RlpSpec, LoremIpsum56Bytes) {
  const std::string lorem = "Lorem ipsum dolor sit amet, consectetur adipisicing elit";
  ASSERT_EQ(lorem.size(), 56u);
  Bytes expected = {0xb8, 0x38};
  expected.insert(expected.end(), lorem.begin(), lorem.end());
  EXPECT_EQ(encoded_string(lorem), expected);
  Decoder decoder(expected);
  auto header = decoder.peek_header();
  ASSERT_TRUE(header.ok());
  EXPECT_FALSE(header->is_list);
  EXPECT_EQ(header->header_length, 2u);
  EXPECT_EQ(header->payload_length, 56u);
  auto decoded = decoder.read_bytes();
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(as_string(*decoded), lorem);
  EXPECT_TRUE(decoder.empty());
}

// ---- Encoder details ----

TEST(RlpEncode, StringLengthBoundaries) {
  EXPECT_EQ(encoded_string(std::string(55, 'a'))[0], 0xb7);
  EXPECT_EQ(encoded_string(std::string(55, 'a')).size(), 56u);
  const Bytes long256 = encoded_string(std::string(256, 'a'));
  EXPECT_EQ(Bytes(long256.begin(), long256.begin() + 3), (Bytes{0xb9, 0x01, 0x00}));
  EXPECT_EQ(encoded_string("\x80"), (Bytes{0x81, 0x80}));
}

TEST(RlpEncode, ListHeaders) {
  Bytes out;
  encode_list_header(out, 55);
  EXPECT_EQ(out, Bytes{0xf7});
  out.clear();
  encode_list_header(out, 56);
  EXPECT_EQ(out, (Bytes{0xf8, 0x38}));
  out.clear();
  encode_list_header(out, 0x010000);
  EXPECT_EQ(out, (Bytes{0xfa, 0x01, 0x00, 0x00}));
  out.clear();
  encode_list_header(out, SIZE_MAX);
  EXPECT_EQ(out, (Bytes{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}));
}

TEST(RlpEncode, HeaderSize) {
  EXPECT_EQ(header_size(0), 1u);
  EXPECT_EQ(header_size(55), 1u);
  EXPECT_EQ(header_size(56), 2u);
  EXPECT_EQ(header_size(255), 2u);
  EXPECT_EQ(header_size(256), 3u);
  EXPECT_EQ(header_size(SIZE_MAX), 9u);
}

TEST(RlpEncode, Integers) {
  EXPECT_EQ(encoded_u64(0x7f), Bytes{0x7f});
  EXPECT_EQ(encoded_u64(0x80), (Bytes{0x81, 0x80}));
  EXPECT_EQ(encoded_u64(0xffff), (Bytes{0x82, 0xff, 0xff}));
  EXPECT_EQ(encoded_u64(UINT64_MAX), (Bytes{0x88, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}));
  EXPECT_EQ(encoded_u256(U256(0x7f)), Bytes{0x7f});
  EXPECT_EQ(encoded_u256(U256(0x80)), (Bytes{0x81, 0x80}));
  Bytes max = {0xa0};
  max.insert(max.end(), 32, 0xff);
  EXPECT_EQ(encoded_u256(U256::max()), max);
  // 2^64: a one followed by eight zero bytes.
  EXPECT_EQ(encoded_u256(U256(0, 1, 0, 0)), (Bytes{0x89, 1, 0, 0, 0, 0, 0, 0, 0, 0}));
}

TEST(RlpEncode, FixedBytes) {
  Address address;
  address.bytes[19] = 0x42;
  Bytes out;
  encode_fixed(out, address);
  ASSERT_EQ(out.size(), 21u);
  EXPECT_EQ(out[0], 0x94);
  Decoder decoder(out);
  auto decoded = decoder.read_fixed<20>();
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, address);
}

// ---- Round trips ----

TEST(RlpRoundTrip, Integers) {
  const uint64_t values[] = {0,      1,       0x7f,       0x80,       0xff,       0x100,     1024,
                             0xffff, 0x10000, 0xffffffff, 1ULL << 32, 1ULL << 63, UINT64_MAX};
  for (uint64_t value : values) {
    const Bytes encoded = encoded_u64(value);
    Decoder decoder(encoded);
    auto decoded = decoder.read_u64();
    ASSERT_TRUE(decoded.ok()) << value << ": " << decoded.error().message;
    EXPECT_EQ(*decoded, value);
    EXPECT_TRUE(decoder.empty());
    // The same integer as U256 encodes identically.
    EXPECT_EQ(encoded_u256(U256(value)), encoded);
  }
  const U256 wide[] = {U256(0, 1, 0, 0), U256(1, 2, 3, 4), U256(0, 0, 0, 1ULL << 63), U256::max()};
  for (const U256& value : wide) {
    const Bytes encoded = encoded_u256(value);
    Decoder decoder(encoded);
    auto decoded = decoder.read_u256();
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(*decoded, value);
  }
}

TEST(RlpRoundTrip, StringsOfEveryLengthAroundTheBoundaries) {
  for (size_t length : {0, 1, 2, 54, 55, 56, 57, 255, 256, 1000, 65536, 70000}) {
    std::string text(length, 'x');
    for (size_t i = 0; i < length; ++i) text[i] = static_cast<char>(0x80 + i % 100);
    const Bytes encoded = encoded_string(text);
    EXPECT_EQ(encoded.size(), header_size(length) + length);
    Decoder decoder(encoded);
    auto decoded = decoder.read_bytes();
    ASSERT_TRUE(decoded.ok()) << length << ": " << decoded.error().message;
    EXPECT_EQ(as_string(*decoded), text);
    EXPECT_TRUE(decoder.empty());
  }
}

TEST(RlpRoundTrip, LongList) {
  Bytes payload;
  for (uint64_t i = 0; i < 1000; ++i) encode_uint(payload, i * 1000);
  const Bytes encoded = wrap_list(payload);
  ASSERT_TRUE(validate(encoded).ok());
  auto list = decode_list(encoded);
  ASSERT_TRUE(list.ok()) << list.error().message;
  for (uint64_t i = 0; i < 1000; ++i) {
    auto value = list->read_u64();
    ASSERT_TRUE(value.ok());
    EXPECT_EQ(*value, i * 1000);
  }
  EXPECT_TRUE(list->empty());
}

TEST(RlpDecode, ReadRawReturnsWholeItems) {
  const Bytes encoded = hex("c883636174c3c20102");  // ["cat", [[1, 2]]]
  auto list = decode_list(encoded);
  ASSERT_TRUE(list.ok());
  auto cat = list->read_raw();
  auto nested = list->read_raw();
  ASSERT_TRUE(cat.ok() && nested.ok());
  EXPECT_EQ(to_hex(*cat), "0x83636174");
  EXPECT_EQ(to_hex(*nested), "0xc3c20102");
  EXPECT_TRUE(list->empty());
  const Bytes single_input = {0x05};
  Decoder single(single_input);
  auto raw = single.read_raw();
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(to_hex(*raw), "0x05");
}

TEST(RlpDecode, KindMismatches) {
  const Bytes list_as_string_input = {0xc0};
  Decoder list_as_string(list_as_string_input);
  expect_rlp_error(list_as_string.read_bytes(), "expected a string");
  const Bytes list_as_integer_input = {0xc0};
  Decoder list_as_integer(list_as_integer_input);
  expect_rlp_error(list_as_integer.read_u64(), "expected a string");
  const Bytes string_as_list_input = {0x80};
  Decoder string_as_list(string_as_list_input);
  expect_rlp_error(string_as_list.read_list(), "expected a list");
  expect_rlp_error(decode_list(Bytes{0x83, 'd', 'o', 'g'}), "expected a list");
  const Bytes wrong_size_input = {0x82, 0x01, 0x02};
  Decoder wrong_size(wrong_size_input);
  expect_rlp_error(wrong_size.read_fixed<20>(), "expected 20 bytes");
}

// A failed read leaves the decoder where it was.
TEST(RlpDecode, FailedReadConsumesNothing) {
  const Bytes encoded = {0xc0};
  Decoder decoder(encoded);
  ASSERT_FALSE(decoder.read_bytes().ok());
  EXPECT_EQ(decoder.rest().size(), 1u);
  EXPECT_TRUE(decoder.read_list().ok());
  EXPECT_TRUE(decoder.empty());
}

// ---- One test per rejection rule ----

TEST(RlpReject, SingleByteBelow0x80WrappedIn0x81) {
  const Bytes decoder_input = {0x81, 0x00};
  Decoder decoder(decoder_input);
  expect_rlp_error(decoder.read_bytes(), "single byte below 0x80");
  const Bytes seven_f_input = {0x81, 0x7f};
  Decoder seven_f(seven_f_input);
  expect_rlp_error(seven_f.read_bytes(), "single byte below 0x80");
  const Bytes as_integer_input = {0x81, 0x05};
  Decoder as_integer(as_integer_input);
  expect_rlp_error(as_integer.read_u64(), "single byte below 0x80");
  // 0x81 0x80 is canonical: 0x80 cannot stand for itself.
  const Bytes canonical_input = {0x81, 0x80};
  Decoder canonical(canonical_input);
  EXPECT_TRUE(canonical.read_bytes().ok());
}

TEST(RlpReject, ShortStringInLongForm) {
  Bytes encoded = {0xb8, 0x37};  // 55 bytes, which fits the short form
  encoded.insert(encoded.end(), 55, 'a');
  Decoder decoder(encoded);
  expect_rlp_error(decoder.read_bytes(), "long form");
  const Bytes one_byte_input = {0xb8, 0x01, 0x80};
  Decoder one_byte(one_byte_input);
  expect_rlp_error(one_byte.read_bytes(), "long form");
}

TEST(RlpReject, ShortListInLongForm) {
  Bytes encoded = {0xf8, 0x02, 0x01, 0x02};
  expect_rlp_error(decode_list(encoded), "long form");
  Bytes empty_long = {0xf8, 0x00};
  expect_rlp_error(decode_list(empty_long), "leading zero");
}

TEST(RlpReject, LeadingZerosInLength) {
  Bytes encoded = {0xb9, 0x00, 0x38};  // 56 written with two length bytes
  encoded.insert(encoded.end(), 56, 'a');
  Decoder decoder(encoded);
  expect_rlp_error(decoder.read_bytes(), "length has leading zero");

  Bytes list = {0xf9, 0x00, 0x38};
  for (int i = 0; i < 56; ++i) list.push_back(0x01);
  expect_rlp_error(decode_list(list), "length has leading zero");
}

TEST(RlpReject, LeadingZerosInIntegers) {
  const Bytes two_bytes_input = {0x82, 0x00, 0x01};
  Decoder two_bytes(two_bytes_input);
  expect_rlp_error(two_bytes.read_u64(), "leading zero");
  const Bytes zero_byte_input = {0x00};
  Decoder zero_byte(zero_byte_input);  // zero must be the empty string
  expect_rlp_error(zero_byte.read_u64(), "leading zero");
  const Bytes wide_input = {0x82, 0x00, 0xff};
  Decoder wide(wide_input);
  expect_rlp_error(wide.read_u256(), "leading zero");
  const Bytes zero256_input = {0x00};
  Decoder zero256(zero256_input);
  expect_rlp_error(zero256.read_u256(), "leading zero");
}

TEST(RlpReject, OversizeIntegers) {
  Bytes nine = {0x89, 0x01, 0, 0, 0, 0, 0, 0, 0, 0};  // 2^64
  Decoder too_big(nine);
  expect_rlp_error(too_big.read_u64(), "does not fit in 64 bits");
  Decoder fits_u256(nine);
  auto wide = fits_u256.read_u256();
  ASSERT_TRUE(wide.ok());
  EXPECT_EQ(*wide, U256(0, 1, 0, 0));

  Bytes thirty_three = {0xa1, 0x01};
  thirty_three.insert(thirty_three.end(), 32, 0x00);
  Decoder too_big256(thirty_three);
  expect_rlp_error(too_big256.read_u256(), "does not fit in 256 bits");
}

TEST(RlpReject, TruncatedInputs) {
  const Bytes empty_input = {};
  Decoder empty(empty_input);
  expect_rlp_error(empty.read_bytes(), "end of input");
  expect_rlp_error(empty.peek_header(), "end of input");
  const Bytes short_string_input = {0x83, 'd', 'o'};
  Decoder short_string(short_string_input);
  expect_rlp_error(short_string.read_bytes(), "exceeds");
  const Bytes no_length_input = {0xb8};
  Decoder no_length(no_length_input);
  expect_rlp_error(no_length.read_bytes(), "ends inside a length");
  const Bytes partial_length_input = {0xba, 0x01, 0x00};
  Decoder partial_length(partial_length_input);
  expect_rlp_error(partial_length.read_bytes(), "ends inside a length");
  expect_rlp_error(decode_list(Bytes{0xc8, 0x83, 'c', 'a', 't', 0x83, 'd', 'o'}), "exceeds");
  expect_rlp_error(decode_list(Bytes{}), "end of input");
  expect_rlp_error(decode_list(Bytes{0xf8}), "ends inside a length");
}

TEST(RlpReject, LengthsBeyondInput) {
  // 2^64-1 and friends: the length must be compared with what is left, never added to
  // an offset first (which would wrap around).
  const Bytes max_string = {0xbf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00};
  Decoder decoder(max_string);
  expect_rlp_error(decoder.read_bytes(), "exceeds");
  const Bytes max_list = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  expect_rlp_error(decode_list(max_list), "exceeds");
  Decoder raw(max_list);
  expect_rlp_error(raw.read_raw(), "exceeds");
  Decoder header_only(max_list);
  expect_rlp_error(header_only.peek_header(), "exceeds");
  const Bytes almost_max = {0xbf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xf7};
  Decoder almost(almost_max);
  expect_rlp_error(almost.read_bytes(), "exceeds");
  // A nested item may not reach past its list's end even if the input goes on.
  const Bytes outer_input = {0xc2, 0x83, 'd', 'o', 'g', 0x00};
  Decoder outer(outer_input);
  auto inner = outer.read_list();
  ASSERT_TRUE(inner.ok());
  expect_rlp_error(inner->read_bytes(), "exceeds");
}

TEST(RlpReject, TrailingBytesAfterTopLevelList) {
  expect_rlp_error(decode_list(Bytes{0xc0, 0x00}), "trailing");
  expect_rlp_error(decode_list(Bytes{0xc1, 0x01, 0xc0}), "trailing");
  expect_rlp_error(validate(Bytes{0x80, 0x80}), "trailing");
}

TEST(RlpReject, ListPayloadThatDoesNotParse) {
  // [0x81 0x00]: a non-canonical single byte inside a list.
  expect_rlp_error(decode_list(Bytes{0xc2, 0x81, 0x00}), "single byte below 0x80");
  // An item inside a nested list that runs past that list's end.
  expect_rlp_error(decode_list(Bytes{0xc4, 0xc2, 0x83, 'a', 'b', 'c'}), "exceeds");
  // Deep inside: [[["dog" truncated]]].
  expect_rlp_error(decode_list(Bytes{0xc5, 0xc4, 0xc3, 0x83, 'd', 'o'}), "exceeds");
  // A long-form string of 2 bytes, three levels down.
  expect_rlp_error(decode_list(Bytes{0xc6, 0xc5, 0xc4, 0xb8, 0x02, 0x80, 0x80}), "long form");
}

// ---- Nesting depth ----

// Builds `depth` nested lists around an empty list: [[[...[]...]]].
Bytes nested_lists(size_t depth) {
  std::vector<size_t> payload_lengths(depth);
  size_t item_length = 1;  // the innermost 0xc0
  for (size_t level = 0; level < depth; ++level) {
    payload_lengths[level] = item_length;
    item_length += header_size(item_length);
  }
  Bytes out;
  out.reserve(item_length);
  for (size_t level = depth; level > 0; --level)
    encode_list_header(out, payload_lengths[level - 1]);
  out.push_back(0xc0);
  EXPECT_EQ(out.size(), item_length);
  return out;
}

TEST(RlpNesting, MillionLevelsDoNotOverflowTheStack) {
  constexpr size_t kDepth = 1'000'000;
  const Bytes encoded = nested_lists(kDepth);
  EXPECT_TRUE(validate(encoded).ok());
  auto list = decode_list(encoded);
  ASSERT_TRUE(list.ok()) << list.error().message;
  // The decoder itself walks down without recursion.
  Decoder current = *list;
  size_t levels = 0;
  while (!current.empty()) {
    auto inner = current.read_list();
    ASSERT_TRUE(inner.ok()) << inner.error().message;
    ASSERT_TRUE(current.empty());
    current = *inner;
    ++levels;
  }
  EXPECT_EQ(levels, kDepth);

  // Break the innermost list: validate must find it a million levels down.
  Bytes broken = encoded;
  broken.back() = 0x81;  // a string header whose byte is missing
  expect_rlp_error(validate(broken), "exceeds");
}

// validate() keeps the first levels inline and spills deeper ones; check both sides of
// that boundary, and that a list end deep inside is still enforced after spilling.
TEST(RlpNesting, EveryDepthAroundTheInlineLimit) {
  for (size_t depth = 0; depth <= 40; ++depth) {
    Bytes encoded = nested_lists(depth);
    EXPECT_TRUE(validate(encoded).ok()) << depth;
    // Append a sibling after the innermost list: every enclosing length is now one short.
    Bytes overlong = encoded;
    overlong.push_back(0x01);
    EXPECT_FALSE(validate(overlong).ok()) << depth;
    // Put [c0, 01] at the bottom instead of [c0]: the inner lists' lengths are one short
    // of their content, so the 01 ends up outside the list it was meant to be in.
    if (depth > 0) {
      Bytes misplaced(encoded.begin(), encoded.end() - 1);
      misplaced.insert(misplaced.end(), {0xc1, 0x01});
      EXPECT_FALSE(validate(misplaced).ok()) << depth;
    }
  }
}

}  // namespace
}  // namespace pel::rlp
