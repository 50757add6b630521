#pragma once
// How the executor runs work on several threads: on a oneTBB task arena normally,
// on plain threads under ThreadSanitizer. The installed oneTBB library is not
// instrumented, so ThreadSanitizer cannot see how it hands work to its threads and
// reports races on everything handed over, which would hide real ones; the work
// itself (the Block-STM workers, sender recovery) is the same code either way.

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/partitioner.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

#if defined(__SANITIZE_THREAD__)
#define PEL_THREAD_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define PEL_THREAD_SANITIZER 1
#endif
#endif
#ifndef PEL_THREAD_SANITIZER
#define PEL_THREAD_SANITIZER 0
#endif

namespace pel {

// Runs work(id) for ids 0..count-1 concurrently in `arena` (ids are the arena's
// thread slots) and returns when all have returned.
template <class Work>
void run_workers(oneapi::tbb::task_arena& arena, unsigned count, Work&& work) {
#if PEL_THREAD_SANITIZER
  (void)arena;
  std::vector<std::thread> threads;
  for (unsigned id = 1; id < count; ++id) threads.emplace_back([&work, id] { work(id); });
  work(0);
  for (std::thread& thread : threads) thread.join();
#else
  arena.execute([&] {
    oneapi::tbb::parallel_for(
        oneapi::tbb::blocked_range<unsigned>(0, count, 1),
        [&](const oneapi::tbb::blocked_range<unsigned>&) {
          work(static_cast<unsigned>(oneapi::tbb::this_task_arena::current_thread_index()));
        },
        oneapi::tbb::simple_partitioner());
  });
#endif
}

// Starts waking `count` of the arena's worker threads without waiting for them, so
// that a run_workers() soon after finds them awake. A worker that slept through the
// gap before a block (a sequential block, a commit) takes about 0.1 ms to wake, and
// up to milliseconds on a busy virtual machine: woken while the caller still prepares
// the block, it no longer joins the block late. An awake worker that finds nothing
// more to do spins briefly, then sleeps again.
inline void wake_workers(oneapi::tbb::task_arena& arena, unsigned count) {
#if PEL_THREAD_SANITIZER
  (void)arena;
  (void)count;
#else
  for (unsigned i = 0; i < count; ++i) arena.enqueue([] {});
#endif
}

// Calls body(i) for every i in [0, n), on the calling thread's arena, `grain`
// indices per task.
template <class Body>
void parallel_for_each_index(size_t n, size_t grain, const Body& body) {
#if PEL_THREAD_SANITIZER
  (void)grain;
  std::thread odd([&] {
    for (size_t i = 1; i < n; i += 2) body(i);
  });
  for (size_t i = 0; i < n; i += 2) body(i);
  odd.join();
#else
  oneapi::tbb::parallel_for(oneapi::tbb::blocked_range<size_t>(0, n, std::max<size_t>(grain, 1)),
                            [&](const oneapi::tbb::blocked_range<size_t>& range) {
                              for (size_t i = range.begin(); i != range.end(); ++i) body(i);
                            });
#endif
}

}  // namespace pel
