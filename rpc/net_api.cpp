#include "rpc/net_api.hpp"

#include "rpc/param_binding.hpp"

namespace pel::rpc {

Status register_net_api(MethodRegistry& registry, const NodeInfo& info) {
  // The network id is the chain id, in decimal (the form net_version has always used).
  PEL_TRY(registry.add("net_version",
                       bind_params<>({}, [network = std::to_string(info.chain_id)]() -> RpcResult {
                         return network;
                       })));
  PEL_TRY(registry.add("net_listening", bind_params<>({}, []() -> RpcResult { return true; })));
  PEL_TRY(registry.add("net_peerCount", bind_params<>({}, []() -> RpcResult {
                         return encode_quantity(uint64_t{0});
                       })));
  return {};
}

}  // namespace pel::rpc
