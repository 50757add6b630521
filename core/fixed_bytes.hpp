#pragma once
// Fixed-size byte strings: Address (20 bytes) and Hash (32 bytes).

#include <algorithm>
#include <array>
#include <compare>
#include <cstring>
#include <functional>

#include "core/bytes.hpp"

namespace pel {

template <size_t N>
struct FixedBytes {
  static constexpr size_t kSize = N;
  std::array<uint8_t, N> bytes{};

  static FixedBytes from_view(BytesView view) {
    FixedBytes out;
    std::memcpy(out.bytes.data(), view.data(), std::min(view.size(), N));
    return out;
  }

  // Exactly N bytes of hex, with or without "0x".
  static Result<FixedBytes> from_hex(std::string_view hex) {
    auto parsed = pel::from_hex(hex);
    if (!parsed) return parsed.error();
    if (parsed->size() != N) {
      return make_error("expected " + std::to_string(N) + " bytes of hex, got " +
                        std::to_string(parsed->size()));
    }
    return from_view(*parsed);
  }

  std::string hex() const { return to_hex(view()); }
  BytesView view() const { return {bytes.data(), N}; }
  const uint8_t* data() const { return bytes.data(); }
  uint8_t* data() { return bytes.data(); }
  bool is_zero() const {
    for (uint8_t b : bytes)
      if (b != 0) return false;
    return true;
  }

  friend auto operator<=>(const FixedBytes&, const FixedBytes&) = default;
  // (memcmp against zero of a constant size compiles to a few word compares; the
  // defaulted operator calls the library's memcmp, and addresses are compared often.)
  friend bool operator==(const FixedBytes& a, const FixedBytes& b) {
    return std::memcmp(a.bytes.data(), b.bytes.data(), N) == 0;
  }
};

using Address = FixedBytes<20>;
using Hash = FixedBytes<32>;

}  // namespace pel

template <size_t N>
struct std::hash<pel::FixedBytes<N>> {
  size_t operator()(const pel::FixedBytes<N>& value) const noexcept {
    // The bytes are hashes or addresses (already uniform); mix two words anyway so
    // that hand-made keys (0x...01, 0x...02) spread over buckets too.
    uint64_t a = 0, b = 0;
    std::memcpy(&a, value.bytes.data(), 8);
    std::memcpy(&b, value.bytes.data() + N - 8, 8);
    uint64_t h = (a ^ (b * 0x9e3779b97f4a7c15ULL));
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93ULL;
    h ^= h >> 32;
    return static_cast<size_t>(h);
  }
};
