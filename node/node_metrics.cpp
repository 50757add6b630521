#include "node/node_metrics.hpp"

#include <cstdio>

#include "rpc/prometheus_text.hpp"

namespace pel {

namespace {

namespace prom = rpc::prometheus;

std::string number_text(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.9g", value);
  return text;
}

void gauge(std::string& out, const std::string& name, const std::string& help, double value,
           const char* type = "gauge") {
  prom::append_header(out, name, help, type);
  out += name + " " + number_text(value) + "\n";
}

}  // namespace

void NodeMetrics::Histogram::observe(double seconds) {
  size_t bucket = 0;
  while (bucket < kBucketBounds.size() && seconds > kBucketBounds[bucket]) ++bucket;
  ++counts[bucket];
  sum += seconds;
  ++count;
}

void NodeMetrics::Histogram::render(std::string& out, const std::string& name) const {
  uint64_t cumulative = 0;
  for (size_t i = 0; i < kBucketBounds.size(); ++i) {
    cumulative += counts[i];
    out += name + "_bucket{le=\"" + number_text(kBucketBounds[i]) + "\"} " +
           std::to_string(cumulative) + "\n";
  }
  out += name + "_bucket{le=\"+Inf\"} " + std::to_string(count) + "\n";
  out += name + "_sum " + number_text(sum) + "\n";
  out += name + "_count " + std::to_string(count) + "\n";
}

NodeMetrics::NodeMetrics(const TxPool& pool, std::function<std::string()> extra)
    : pool_(pool), extra_(std::move(extra)) {}

void NodeMetrics::record_block(const ProducedBlock& block) {
  auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  if (last_at_) interval_.observe(std::chrono::duration<double>(now - *last_at_).count());
  last_at_ = now;
  ++blocks_;
  txns_ += block.txns;
  dropped_ += block.dropped;
  gas_ += block.gas_used;
  executions_ += block.metrics.executions;
  re_executions_ += block.metrics.re_executions;
  if (block.metrics.mode != ExecutionMode::kSequential) ++parallel_blocks_;
  production_.observe((block.select_ms + block.exec_ms + block.commit_ms + block.pool_update_ms) /
                      1e3);
  execution_.observe(block.exec_ms / 1e3);
  commit_.observe(block.commit_ms / 1e3);
  last_ = block;
}

std::string NodeMetrics::render() const {
  std::string out;
  TxPoolStats pool = pool_.stats();
  gauge(out, "pel_txpool_pending", "Transactions executable now", double(pool.pending));
  gauge(out, "pel_txpool_queued", "Transactions behind a nonce gap", double(pool.queued));
  gauge(out, "pel_txpool_senders", "Senders with pooled transactions", double(pool.senders));
  gauge(out, "pel_txpool_accepted_total", "Transactions accepted", double(pool.accepted),
        "counter");
  gauge(out, "pel_txpool_rejected_total", "Submissions rejected", double(pool.rejected), "counter");
  gauge(out, "pel_txpool_evicted_total", "Transactions evicted", double(pool.evicted), "counter");
  gauge(out, "pel_txpool_dropped_total", "Transactions dropped by blocks", double(pool.dropped),
        "counter");
  {
    std::lock_guard lock(mutex_);
    gauge(out, "pel_blocks_produced_total", "Blocks produced", double(blocks_), "counter");
    gauge(out, "pel_block_txns_total", "Transactions included", double(txns_), "counter");
    gauge(out, "pel_block_dropped_txns_total", "Selected transactions found invalid",
          double(dropped_), "counter");
    gauge(out, "pel_block_gas_used_total", "Gas used by produced blocks", double(gas_), "counter");
    gauge(out, "pel_executor_executions_total", "VM executions", double(executions_), "counter");
    gauge(out, "pel_executor_re_executions_total", "VM executions beyond a transaction's first",
          double(re_executions_), "counter");
    gauge(out, "pel_executor_parallel_blocks_total", "Blocks executed with Block-STM",
          double(parallel_blocks_), "counter");
    if (last_) {
      const BlockMetrics& m = last_->metrics;
      gauge(out, "pel_last_block_txns", "Transactions in the last block", double(last_->txns));
      gauge(out, "pel_last_block_gas_used", "Gas used by the last block", double(last_->gas_used));
      gauge(out, "pel_last_block_threads", "Executor threads of the last block", double(m.threads));
      gauge(out, "pel_last_block_parallel", "1 when the last block ran Block-STM",
            m.mode == ExecutionMode::kSequential ? 0 : 1);
      gauge(out, "pel_last_block_executions", "VM executions in the last block",
            double(m.executions));
      gauge(out, "pel_last_block_re_executions", "Re-executions in the last block",
            double(m.re_executions));
      gauge(out, "pel_last_block_validations", "Validations in the last block",
            double(m.validations));
      gauge(out, "pel_last_block_validation_failures", "Failed validations in the last block",
            double(m.validation_failures));
      gauge(out, "pel_last_block_dependency_waits", "Dependency waits in the last block",
            double(m.dependency_waits));
      gauge(out, "pel_last_block_execution_seconds", "Execution time of the last block",
            last_->exec_ms / 1e3);
      gauge(out, "pel_last_block_commit_seconds", "Commit time of the last block",
            last_->commit_ms / 1e3);
    }
    prom::append_header(out, "pel_block_interval_seconds", "Time between produced blocks",
                        "histogram");
    interval_.render(out, "pel_block_interval_seconds");
    prom::append_header(out, "pel_block_production_seconds",
                        "Time to select, execute, commit and report a block", "histogram");
    production_.render(out, "pel_block_production_seconds");
    prom::append_header(out, "pel_block_execution_seconds", "Executor time per block", "histogram");
    execution_.render(out, "pel_block_execution_seconds");
    prom::append_header(out, "pel_block_commit_seconds", "Commit time per block", "histogram");
    commit_.render(out, "pel_block_commit_seconds");
  }
  if (extra_) out += extra_();
  return out;
}

}  // namespace pel
