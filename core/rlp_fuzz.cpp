// libFuzzer target for the RLP decoder.
//
// Walks arbitrary input as RLP, rebuilding what it decodes with the encoder. The
// decoder accepts canonical encodings only, so whenever the input is one well-formed
// item the rebuilt bytes must equal the input exactly. Also checks that validate(),
// decode_list() and the integer readers agree with that walk, and that non-canonical
// rewrites of each decoded item are rejected.

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/rlp.hpp"

namespace {

using pel::Bytes;
using pel::BytesView;
using pel::rlp::Decoder;

// The walk below recurses; inputs nested deeper are only checked by validate().
constexpr int kMaxDepth = 128;
// Non-canonical rewrites copy the item and each rejection builds an error message, so
// only the first items of an input get them (the header rules are the same for every
// item; without this bound large inputs run a hundred times slower).
constexpr int kVariantItemsPerInput = 32;
int variant_items_left = 0;

bool take_variant_budget() {
  if (variant_items_left == 0) return false;
  --variant_items_left;
  return true;
}

enum class Walk { kCanonical, kMalformed, kTooDeep };

// Scratch buffers reused across runs: allocations (and ASan's stack capture for each)
// would otherwise dominate the time per input.
Bytes& scratch() {
  static Bytes buffer;
  buffer.clear();
  return buffer;
}

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "rlp_fuzz: %s\n", what);
  std::abort();
}

template <class R>
void expect_rlp_message(const R& result) {
  if (!result.ok() && result.error().message.rfind("rlp: ", 0) != 0) {
    fail(("error message without \"rlp: \" prefix: " + result.error().message).c_str());
  }
}

void expect_rejected(BytesView encoding, const char* what) {
  const pel::Status status = pel::rlp::validate(encoding);
  if (status.ok()) fail(what);
  expect_rlp_message(status);
}

// A string item read as an integer must re-encode to the same bytes, the u64 and U256
// readers must agree wherever both succeed, and the same integer with a zero byte in
// front must be rejected by both.
void check_integer_readers(BytesView item, BytesView payload) {
  auto u64 = Decoder(item).read_u64();
  expect_rlp_message(u64);
  auto u256 = Decoder(item).read_u256();
  expect_rlp_message(u256);
  if (u64) {
    Bytes& again = scratch();
    pel::rlp::encode_uint(again, *u64);
    if (!std::ranges::equal(again, item)) fail("u64 does not re-encode to its input");
    if (!u256 || *u256 != pel::U256(*u64)) fail("read_u256 disagrees with read_u64");
  }
  if (u256) {
    Bytes& again = scratch();
    pel::rlp::encode_uint(again, *u256);
    if (!std::ranges::equal(again, item)) fail("U256 does not re-encode to its input");
  }

  if (payload.size() >= 32) return;
  uint8_t padded[32] = {0};
  std::copy(payload.begin(), payload.end(), padded + 1);
  Bytes& encoding = scratch();
  pel::rlp::encode_bytes(encoding, BytesView(padded, payload.size() + 1));
  if (Decoder(encoding).read_u64().ok()) fail("read_u64 accepted a leading zero byte");
  if (Decoder(encoding).read_u256().ok()) fail("read_u256 accepted a leading zero byte");
}

// Random inputs rarely hit one specific non-canonical form by chance, so each canonical
// item the walk finds is also rewritten into the non-canonical forms of the same value
// (and cut short by a byte), and each of those must be rejected.
void check_noncanonical_variants(bool is_list, BytesView payload, BytesView item) {
  const uint8_t short_offset = is_list ? 0xc0 : 0x80;
  const size_t size = payload.size();
  if (!is_list && size == 1 && payload[0] < 0x80) {
    const uint8_t wrapped[2] = {0x81, payload[0]};
    expect_rejected(wrapped, "accepted a single byte below 0x80 as 0x81 xx");
  }
  Bytes& variant = scratch();
  if (size <= 55) {
    // The long form with one length byte, for a payload that fits the short form.
    variant = {static_cast<uint8_t>(short_offset + 56), static_cast<uint8_t>(size)};
    variant.insert(variant.end(), payload.begin(), payload.end());
    expect_rejected(variant, "accepted the long form for fewer than 56 bytes");
  } else {
    // The long form with a leading zero byte in the length.
    size_t length_of_length = 0;
    while (length_of_length < 8 && (size >> (8 * length_of_length)) != 0) ++length_of_length;
    if (length_of_length < 8) {
      variant = {static_cast<uint8_t>(short_offset + 55 + length_of_length + 1), 0x00};
      for (size_t i = length_of_length; i > 0; --i) {
        variant.push_back(static_cast<uint8_t>(size >> (8 * (i - 1))));
      }
      variant.insert(variant.end(), payload.begin(), payload.end());
      expect_rejected(variant, "accepted a length with a leading zero byte");
    }
  }
  expect_rejected(item.first(item.size() - 1), "accepted an item cut short by one byte");
}

// Reads one item from `decoder` and appends its re-encoding to `out`.
Walk reencode_item(Decoder& decoder, Bytes& out, int depth) {
  auto header = decoder.peek_header();
  expect_rlp_message(header);
  if (!header) return Walk::kMalformed;

  auto item = Decoder(decoder).read_raw();
  if (!item || item->size() != header->header_length + header->payload_length) {
    fail("read_raw disagrees with peek_header");
  }

  if (!header->is_list) {
    auto bytes = decoder.read_bytes();
    if (!bytes || bytes->size() != header->payload_length) fail("read_bytes disagrees with header");
    if (take_variant_budget()) {
      check_integer_readers(*item, *bytes);
      check_noncanonical_variants(false, *bytes, *item);
    }
    pel::rlp::encode_bytes(out, *bytes);
    return Walk::kCanonical;
  }

  if (depth >= kMaxDepth) return Walk::kTooDeep;
  auto list = decoder.read_list();
  if (!list || list->rest().size() != header->payload_length) fail("read_list disagrees");
  const BytesView payload = list->rest();
  // Re-encode the children first, then put the header (computed from what they
  // re-encoded to, not from the input) in front of them.
  const size_t start = out.size();
  while (!list->empty()) {
    Walk walk = reencode_item(*list, out, depth + 1);
    if (walk != Walk::kCanonical) return walk;
  }
  Bytes& list_header = scratch();
  pel::rlp::encode_list_header(list_header, out.size() - start);
  out.insert(out.begin() + static_cast<ptrdiff_t>(start), list_header.begin(), list_header.end());
  if (take_variant_budget()) check_noncanonical_variants(true, payload, *item);
  return Walk::kCanonical;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const BytesView input(data, size);

  variant_items_left = kVariantItemsPerInput;
  static Bytes rebuilt;
  rebuilt.clear();
  Decoder top(input);
  const Walk walk = reencode_item(top, rebuilt, 0);
  const bool one_canonical_item = walk == Walk::kCanonical && top.empty();

  if (one_canonical_item && !std::ranges::equal(rebuilt, input)) {
    fail("re-encoding a decoded item did not give back the input");
  }

  const pel::Status valid = pel::rlp::validate(input);
  expect_rlp_message(valid);
  if (walk != Walk::kTooDeep && valid.ok() != one_canonical_item) {
    fail("validate() disagrees with the recursive walk");
  }

  auto list = pel::rlp::decode_list(input);
  expect_rlp_message(list);
  const bool is_list = size > 0 && data[0] >= 0xc0;
  if (list.ok() != (valid.ok() && is_list)) fail("decode_list() disagrees with validate()");
  return 0;
}
