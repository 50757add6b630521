// eth_chainId, eth_syncing, eth_blockNumber.
#include "rpc/eth_methods.hpp"
#include "rpc/param_binding.hpp"

namespace pel::rpc {

Status register_eth_chain_methods(MethodRegistry& registry, const EthReaderPtr& reader) {
  PEL_TRY(
      registry.add("eth_chainId",
                   bind_params<>({}, [chain_id = reader->context().config.chain_id]() -> RpcResult {
                     return encode_quantity(chain_id);
                   })));
  // A single validator is never behind: it makes the chain.
  PEL_TRY(registry.add("eth_syncing", bind_params<>({}, []() -> RpcResult { return false; })));
  PEL_TRY(registry.add("eth_blockNumber", bind_params<>({}, [reader]() -> RpcResult {
                         auto head = reader->head();
                         if (!head) return rpc_error(head.error());
                         return encode_quantity(head->number);
                       })));
  return {};
}

}  // namespace pel::rpc
