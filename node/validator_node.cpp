#include "node/validator_node.hpp"

#include <spdlog/spdlog.h>

#include <optional>

#include "core/base_fee.hpp"
#include "node/block_producer.hpp"
#include "node/block_producer_loop.hpp"
#include "node/node_metrics.hpp"
#include "node/pool_access.hpp"
#include "node/state_account_reader.hpp"
#include "node/txpool.hpp"
#include "rpc/dispatcher.hpp"
#include "rpc/eth_api.hpp"
#include "rpc/http_server.hpp"
#include "rpc/net_api.hpp"
#include "rpc/node_info.hpp"
#include "rpc/txpool_api.hpp"
#include "rpc/web3_api.hpp"

namespace pel {

// Members in construction order; destroyed in reverse, the store last.
struct ValidatorNode::Parts {
  std::unique_ptr<ChainStore> chain;
  GenesisInit genesis_init;
  std::unique_ptr<StateAccountReader> accounts;
  std::unique_ptr<TxPool> pool;
  std::unique_ptr<BlockProducer> producer;
  std::unique_ptr<BlockProducerLoop> loop;
  std::unique_ptr<PoolAccess> pool_access;
  std::unique_ptr<rpc::Dispatcher> dispatcher;
  std::unique_ptr<NodeMetrics> metrics;
  std::unique_ptr<rpc::HttpServer> http;
  std::unique_ptr<rpc::HttpServer> metrics_http;
  bool stopped = false;
};

namespace {

// The pool's base fee and gas limit follow the head.
TxPoolConfig pool_config(const ChainConfig& config, const BlockHeader& head) {
  TxPoolConfig pool;
  pool.chain_id = config.chain_id;
  pool.block_gas_limit = head.gas_limit;
  // A few full blocks of transfers (a block holds about gas_limit / 21000).
  pool.max_txns = std::max<size_t>(pool.max_txns, 4 * (head.gas_limit / 21'000));
  return pool;
}

Result<std::unique_ptr<rpc::Dispatcher>> make_dispatcher(const ValidatorNodeConfig& config,
                                                         const ChainStore& chain,
                                                         rpc::TxnPoolAccess& pool) {
  rpc::MethodRegistry registry;
  rpc::NodeInfo info{config.genesis.config.chain_id, PEL_VERSION};
  PEL_TRY(rpc::register_web3_api(registry, info));
  PEL_TRY(rpc::register_net_api(registry, info));
  rpc::EthContext context;
  context.chain = &chain;
  context.config = config.genesis.config;
  context.pool = &pool;
  PEL_TRY(rpc::register_eth_api(registry, context));
  PEL_TRY(rpc::register_txpool_api(registry, context));
  return std::make_unique<rpc::Dispatcher>(std::move(registry));
}

}  // namespace

ValidatorNode::ValidatorNode(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

ValidatorNode::~ValidatorNode() {
  stop();
}

Result<std::unique_ptr<ValidatorNode>> ValidatorNode::start(const ValidatorNodeConfig& config) {
  auto parts = std::make_unique<Parts>();
  auto chain = ChainStore::open(config.datadir);
  if (!chain) return chain.error();
  parts->chain = std::move(*chain);
  auto init = parts->chain->init_genesis(config.genesis);
  if (!init) return init.error();
  parts->genesis_init = *init;
  std::optional<ChainHead> head = parts->chain->head();
  if (!head) return make_error("the store has no head after its genesis");

  parts->accounts = std::make_unique<StateAccountReader>(*parts->chain);
  auto base_fee = next_base_fee(head->header, config.genesis.config);
  parts->pool = std::make_unique<TxPool>(pool_config(config.genesis.config, head->header),
                                         *parts->accounts, base_fee ? *base_fee : U256{});
  ExecutorConfig executor;
  executor.threads = config.threads;
  StateAccountReader* accounts = parts->accounts.get();
  parts->producer = std::make_unique<BlockProducer>(
      *parts->chain, *parts->pool, config.genesis.config, config.genesis.clique_signers, config.key,
      executor, [accounts] { accounts->refresh(); });

  parts->metrics = std::make_unique<NodeMetrics>(*parts->pool, [raw = parts.get()] {
    std::string text;
    if (auto head = raw->chain->head()) {
      text += "# HELP pel_head_block Number of the head block\n# TYPE pel_head_block gauge\n";
      text += "pel_head_block " + std::to_string(head->number) + "\n";
    }
    text += raw->dispatcher->metrics().render_prometheus();
    text += raw->http->render_prometheus();
    return text;
  });
  NodeMetrics* metrics = parts->metrics.get();
  parts->loop = std::make_unique<BlockProducerLoop>(
      *parts->producer, config.block_time,
      [pool = parts->pool.get()] { return pool->stats().pending_gas_added; },
      [metrics](const ProducedBlock& block) { metrics->record_block(block); });
  BlockProducerLoop* loop = parts->loop.get();
  parts->pool_access = std::make_unique<PoolAccess>(*parts->pool, [loop] { loop->pool_grew(); });

  auto dispatcher = make_dispatcher(config, *parts->chain, *parts->pool_access);
  if (!dispatcher) return dispatcher.error();
  parts->dispatcher = std::move(*dispatcher);

  rpc::HttpServerConfig http;
  http.address = config.http_addr;
  http.port = config.http_port;
  parts->http = std::make_unique<rpc::HttpServer>(http, parts->dispatcher.get());
  if (Status started = parts->http->start(); !started) {
    return make_error("JSON-RPC server: " + started.error().message);
  }
  if (config.metrics_port != 0) {
    rpc::HttpServerConfig metrics_http = http;
    metrics_http.port = config.metrics_port;
    metrics_http.io_threads = 1;
    parts->metrics_http = std::make_unique<rpc::HttpServer>(metrics_http, nullptr);
    parts->metrics_http->set_metrics_provider([metrics] { return metrics->render(); });
    if (Status started = parts->metrics_http->start(); !started) {
      return make_error("metrics server: " + started.error().message);
    }
  }
  parts->loop->start();
  return std::unique_ptr<ValidatorNode>(new ValidatorNode(std::move(parts)));
}

void ValidatorNode::stop() {
  if (!parts_ || parts_->stopped) return;
  parts_->stopped = true;
  // Stop taking requests first, so nothing enters the pool while the last block is
  // made; then let the producer finish the block in flight.
  if (parts_->http) parts_->http->stop();
  if (parts_->loop) parts_->loop->stop();
  if (parts_->metrics_http) parts_->metrics_http->stop();
}

uint16_t ValidatorNode::rpc_port() const {
  return parts_->http->port();
}
uint16_t ValidatorNode::metrics_port() const {
  return parts_->metrics_http ? parts_->metrics_http->port() : 0;
}
const GenesisInit& ValidatorNode::genesis_init() const {
  return parts_->genesis_init;
}
const ChainStore& ValidatorNode::chain() const {
  return *parts_->chain;
}
unsigned ValidatorNode::executor_threads() const {
  return parts_->producer->executor_config().threads;
}

}  // namespace pel
