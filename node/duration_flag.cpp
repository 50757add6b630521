#include "node/duration_flag.hpp"

#include <charconv>
#include <cmath>
#include <string>

namespace pel {

Result<std::chrono::milliseconds> parse_duration(std::string_view text) {
  auto invalid = [&](std::string_view why) {
    return make_error("invalid duration \"" + std::string(text) + "\": " + std::string(why));
  };
  size_t unit_at = 0;
  while (unit_at < text.size() &&
         ((text[unit_at] >= '0' && text[unit_at] <= '9') || text[unit_at] == '.'))
    ++unit_at;
  std::string_view number = text.substr(0, unit_at);
  std::string_view unit = text.substr(unit_at);
  if (number.empty() || unit.empty()) return invalid("expected a number and a unit (ms, s, m)");
  double value = 0;
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (ec != std::errc() || end != number.data() + number.size())
    return invalid("expected a number and a unit (ms, s, m)");
  double ms_per_unit = 0;
  if (unit == "ms") {
    ms_per_unit = 1;
  } else if (unit == "s") {
    ms_per_unit = 1000;
  } else if (unit == "m") {
    ms_per_unit = 60'000;
  } else {
    return invalid("unknown unit \"" + std::string(unit) + "\" (ms, s, m)");
  }
  double ms = std::floor(value * ms_per_unit);
  // A day is far beyond any sensible block time; the bound keeps the cast exact.
  if (ms < 1) return invalid("must be at least 1ms");
  if (ms > 86'400'000) return invalid("must be at most 24h");
  return std::chrono::milliseconds(static_cast<int64_t>(ms));
}

}  // namespace pel
