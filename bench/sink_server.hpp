#pragma once
// The load driver's self-test: an in-process JSON-RPC server (the node's own
// rpc::HttpServer and Dispatcher) whose eth_sendRawTransaction only decodes the
// transaction and answers its hash. Submitting to it measures what the driver and the
// HTTP layer can push without a txpool behind them: the driver's ceiling.

#include <memory>

#include "bench/rpc_client.hpp"
#include "core/result.hpp"
#include "rpc/http_server.hpp"

namespace pel::load {

class SinkServer {
 public:
  SinkServer(uint64_t chain_id, unsigned io_threads);
  ~SinkServer();

  Status start();  // on 127.0.0.1, a free port
  RpcUrl url() const;

 private:
  std::unique_ptr<rpc::Dispatcher> dispatcher_;
  std::unique_ptr<rpc::HttpServer> server_;
};

}  // namespace pel::load
