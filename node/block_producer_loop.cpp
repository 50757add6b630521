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
                                     OnBlock on_block)
    : producer_(producer), block_time_(block_time), on_block_(std::move(on_block)) {
  gas_limit_ = producer_.next_gas_limit();
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

void BlockProducerLoop::add_pending_gas(uint64_t gas) {
  bool full;
  {
    std::lock_guard lock(mutex_);
    pending_gas_ += gas;
    full = pending_gas_ >= gas_limit_;
  }
  if (full) wake_.notify_one();
}

void BlockProducerLoop::run() {
  using Clock = std::chrono::steady_clock;
  auto next_block = Clock::now() + block_time_;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait_until(lock, next_block,
                       [this] { return stopping_ || pending_gas_ >= gas_limit_; });
      if (stopping_) return;
      pending_gas_ = 0;
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
    if (produced->full) pending_gas_ += gas_limit_;
  }
}

}  // namespace pel
