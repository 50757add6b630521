#pragma once
// Durations on the command line, as geth and reth write them: "500ms", "2s", "1m",
// "1.5s". A bare number is refused (its unit would be a guess).

#include <chrono>
#include <string_view>

#include "core/result.hpp"

namespace pel {

// A positive duration with a unit (ms, s, m), rounded down to whole milliseconds.
// Errors name the text: "invalid duration \"2x\": expected a number and a unit (ms, s, m)".
Result<std::chrono::milliseconds> parse_duration(std::string_view text);

}  // namespace pel
