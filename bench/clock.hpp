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

#include <sys/resource.h>
#include <time.h>

namespace pel::load {

// CPU time (user + system) of this whole process so far, in seconds: how much of the
// machine the driver itself takes while it loads a node on the same cores.
inline double process_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// CPU time of the calling thread so far, in seconds.
inline double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

}  // namespace pel::load
