#pragma once
// Reading the fields of an RLP list into a struct, one named field at a time, so that
// the decoders of transactions, headers and receipts read like their field lists and
// every error says which field was wrong.

#include <optional>
#include <string>
#include <string_view>

#include "core/rlp.hpp"

namespace pel::rlp {

inline Error field_error(std::string_view field, const Error& cause) {
  return make_error(std::string(field) + ": " + cause.message);
}

inline Error missing_field(std::string_view field) {
  return make_error("missing field " + std::string(field));
}

inline Status read_field(Decoder& list, std::string_view field, uint64_t& out) {
  if (list.empty()) return missing_field(field);
  auto value = list.read_u64();
  if (!value) return field_error(field, value.error());
  out = *value;
  return {};
}

inline Status read_field(Decoder& list, std::string_view field, U256& out) {
  if (list.empty()) return missing_field(field);
  auto value = list.read_u256();
  if (!value) return field_error(field, value.error());
  out = *value;
  return {};
}

inline Status read_field(Decoder& list, std::string_view field, Bytes& out) {
  if (list.empty()) return missing_field(field);
  auto value = list.read_bytes();
  if (!value) return field_error(field, value.error());
  out.assign(value->begin(), value->end());
  return {};
}

template <size_t N>
Status read_field(Decoder& list, std::string_view field, FixedBytes<N>& out) {
  if (list.empty()) return missing_field(field);
  auto value = list.read_fixed<N>();
  if (!value) return field_error(field, value.error());
  out = *value;
  return {};
}

// A trailing optional field (headers grow at the end with each fork): read when the
// list still has items, left absent otherwise.
template <class T>
Status read_optional_field(Decoder& list, std::string_view field, std::optional<T>& out) {
  if (list.empty()) return {};
  T value{};
  PEL_TRY(read_field(list, field, value));
  out = std::move(value);
  return {};
}

// After the last field: a list with items left over has too many fields.
inline Status expect_end(const Decoder& list, std::string_view what) {
  if (!list.empty()) return make_error(std::string(what) + ": too many fields");
  return {};
}

}  // namespace pel::rlp
