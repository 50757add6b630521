#pragma once
// One monotonic time base for the whole run: nanoseconds since the driver started, so
// submit and inclusion times recorded on different threads subtract directly.

#include <chrono>
#include <cstdint>

namespace pel::load {

inline int64_t now_ns() {
  static const auto kStart = std::chrono::steady_clock::now();
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() -
                                                              kStart)
      .count();
}

inline constexpr int64_t kNever = -1;

}  // namespace pel::load
