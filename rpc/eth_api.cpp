#include "rpc/eth_api.hpp"

#include "rpc/eth_methods.hpp"

namespace pel::rpc {

Status register_eth_api(MethodRegistry& registry, const EthContext& context) {
  if (context.chain == nullptr) return make_error("the eth_ namespace needs a chain store");
  auto reader = std::make_shared<const EthReader>(context);
  PEL_TRY(register_eth_chain_methods(registry, reader));
  PEL_TRY(register_eth_state_methods(registry, reader));
  PEL_TRY(register_eth_txn_methods(registry, reader));
  PEL_TRY(register_eth_block_methods(registry, reader));
  PEL_TRY(register_eth_fee_methods(registry, reader));
  PEL_TRY(register_eth_call_methods(registry, reader));
  return {};
}

}  // namespace pel::rpc
