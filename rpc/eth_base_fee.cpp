#include "rpc/eth_base_fee.hpp"

#include "core/base_fee.hpp"

namespace pel::rpc {

U256 base_fee_after(const BlockHeader& parent, const ChainConfig& config) {
  auto next = next_base_fee(parent, config);
  return next ? *next : U256();
}

}  // namespace pel::rpc
