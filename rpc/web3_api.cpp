#include "rpc/web3_api.hpp"

#include "crypto/keccak.hpp"
#include "rpc/param_binding.hpp"

namespace pel::rpc {

Status register_web3_api(MethodRegistry& registry, const NodeInfo& info) {
  PEL_TRY(registry.add("web3_clientVersion",
                       bind_params<>({}, [version = client_version(info.version)]() -> RpcResult {
                         return version;
                       })));
  PEL_TRY(
      registry.add("web3_sha3", bind_params<Bytes>({"data"}, [](const Bytes& data) -> RpcResult {
                     return encode_hash(keccak256(data));
                   })));
  return {};
}

}  // namespace pel::rpc
