#include "executor/sync_point.hpp"

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>

namespace pel::sync_point {
namespace {

struct Registry {
  std::atomic<bool> enabled{false};
  std::mutex mutex;
  std::condition_variable cleared_cv;
  std::map<std::string, std::vector<std::string>> predecessors;
  std::map<std::string, std::function<void()>> callbacks;
  std::map<std::string, int> passed;
};

Registry& registry() {
  static Registry instance;
  return instance;
}

}  // namespace

void load_dependencies(std::vector<std::pair<std::string, std::string>> edges) {
  Registry& r = registry();
  std::lock_guard guard(r.mutex);
  r.predecessors.clear();
  for (auto& [predecessor, successor] : edges) r.predecessors[successor].push_back(predecessor);
  r.cleared_cv.notify_all();
}

void set_callback(const std::string& name, std::function<void()> fn) {
  Registry& r = registry();
  std::lock_guard guard(r.mutex);
  r.callbacks[name] = std::move(fn);
}

void enable() {
  registry().enabled.store(true);
}

void clear() {
  Registry& r = registry();
  r.enabled.store(false);
  std::lock_guard guard(r.mutex);
  r.predecessors.clear();
  r.callbacks.clear();
  r.passed.clear();
  r.cleared_cv.notify_all();
}

int passed_count(const std::string& name) {
  Registry& r = registry();
  std::lock_guard guard(r.mutex);
  auto it = r.passed.find(name);
  return it == r.passed.end() ? 0 : it->second;
}

void process(const char* name) {
  Registry& r = registry();
  if (!r.enabled.load(std::memory_order_relaxed)) return;
  std::function<void()> callback;
  {
    std::lock_guard guard(r.mutex);
    auto it = r.callbacks.find(name);
    if (it != r.callbacks.end()) callback = it->second;
  }
  if (callback) callback();
  std::unique_lock lock(r.mutex);
  r.cleared_cv.wait(lock, [&] {
    if (!r.enabled.load()) return true;
    auto it = r.predecessors.find(name);
    if (it == r.predecessors.end()) return true;
    for (const std::string& predecessor : it->second)
      if (r.passed[predecessor] == 0) return false;
    return true;
  });
  ++r.passed[name];
  r.cleared_cv.notify_all();
}

}  // namespace pel::sync_point
