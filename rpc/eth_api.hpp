#pragma once
// API CONTRACT (lead). The eth_ namespace: chain, state, transactions, receipts,
// blocks and fees, with the Ethereum execution API's shapes. The methods live in
// rpc/eth_*.cpp, a file per group; this registers them all.

#include "core/result.hpp"
#include "rpc/eth_backend.hpp"
#include "rpc/method_registry.hpp"

namespace pel::rpc {

Status register_eth_api(MethodRegistry& registry, const EthContext& context);

}  // namespace pel::rpc
