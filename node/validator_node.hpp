#pragma once
// The running validator: the chain store, the transaction pool (reading the committed
// head), the block producer on its own thread, the JSON-RPC server (web3_, net_,
// eth_, txpool_) and, on --metrics.port, a Prometheus endpoint.
//
//   auto node = ValidatorNode::start(config);   // serving and producing
//   node->stop();                               // or the destructor
//
// stop(): the RPC servers stop accepting and finish the requests in hand, the
// producer finishes the block in flight, and the store is closed on destruction.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "core/genesis.hpp"
#include "core/result.hpp"
#include "node/validator_key.hpp"
#include "state/chain_store.hpp"

namespace pel {

struct ValidatorNodeConfig {
  std::string datadir = "./data";
  Genesis genesis;
  ValidatorKey key;  // a clique signer of the genesis (choose_validator_key)
  std::string http_addr = "127.0.0.1";
  uint16_t http_port = 8545;  // 0: any free port (rpc_port() tells)
  uint16_t metrics_port = 0;  // 0: no metrics server
  std::chrono::milliseconds block_time{1000};
  unsigned threads = 0;  // executor threads; 0: one per hardware thread
};

class ValidatorNode {
 public:
  // Opens (or initializes) the store, refusing a different genesis, then starts the
  // servers and the producer. Errors are one line for people.
  static Result<std::unique_ptr<ValidatorNode>> start(const ValidatorNodeConfig& config);
  ~ValidatorNode();
  ValidatorNode(const ValidatorNode&) = delete;
  ValidatorNode& operator=(const ValidatorNode&) = delete;

  void stop();

  uint16_t rpc_port() const;
  uint16_t metrics_port() const;  // 0 without a metrics server
  const GenesisInit& genesis_init() const;
  const ChainStore& chain() const;
  unsigned executor_threads() const;

  struct Parts;

 private:
  explicit ValidatorNode(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace pel
