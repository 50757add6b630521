#include "node/block_producer_loop.hpp"

#include <spdlog/spdlog.h>

namespace pel {

namespace {

uint64_t unix_seconds() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count());
}

}  // namespace

BlockProducerLoop::BlockProducerLoop(BlockProducer& producer, std::chrono::milliseconds block_time,
                                     PendingGasAdded pending_gas_added, OnBlock on_block)
    : producer_(producer),
      block_time_(block_time),
      pending_gas_added_(std::move(pending_gas_added)),
      on_block_(std::move(on_block)) {
  gas_limit_ = producer_.next_gas_limit();
  added_at_selection_ = pending_gas_added_();
}

BlockProducerLoop::~BlockProducerLoop() {
  stop();
}

void BlockProducerLoop::start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { run(); });
}

void BlockProducerLoop::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool BlockProducerLoop::block_is_due() const {
  return pending_gas_added_() - added_at_selection_ + left_by_full_block_ >= gas_limit_;
}

void BlockProducerLoop::pool_grew() {
  bool due;
  {
    std::lock_guard lock(mutex_);
    due = block_is_due();
  }
  if (due) wake_.notify_one();
}

void BlockProducerLoop::run() {
  using Clock = std::chrono::steady_clock;
  auto next_block = Clock::now() + block_time_;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait_until(lock, next_block, [this] { return stopping_ || block_is_due(); });
      if (stopping_) return;
      added_at_selection_ = pending_gas_added_();
      left_by_full_block_ = 0;
    }
    auto started = Clock::now();
    next_block = started + block_time_;
    auto produced = producer_.produce(unix_seconds());
    if (!produced) {
      spdlog::error("block production failed: {}", produced.error().message);
      continue;
    }
    spdlog::info("{}", describe_block(*produced));
    if (on_block_) on_block_(*produced);
    std::lock_guard lock(mutex_);
    gas_limit_ = produced->gas_limit;
    if (produced->full) left_by_full_block_ = gas_limit_;
  }
}

}  // namespace pel
