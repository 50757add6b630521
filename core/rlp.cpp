#include "core/rlp.hpp"

#include <array>
#include <bit>
#include <string>
#include <vector>

namespace pel::rlp {

static_assert(sizeof(size_t) == 8, "RLP lengths are read into size_t; 64-bit platforms only");

namespace {

// Prefix bytes (Yellow Paper, appendix B).
constexpr uint8_t kShortString = 0x80;  // 0x80..0xb7: string of 0..55 bytes
constexpr uint8_t kLongString = 0xb7;   // 0xb8..0xbf: 1..8 length bytes follow
constexpr uint8_t kShortList = 0xc0;    // 0xc0..0xf7: list payload of 0..55 bytes
constexpr uint8_t kLongList = 0xf7;     // 0xf8..0xff: 1..8 length bytes follow
constexpr size_t kMaxShortLength = 55;

// Bytes needed for `value` in minimal big-endian form (0 for zero).
size_t be_length(uint64_t value) {
  return (static_cast<size_t>(std::bit_width(value)) + 7) / 8;
}

void append_be(Bytes& out, uint64_t value, size_t length) {
  for (size_t i = length; i > 0; --i) out.push_back(static_cast<uint8_t>(value >> ((i - 1) * 8)));
}

// `short_offset` is 0x80 for strings and 0xc0 for lists; the long forms sit 55 above.
void append_header(Bytes& out, uint8_t short_offset, size_t payload_length) {
  if (payload_length <= kMaxShortLength) {
    out.push_back(static_cast<uint8_t>(short_offset + payload_length));
    return;
  }
  size_t length_of_length = be_length(payload_length);
  out.push_back(static_cast<uint8_t>(short_offset + kMaxShortLength + length_of_length));
  append_be(out, payload_length, length_of_length);
}

Error error_at_end(const char* what) {
  return make_error(std::string("rlp: input ends inside ") + what);
}

// Reads the header at the front of `input`, checking that the item fits in `input`
// and is canonically encoded. All arithmetic compares against what remains, so a
// declared length near 2^64 is an error, never a wrapped sum.
Result<Header> parse_header(BytesView input) {
  if (input.empty()) return make_error("rlp: unexpected end of input, expected an item");
  const uint8_t prefix = input[0];
  const size_t after_prefix = input.size() - 1;
  Header header;

  if (prefix < kShortString) {
    header.payload_length = 1;
    header.header_length = 0;
    return header;
  }

  header.is_list = prefix >= kShortList;
  const uint8_t short_offset = header.is_list ? kShortList : kShortString;
  const uint8_t long_offset = header.is_list ? kLongList : kLongString;
  const char* kind = header.is_list ? "list" : "string";

  if (prefix <= long_offset) {
    header.header_length = 1;
    header.payload_length = prefix - short_offset;
    if (header.payload_length > after_prefix) {
      return make_error(std::string("rlp: ") + kind + " of " +
                        std::to_string(header.payload_length) + " bytes exceeds the " +
                        std::to_string(after_prefix) + " bytes left");
    }
    if (!header.is_list && header.payload_length == 1 && input[1] < kShortString) {
      return make_error("rlp: single byte below 0x80 must be encoded as itself, not as 0x81 xx");
    }
    return header;
  }

  // Long form: 1 to 8 big-endian length bytes follow the prefix.
  const size_t length_of_length = prefix - long_offset;
  if (length_of_length > after_prefix) return error_at_end("a length prefix");
  if (input[1] == 0) return make_error("rlp: length has leading zero bytes");
  uint64_t length = 0;
  for (size_t i = 1; i <= length_of_length; ++i) length = (length << 8) | input[i];
  if (length <= kMaxShortLength) {
    return make_error(std::string("rlp: ") + kind + " of " + std::to_string(length) +
                      " bytes uses the long form, which is only for 56 bytes or more");
  }
  const size_t after_header = after_prefix - length_of_length;
  if (length > after_header) {
    return make_error(std::string("rlp: ") + kind + " of " + std::to_string(length) +
                      " bytes exceeds the " + std::to_string(after_header) + " bytes left");
  }
  header.header_length = 1 + length_of_length;
  header.payload_length = static_cast<size_t>(length);
  return header;
}

// A string payload as a canonical unsigned integer: no leading zero bytes, at most
// `max_bytes` long.
Status check_integer(BytesView payload, size_t max_bytes, const char* type_name) {
  if (payload.size() > max_bytes) {
    return make_error(std::string("rlp: integer of ") + std::to_string(payload.size()) +
                      " bytes does not fit in " + type_name);
  }
  if (!payload.empty() && payload[0] == 0) {
    return make_error("rlp: integer has leading zero bytes");
  }
  return {};
}

// End offsets of the lists a walk is inside, innermost last. The first levels live
// inline, so validating ordinary inputs (transactions, headers) allocates nothing;
// deeper inputs spill to the heap, at most one entry per list header actually read.
class ListEnds {
 public:
  bool empty() const { return size_ == 0; }
  size_t back() const { return size_ <= kInline ? inline_[size_ - 1] : spill_.back(); }
  void push(size_t end) {
    if (size_ < kInline) {
      inline_[size_] = end;
    } else {
      spill_.push_back(end);
    }
    ++size_;
  }
  void pop() {
    if (size_ > kInline) spill_.pop_back();
    --size_;
  }

 private:
  static constexpr size_t kInline = 16;
  std::array<size_t, kInline> inline_{};
  std::vector<size_t> spill_;
  size_t size_ = 0;
};

}  // namespace

// ---- Encoding ----

void encode_bytes(Bytes& out, BytesView bytes) {
  if (bytes.size() == 1 && bytes[0] < kShortString) {
    out.push_back(bytes[0]);
    return;
  }
  append_header(out, kShortString, bytes.size());
  out.insert(out.end(), bytes.begin(), bytes.end());
}

void encode_uint(Bytes& out, uint64_t value) {
  if (value != 0 && value < kShortString) {
    out.push_back(static_cast<uint8_t>(value));
    return;
  }
  const size_t length = be_length(value);
  out.push_back(static_cast<uint8_t>(kShortString + length));
  append_be(out, value, length);
}

void encode_uint(Bytes& out, const U256& value) {
  uint8_t full[32];
  value.to_be_bytes(full);
  size_t first = 0;
  while (first < 32 && full[first] == 0) ++first;
  encode_bytes(out, BytesView(full + first, 32 - first));
}

void encode_list_header(Bytes& out, size_t payload_length) {
  append_header(out, kShortList, payload_length);
}

void encode_list(Bytes& out, BytesView payload) {
  encode_list_header(out, payload.size());
  out.insert(out.end(), payload.begin(), payload.end());
}

Bytes wrap_list(BytesView payload) {
  Bytes out;
  out.reserve(header_size(payload.size()) + payload.size());
  encode_list(out, payload);
  return out;
}

size_t header_size(size_t payload_length) {
  return payload_length <= kMaxShortLength ? 1 : 1 + be_length(payload_length);
}

// ---- Decoding ----

Result<Header> Decoder::peek_header() const {
  return parse_header(rest_);
}

Result<BytesView> Decoder::read_bytes() {
  auto header = parse_header(rest_);
  if (!header) return header.error();
  if (header->is_list) return make_error("rlp: expected a string, got a list");
  BytesView payload = rest_.subspan(header->header_length, header->payload_length);
  rest_ = rest_.subspan(header->header_length + header->payload_length);
  return payload;
}

Result<uint64_t> Decoder::read_u64() {
  auto payload = read_bytes();
  if (!payload) return payload.error();
  PEL_TRY(check_integer(*payload, 8, "64 bits"));
  uint64_t value = 0;
  for (uint8_t byte : *payload) value = (value << 8) | byte;
  return value;
}

Result<U256> Decoder::read_u256() {
  auto payload = read_bytes();
  if (!payload) return payload.error();
  PEL_TRY(check_integer(*payload, 32, "256 bits"));
  return U256::from_be_bytes(*payload);
}

Result<Decoder> Decoder::read_list() {
  auto header = parse_header(rest_);
  if (!header) return header.error();
  if (!header->is_list) return make_error("rlp: expected a list, got a string");
  Decoder payload(rest_.subspan(header->header_length, header->payload_length));
  rest_ = rest_.subspan(header->header_length + header->payload_length);
  return payload;
}

Result<BytesView> Decoder::read_raw() {
  auto header = parse_header(rest_);
  if (!header) return header.error();
  const size_t item_length = header->header_length + header->payload_length;
  BytesView item = rest_.first(item_length);
  rest_ = rest_.subspan(item_length);
  return item;
}

Status validate(BytesView input) {
  // Walks items front to back. `list_ends` holds the end offset of every list we are
  // inside; each item must fit within the innermost one (parse_header sees only the
  // bytes up to that end), so items can never straddle a list boundary, and when the
  // position reaches an end that list's payload was exactly a sequence of items.
  ListEnds list_ends;
  size_t position = 0;
  size_t limit = input.size();
  bool top_level_read = false;
  while (true) {
    while (!list_ends.empty() && position == list_ends.back()) {
      list_ends.pop();
      limit = list_ends.empty() ? input.size() : list_ends.back();
    }
    if (list_ends.empty() && top_level_read) break;
    auto header = parse_header(input.subspan(position, limit - position));
    if (!header) return header.error();
    top_level_read = true;
    if (header->is_list) {
      position += header->header_length;
      limit = position + header->payload_length;
      list_ends.push(limit);
    } else {
      position += header->header_length + header->payload_length;
    }
  }
  if (position != input.size()) {
    return make_error("rlp: " + std::to_string(input.size() - position) +
                      " trailing bytes after the top-level item");
  }
  return {};
}

Result<Decoder> decode_list(BytesView input) {
  PEL_TRY(validate(input));
  Decoder top(input);
  return top.read_list();
}

}  // namespace pel::rlp
