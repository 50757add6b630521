#pragma once
// The base fee of the block after `parent` (eth_gasPrice, eth_feeHistory), zero when
// the chain is not on London then (core/base_fee.hpp's next_base_fee without the
// error: the fee methods answer for any block).

#include "core/block_header.hpp"
#include "core/chain_config.hpp"
#include "core/uint256.hpp"

namespace pel::rpc {

U256 base_fee_after(const BlockHeader& parent, const ChainConfig& config);

}  // namespace pel::rpc
