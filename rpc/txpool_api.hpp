#pragma once
// API CONTRACT (lead). The txpool_ namespace: txpool_status.

#include "core/result.hpp"
#include "rpc/eth_backend.hpp"
#include "rpc/method_registry.hpp"

namespace pel::rpc {

Status register_txpool_api(MethodRegistry& registry, const EthContext& context);

}  // namespace pel::rpc
