#pragma once
// The net_ namespace: net_version, net_listening, net_peerCount. Pel is a single
// validator without a peer-to-peer layer: it is always listening (it answers) and
// has no peers.

#include "core/result.hpp"
#include "rpc/method_registry.hpp"
#include "rpc/node_info.hpp"

namespace pel::rpc {

Status register_net_api(MethodRegistry& registry, const NodeInfo& info);

}  // namespace pel::rpc
