#pragma once
// The web3_ namespace: web3_clientVersion, web3_sha3.

#include "core/result.hpp"
#include "rpc/method_registry.hpp"
#include "rpc/node_info.hpp"

namespace pel::rpc {

Status register_web3_api(MethodRegistry& registry, const NodeInfo& info);

}  // namespace pel::rpc
