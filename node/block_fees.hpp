#pragma once
// The next block's base fee, for the producer and the node's start-up. A header of its
// own because core/base_fee.hpp and core/genesis.hpp both define kInitialBaseFee, so
// no file can include both (the producer needs the genesis through the chain store).

#include "core/block_header.hpp"
#include "core/chain_config.hpp"
#include "core/result.hpp"
#include "core/uint256.hpp"

namespace pel {

// core/base_fee.hpp's next_base_fee(parent, config).
Result<U256> next_block_base_fee(const BlockHeader& parent, const ChainConfig& config);

}  // namespace pel
