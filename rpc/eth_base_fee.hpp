#pragma once
// The base fee of the block after `parent` (eth_gasPrice, eth_feeHistory), zero when
// the chain is not on London then.
//
// A file of its own because core/base_fee.hpp and core/genesis.hpp both define
// kInitialBaseFee, so one translation unit cannot include both (the chain store's
// header brings in genesis.hpp).

#include "core/block_header.hpp"
#include "core/chain_config.hpp"
#include "core/uint256.hpp"

namespace pel::rpc {

U256 base_fee_after(const BlockHeader& parent, const ChainConfig& config);

}  // namespace pel::rpc
