#pragma once
// What the chain-independent namespaces (web3_, net_) report about this node.

#include <cstdint>
#include <string>
#include <string_view>

namespace pel::rpc {

struct NodeInfo {
  uint64_t chain_id = 1;
  std::string version = "0.0.0";  // the node's version, without a leading "v"
};

// geth's shape, "Geth/v1.13.5-stable/linux-amd64/go1.21.4":
// "pel/v<version>/<os>-<arch>/<compiler><compiler version>", e.g.
// "pel/v0.1.0/linux-amd64/gcc12.2.0".
std::string client_version(std::string_view version);

}  // namespace pel::rpc
