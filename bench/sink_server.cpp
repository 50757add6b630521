#include "bench/sink_server.hpp"

#include "core/transaction.hpp"
#include "crypto/txn_crypto.hpp"

namespace pel::load {

namespace {

rpc::MethodRegistry make_methods(uint64_t chain_id) {
  rpc::MethodRegistry methods;
  auto send_raw = [](const nlohmann::json& params) -> rpc::RpcResult {
    if (!params.is_array() || params.size() != 1 || !params[0].is_string())
      return rpc::invalid_params("expected [raw transaction hex]");
    auto raw = from_hex(params[0].get_ref<const std::string&>());
    if (!raw) return rpc::invalid_params(raw.error().message);
    auto txn = decode_transaction(*raw);
    if (!txn) return rpc::server_error(txn.error().message);
    return txn_hash(*txn).hex();
  };
  auto chain = [chain_id](const nlohmann::json&) -> rpc::RpcResult {
    return quantity_text(chain_id);
  };
  // Registration of distinct names into an empty registry cannot fail.
  (void)methods.add("eth_sendRawTransaction", send_raw);
  (void)methods.add("eth_chainId", chain);
  return methods;
}

}  // namespace

SinkServer::SinkServer(uint64_t chain_id, unsigned io_threads)
    : dispatcher_(std::make_unique<rpc::Dispatcher>(make_methods(chain_id))) {
  rpc::HttpServerConfig config;
  config.address = "127.0.0.1";
  config.port = 0;
  config.io_threads = io_threads;
  server_ = std::make_unique<rpc::HttpServer>(config, dispatcher_.get());
}

SinkServer::~SinkServer() {
  server_->stop();
}

Status SinkServer::start() {
  return server_->start();
}

RpcUrl SinkServer::url() const {
  return RpcUrl{"127.0.0.1", server_->port(), "/"};
}

}  // namespace pel::load
