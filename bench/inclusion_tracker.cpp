#include "bench/inclusion_tracker.hpp"

#include "bench/clock.hpp"

namespace pel::load {

namespace {
// Transport or RPC failures in a row before the tracker gives up (a node that went away).
constexpr int kMaxConsecutiveErrors = 100;
}  // namespace

InclusionTracker::InclusionTracker(RpcUrl url, const std::vector<Hash>& hashes,
                                   uint64_t first_block, std::chrono::milliseconds poll_interval)
    : url_(std::move(url)),
      next_block_(first_block),
      poll_interval_(poll_interval),
      inclusion_ns_(hashes.size(), kNever) {
  index_.reserve(hashes.size());
  for (size_t i = 0; i < hashes.size(); ++i) index_.emplace(hashes[i], static_cast<uint32_t>(i));
}

InclusionTracker::~InclusionTracker() {
  stop();
}

void InclusionTracker::start() {
  thread_ = std::thread([this] { run(); });
}

void InclusionTracker::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool InclusionTracker::wait_for(size_t count, std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  changed_.wait_until(lock, deadline, [&] { return included() >= count || failed_ || stopping_; });
  return included() >= count;
}

void InclusionTracker::run() {
  RpcConnection connection(url_);
  int consecutive_errors = 0;
  auto fail = [&](const Error& error) {
    if (++consecutive_errors < kMaxConsecutiveErrors) return false;
    std::lock_guard lock(mutex_);
    error_ = error.message;
    failed_ = true;
    changed_.notify_all();
    return true;
  };
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      if (stopping_) return;
    }
    auto head = connection.call("eth_blockNumber", nlohmann::json::array());
    int64_t seen_ns = now_ns();
    Status status;
    if (!head) {
      status = head.error();
    } else if (auto number = quantity_of(*head); !number) {
      status = number.error();
    } else {
      while (next_block_ <= *number && status.ok()) {
        status = read_block(connection, next_block_, seen_ns);
        if (status.ok()) ++next_block_;
      }
    }
    if (!status.ok()) {
      if (fail(status.error())) return;
    } else {
      consecutive_errors = 0;
    }
    std::unique_lock lock(mutex_);
    changed_.notify_all();
    changed_.wait_for(lock, poll_interval_, [&] { return stopping_; });
  }
}

Status InclusionTracker::read_block(RpcConnection& connection, uint64_t number, int64_t seen_ns) {
  auto block = connection.call("eth_getBlockByNumber",
                               nlohmann::json::array({quantity_text(number), false}));
  if (!block) return block.error();
  if (!block->is_object()) return make_error("block " + std::to_string(number) + " not found");
  BlockSeen seen{.number = number, .seen_ns = seen_ns};
  if (auto gas = block->find("gasUsed"); gas != block->end()) {
    if (auto value = quantity_of(*gas)) seen.gas_used = *value;
  }
  auto txns = block->find("transactions");
  if (txns == block->end() || !txns->is_array())
    return make_error("block " + std::to_string(number) + " has no transaction list");
  seen.txns = txns->size();
  size_t ours = 0;
  for (const auto& item : *txns) {
    if (!item.is_string()) return make_error("transactions are not hashes");
    auto hash = Hash::from_hex(item.get_ref<const std::string&>());
    if (!hash) return hash.error();
    auto found = index_.find(*hash);
    if (found == index_.end() || inclusion_ns_[found->second] != kNever) continue;
    inclusion_ns_[found->second] = seen_ns;
    ++ours;
  }
  seen.ours = ours;
  blocks_.push_back(seen);
  included_.fetch_add(ours, std::memory_order_release);
  return {};
}

}  // namespace pel::load
