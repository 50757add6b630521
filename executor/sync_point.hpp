#pragma once
// Test-only synchronization points, in the spirit of RocksDB's TEST_SYNC_POINT: a
// test names pairs (A, B) so that any thread reaching point B waits until some thread
// has passed point A, forcing an exact interleaving of the scheduler's races. Points
// can also run a callback. Compiled out of Release builds (PEL_SYNC_POINTS unset).

#include <functional>
#include <string>
#include <utility>
#include <vector>

#if PEL_SYNC_POINTS
#define PEL_SYNC_POINT(name) ::pel::sync_point::process(name)
#else
#define PEL_SYNC_POINT(name) \
  do {                       \
  } while (false)
#endif

namespace pel::sync_point {

// Whether sync points exist in this build.
constexpr bool kCompiledIn = PEL_SYNC_POINTS;

// Each (predecessor, successor): a thread reaching `successor` blocks until
// `predecessor` has been passed at least once. Replaces earlier dependencies.
void load_dependencies(std::vector<std::pair<std::string, std::string>> edges);
// Runs `fn` in the thread reaching `name`, before any waiting there.
void set_callback(const std::string& name, std::function<void()> fn);
// Starts honoring dependencies and callbacks; clear() stops and forgets everything.
void enable();
void clear();
// How many times `name` has been passed since enable().
int passed_count(const std::string& name);

void process(const char* name);

}  // namespace pel::sync_point
