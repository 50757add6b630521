#include "core/json_fields.hpp"

#include <cctype>
#include <vector>

namespace pel::json_fields {

namespace {

// A JSON text never produces binary values, so a binary value with this subtype is
// unambiguous: it holds the digits of an integer literal that did not fit 64 bits.
constexpr uint8_t kBigIntegerSubtype = 0xb1;

bool is_big_integer(const Json& value) {
  return value.is_binary() && value.get_binary().has_subtype() &&
         value.get_binary().subtype() == kBigIntegerSubtype;
}

std::string_view big_integer_text(const Json& value) {
  const auto& digits = value.get_binary();
  return {reinterpret_cast<const char*>(digits.data()), digits.size()};
}

bool is_integer_literal(std::string_view text) {
  if (!text.empty() && text.front() == '-') text.remove_prefix(1);
  if (text.empty()) return false;
  for (char c : text)
    if (c < '0' || c > '9') return false;
  return true;
}

// Builds the document through nlohmann's SAX interface, which hands over each
// number's text: the only way to keep big integer literals exact.
class ExactDomBuilder {
 public:
  ExactDomBuilder(Json& root, size_t max_depth) : root_(root), max_depth_(max_depth) {}

  const std::string& error() const { return error_; }

  bool null() { return add(Json(nullptr)) != nullptr; }
  bool boolean(bool value) { return add(Json(value)) != nullptr; }
  bool number_integer(Json::number_integer_t value) { return add(Json(value)) != nullptr; }
  bool number_unsigned(Json::number_unsigned_t value) { return add(Json(value)) != nullptr; }
  bool number_float(Json::number_float_t value, const std::string& text) {
    if (is_integer_literal(text)) {
      return add(Json::binary(std::vector<uint8_t>(text.begin(), text.end()),
                              kBigIntegerSubtype)) != nullptr;
    }
    return add(Json(value)) != nullptr;
  }
  bool string(std::string& value) { return add(Json(std::move(value))) != nullptr; }
  bool binary(Json::binary_t&) {
    error_ = "unexpected binary value";  // JSON text has none
    return false;
  }

  bool start_object(size_t) { return open(Json::object()); }
  bool key(std::string& name) {
    pending_key_ = std::move(name);
    return true;
  }
  bool end_object() {
    open_.pop_back();
    return true;
  }
  bool start_array(size_t) { return open(Json::array()); }
  bool end_array() {
    open_.pop_back();
    return true;
  }

  bool parse_error(size_t, const std::string&, const nlohmann::detail::exception& ex) {
    // Drop nlohmann's "[json.exception.parse_error.101] " tag; keep the readable part.
    std::string_view message = ex.what();
    if (auto tag_end = message.find("] "); tag_end != std::string_view::npos) {
      message.remove_prefix(tag_end + 2);
    }
    error_ = std::string(message);
    return false;
  }

 private:
  bool open(Json container) {
    if (open_.size() >= max_depth_) {
      error_ = "nesting deeper than " + std::to_string(max_depth_) + " levels";
      return false;
    }
    Json* placed = add(std::move(container));
    if (placed == nullptr) return false;
    open_.push_back(placed);
    return true;
  }

  // Places `value` in the innermost open container (or as the root); returns where
  // it now lives. Pointers into nlohmann containers stay valid while the container
  // is open because only its last element is ever appended to.
  Json* add(Json value) {
    if (open_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    Json& parent = *open_.back();
    if (parent.is_array()) {
      parent.get_ref<Json::array_t&>().push_back(std::move(value));
      return &parent.get_ref<Json::array_t&>().back();
    }
    // Go keeps the last of duplicate members; so does this.
    Json& slot = parent.get_ref<Json::object_t&>()[pending_key_];
    slot = std::move(value);
    return &slot;
  }

  Json& root_;
  size_t max_depth_;
  std::vector<Json*> open_;
  std::string pending_key_;
  std::string error_;
};

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

Error wrong_type(std::string_view expected, const Json& value) {
  return make_error("expected " + std::string(expected) + ", got " + type_name(value));
}

Result<uint64_t> narrow_to_uint64(const U256& value) {
  if (!value.fits_u64()) return make_error("value does not fit in 64 bits");
  return value.low64();
}

}  // namespace

Result<Json> parse(std::string_view text, size_t max_depth) {
  Json root;
  ExactDomBuilder builder(root, max_depth);
  if (!Json::sax_parse(text.begin(), text.end(), &builder)) return make_error(builder.error());
  return root;
}

const Json* find_member(const Json& object, std::string_view name) {
  if (!object.is_object()) return nullptr;
  const auto& members = object.get_ref<const Json::object_t&>();
  const Json* found = nullptr;
  if (auto exact = members.find(std::string(name)); exact != members.end()) {
    found = &exact->second;
  } else {
    for (const auto& [key, value] : members) {
      if (iequals(key, name)) {
        found = &value;
        break;
      }
    }
  }
  if (found == nullptr || found->is_null()) return nullptr;
  return found;
}

std::string type_name(const Json& value) {
  if (is_big_integer(value)) return "number";
  return value.type_name();
}

Result<uint64_t> read_uint64_number(const Json& value) {
  if (value.is_number_unsigned()) return value.get<uint64_t>();
  if (value.is_number_integer()) return make_error("must not be negative");
  if (is_big_integer(value)) {
    if (big_integer_text(value).front() == '-') return make_error("must not be negative");
    return make_error("value does not fit in 64 bits");
  }
  if (value.is_number_float()) return make_error("expected an integer, got a fraction");
  return wrong_type("a number", value);
}

Result<U256> read_u256_number(const Json& value) {
  if (is_big_integer(value)) {
    std::string_view digits = big_integer_text(value);
    if (digits.front() == '-') return make_error("must not be negative");
    return U256::from_dec(digits);
  }
  auto small = read_uint64_number(value);
  if (!small) return small.error();
  return U256(*small);
}

Result<U256> read_u256_quantity(const Json& value) {
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (text.empty()) return make_error("empty string");
    if (text.front() == '-') return make_error("must not be negative");
    return U256::from_string(text);
  }
  if (value.is_number() || is_big_integer(value)) return read_u256_number(value);
  return wrong_type("a hex or decimal string", value);
}

Result<uint64_t> read_uint64_quantity(const Json& value) {
  auto wide = read_u256_quantity(value);
  if (!wide) return wide.error();
  return narrow_to_uint64(*wide);
}

Result<std::string_view> read_string(const Json& value) {
  if (!value.is_string()) return wrong_type("a hex string", value);
  return std::string_view(value.get_ref<const std::string&>());
}

Result<Bytes> read_hex_bytes(const Json& value) {
  auto text = read_string(value);
  if (!text) return text.error();
  return from_hex(*text);
}

Result<Hash> read_storage_word(const Json& value) {
  auto text = read_string(value);
  if (!text) return text.error();
  std::string_view digits = *text;
  if (digits.size() >= 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
    digits.remove_prefix(2);
  }
  if (digits.size() > 64) return make_error("more than 32 bytes of hex");
  std::string even;
  if (digits.size() % 2 != 0) even.push_back('0');
  even.append(digits);
  auto bytes = from_hex(even);
  if (!bytes) return bytes.error();
  Hash word;
  std::copy(bytes->begin(), bytes->end(), word.bytes.end() - static_cast<long>(bytes->size()));
  return word;
}

}  // namespace pel::json_fields
