#include "rpc/txpool_api.hpp"

#include "rpc/param_binding.hpp"

namespace pel::rpc {

Status register_txpool_api(MethodRegistry& registry, const EthContext& context) {
  PEL_TRY(registry.add("txpool_status", bind_params<>({}, [pool = context.pool]() -> RpcResult {
                         PoolCounts counts = pool ? pool->counts() : PoolCounts{};
                         return nlohmann::json{
                             {"pending", encode_quantity(uint64_t{counts.pending})},
                             {"queued", encode_quantity(uint64_t{counts.queued})}};
                       })));
  return {};
}

}  // namespace pel::rpc
