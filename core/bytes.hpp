#pragma once
// Byte strings and their hex form.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace pel {

using Bytes = std::vector<uint8_t>;
using BytesView = std::span<const uint8_t>;

// Lower-case hex, "0x"-prefixed unless prefix is false. Empty input gives "0x".
std::string to_hex(BytesView bytes, bool prefix = true);

// Parses hex with or without a "0x" prefix; the digit count must be even.
Result<Bytes> from_hex(std::string_view hex);

inline BytesView as_view(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

}  // namespace pel
