#pragma once
// How the chain store spreads independent work (database reads, storage tries,
// block roots) over threads: oneTBB normally; two plain threads under
// ThreadSanitizer, which cannot see oneTBB's (uninstrumented) hand-offs and would
// report races on all of it (the trie does the same, see trie_parallel.hpp).
//
// Internal to the store; not a public surface of state/.

#include <cstddef>

#if defined(__SANITIZE_THREAD__)
#define PEL_STORE_THREAD_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define PEL_STORE_THREAD_SANITIZER 1
#endif
#endif

#include <functional>

#ifdef PEL_STORE_THREAD_SANITIZER
#include <thread>
#else
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_group.h>
#endif

namespace pel::store_detail {

// Calls body(i) for every i in [0, count), possibly on several threads at once.
template <class Body>
void parallel_for_each_index(size_t count, const Body& body) {
#ifdef PEL_STORE_THREAD_SANITIZER
  std::thread odd([&] {
    for (size_t i = 1; i < count; i += 2) body(i);
  });
  for (size_t i = 0; i < count; i += 2) body(i);
  odd.join();
#else
  oneapi::tbb::parallel_for(oneapi::tbb::blocked_range<size_t>(0, count, 64),
                            [&](const oneapi::tbb::blocked_range<size_t>& range) {
                              for (size_t i = range.begin(); i != range.end(); ++i) body(i);
                            });
#endif
}

// Runs `task` beside the caller's own work until wait() (or destruction, so that
// an early return never leaves the task using the caller's locals).
class TaskPair {
 public:
  explicit TaskPair(std::function<void()> task) {
#ifdef PEL_STORE_THREAD_SANITIZER
    thread_ = std::thread(std::move(task));
#else
    group_.run(std::move(task));
#endif
  }
  ~TaskPair() {
    wait();
  }
  TaskPair(const TaskPair&) = delete;
  TaskPair& operator=(const TaskPair&) = delete;

  void wait() {
    if (waited_) return;
    waited_ = true;
#ifdef PEL_STORE_THREAD_SANITIZER
    thread_.join();
#else
    group_.wait();
#endif
  }

 private:
  bool waited_ = false;
#ifdef PEL_STORE_THREAD_SANITIZER
  std::thread thread_;
#else
  oneapi::tbb::task_group group_;
#endif
};

}  // namespace pel::store_detail
