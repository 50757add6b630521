#pragma once
// Asks the CPU to fetch memory a thread is about to overwrite, in a state that lets
// it write: a plain prefetch (or the first store) brings the line in shared and pays
// a second trip to own it, and a store that misses stalls the store buffer behind it.

#include <cstddef>

namespace pel {

// Every cache line of [data, data + bytes), for writing. A hint: no effect on results.
inline void prefetch_for_write(const void* data, size_t bytes) {
  const char* begin = static_cast<const char*>(data);
  for (size_t offset = 0; offset < bytes; offset += 64) {
#if defined(__x86_64__)
    // PREFETCHW (AMD since K8, Intel since Broadwell; a no-op before). GCC emits it
    // for __builtin_prefetch(p, 1) only under -mprfchw, which the portable build lacks.
    asm volatile("prefetchw %0" : : "m"(begin[offset]));
#else
    __builtin_prefetch(begin + offset, 1);
#endif
  }
}

}  // namespace pel
