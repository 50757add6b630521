#pragma once
// The one way the trie runs work in parallel: the 16 children of a branch.
//
// Normally a oneTBB parallel_for. Under ThreadSanitizer the work runs on two
// plain threads instead: the installed oneTBB library is not instrumented, so
// ThreadSanitizer cannot see how it hands work over and reports races on all of
// it (even on a trivial parallel_for), which would hide real ones.
//
// Internal to the trie implementation; not a public surface of state/.

#include <cstddef>

#if defined(__SANITIZE_THREAD__)
#define PEL_TRIE_THREAD_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define PEL_TRIE_THREAD_SANITIZER 1
#endif
#endif

#ifdef PEL_TRIE_THREAD_SANITIZER
#include <thread>
#else
#include <oneapi/tbb/parallel_for.h>
#endif

namespace pel::trie_detail {

// Calls body(nibble) for every nibble 0..15, possibly on several threads at once.
template <class Body>
void parallel_for_nibbles(const Body& body) {
#ifdef PEL_TRIE_THREAD_SANITIZER
  std::thread odd([&body] {
    for (size_t nibble = 1; nibble < 16; nibble += 2) body(nibble);
  });
  for (size_t nibble = 0; nibble < 16; nibble += 2) body(nibble);
  odd.join();
#else
  oneapi::tbb::parallel_for(size_t{0}, size_t{16}, body);
#endif
}

}  // namespace pel::trie_detail
