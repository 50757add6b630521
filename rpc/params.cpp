#include "rpc/params.hpp"

namespace pel::rpc {

namespace {

using json = nlohmann::json;

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool has_hex_prefix(std::string_view text) {
  return text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
}

// The digits of a quantity after the checks every quantity shares.
Result<std::string_view> quantity_digits(std::string_view text, size_t max_digits,
                                         const char* range_error) {
  if (text.empty()) return make_error("empty hex string");
  if (!has_hex_prefix(text)) return make_error("hex string without 0x prefix");
  std::string_view digits = text.substr(2);
  if (digits.empty()) return make_error("hex string \"0x\"");
  for (char c : digits)
    if (hex_digit(c) < 0) return make_error("invalid hex string");
  if (digits.size() > 1 && digits[0] == '0')
    return make_error("hex number with leading zero digits");
  if (digits.size() > max_digits) return make_error(range_error);
  return digits;
}

template <size_t N>
Result<FixedBytes<N>> decode_fixed(std::string_view text, const char* what) {
  if (text.empty()) return make_error("empty hex string");
  if (!has_hex_prefix(text)) return make_error("hex string without 0x prefix");
  if (text.size() - 2 != 2 * N) {
    return make_error("hex string has length " + std::to_string(text.size() - 2) + ", want " +
                      std::to_string(2 * N) + " for " + what);
  }
  auto bytes = pel::from_hex(text);
  if (!bytes) return make_error("invalid hex string");
  return FixedBytes<N>::from_view(*bytes);
}

const char* type_name(const json& value) {
  return value.type_name();  // "null", "number", "object", ...
}

Result<std::string_view> string_of(const json& value, const char* expected) {
  if (!value.is_string()) {
    return make_error(std::string("expected ") + expected + ", got " + type_name(value));
  }
  return std::string_view(value.get_ref<const std::string&>());
}

}  // namespace

Result<uint64_t> parse_quantity_u64(std::string_view text) {
  auto digits = quantity_digits(text, 16, "hex number > 64 bits");
  if (!digits) return digits.error();
  uint64_t value = 0;
  for (char c : *digits) value = value << 4 | static_cast<uint64_t>(hex_digit(c));
  return value;
}

Result<U256> parse_quantity_u256(std::string_view text) {
  auto digits = quantity_digits(text, 64, "hex number > 256 bits");
  if (!digits) return digits.error();
  U256 value;
  // Digit i from the right is bits 4i..4i+3: limb i / 16, shift 4 * (i % 16).
  size_t count = digits->size();
  for (size_t i = 0; i < count; ++i) {
    auto nibble = static_cast<uint64_t>(hex_digit((*digits)[count - 1 - i]));
    value.limbs[i / 16] |= nibble << (4 * (i % 16));
  }
  return value;
}

Result<Bytes> parse_data(std::string_view text) {
  if (text.empty()) return make_error("empty hex string");
  if (!has_hex_prefix(text)) return make_error("hex string without 0x prefix");
  if (text.size() % 2 != 0) return make_error("hex string of odd length");
  auto bytes = pel::from_hex(text);
  if (!bytes) return make_error("invalid hex string");
  return std::move(*bytes);
}

Result<Address> parse_address(std::string_view text) {
  return decode_fixed<20>(text, "an address");
}

Result<Hash> parse_hash(std::string_view text) {
  return decode_fixed<32>(text, "a hash");
}

Result<BlockNumberOrTag> parse_block_number_or_tag(std::string_view text) {
  if (text == "latest") return BlockNumberOrTag{BlockTag::kLatest, 0};
  if (text == "earliest") return BlockNumberOrTag{BlockTag::kEarliest, 0};
  if (text == "pending") return BlockNumberOrTag{BlockTag::kPending, 0};
  if (text == "safe") return BlockNumberOrTag{BlockTag::kSafe, 0};
  if (text == "finalized") return BlockNumberOrTag{BlockTag::kFinalized, 0};
  if (!has_hex_prefix(text)) {
    return make_error("invalid block number or tag \"" + std::string(text.substr(0, 80)) +
                      "\": want latest, earliest, pending, safe, finalized or a hex number");
  }
  auto number = parse_quantity_u64(text);
  if (!number) return number.error();
  return BlockNumberOrTag::at(*number);
}

Result<uint64_t> decode_quantity_u64(const json& value) {
  auto text = string_of(value, "a hex quantity string");
  if (!text) return text.error();
  return parse_quantity_u64(*text);
}

Result<U256> decode_quantity_u256(const json& value) {
  auto text = string_of(value, "a hex quantity string");
  if (!text) return text.error();
  return parse_quantity_u256(*text);
}

Result<Bytes> decode_data(const json& value) {
  auto text = string_of(value, "a hex data string");
  if (!text) return text.error();
  return parse_data(*text);
}

Result<Address> decode_address(const json& value) {
  auto text = string_of(value, "an address string");
  if (!text) return text.error();
  return parse_address(*text);
}

Result<Hash> decode_hash(const json& value) {
  auto text = string_of(value, "a hash string");
  if (!text) return text.error();
  return parse_hash(*text);
}

Result<BlockNumberOrTag> decode_block_number_or_tag(const json& value) {
  auto text = string_of(value, "a block number or tag string");
  if (!text) return text.error();
  return parse_block_number_or_tag(*text);
}

Result<BlockId> decode_block_id(const json& value) {
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    // A 32-byte hash is the one string form 66 characters long (geth does the same).
    if (text.size() == 66 && has_hex_prefix(text)) {
      auto hash = parse_hash(text);
      if (!hash) return hash.error();
      return BlockId{BlockHashRef{*hash, false}};
    }
    auto block = parse_block_number_or_tag(text);
    if (!block) return block.error();
    return BlockId{*block};
  }
  if (!value.is_object()) {
    return make_error(std::string("expected a block number, tag, hash or object, got ") +
                      type_name(value));
  }
  auto hash_member = value.find("blockHash");
  auto number_member = value.find("blockNumber");
  bool has_hash = hash_member != value.end() && !hash_member->is_null();
  bool has_number = number_member != value.end() && !number_member->is_null();
  if (has_hash && has_number) {
    return make_error("cannot specify both blockHash and blockNumber, choose one or the other");
  }
  if (has_hash) {
    auto hash = decode_hash(*hash_member);
    if (!hash) return make_error("blockHash: " + hash.error().message);
    bool require_canonical = false;
    if (auto canonical = value.find("requireCanonical");
        canonical != value.end() && !canonical->is_null()) {
      if (!canonical->is_boolean()) return make_error("requireCanonical: expected a boolean");
      require_canonical = canonical->get<bool>();
    }
    return BlockId{BlockHashRef{*hash, require_canonical}};
  }
  if (has_number) {
    auto block = decode_block_number_or_tag(*number_member);
    if (!block) return make_error("blockNumber: " + block.error().message);
    return BlockId{*block};
  }
  return make_error("either blockHash or blockNumber must be specified");
}

std::string encode_quantity(uint64_t value) {
  static constexpr char kDigits[] = "0123456789abcdef";
  char buffer[18];
  char* end = buffer + sizeof(buffer);
  char* cursor = end;
  do {
    *--cursor = kDigits[value & 0xf];
    value >>= 4;
  } while (value != 0);
  *--cursor = 'x';
  *--cursor = '0';
  return std::string(cursor, end);
}

std::string encode_quantity(const U256& value) {
  if (value.fits_u64()) return encode_quantity(value.low64());
  std::string hex = to_hex(value.to_be_bytes_trimmed(), false);
  size_t first = hex.find_first_not_of('0');  // the leading byte may start with a zero nibble
  return "0x" + hex.substr(first);
}

std::string encode_data(BytesView bytes) {
  return to_hex(bytes, true);
}

std::string encode_block_number_or_tag(const BlockNumberOrTag& block) {
  switch (block.tag) {
    case BlockTag::kNumber:
      return encode_quantity(block.number);
    case BlockTag::kLatest:
      return "latest";
    case BlockTag::kEarliest:
      return "earliest";
    case BlockTag::kPending:
      return "pending";
    case BlockTag::kSafe:
      return "safe";
    case BlockTag::kFinalized:
      return "finalized";
  }
  return "latest";
}

}  // namespace pel::rpc
