#include "node/block_fees.hpp"

#include "core/base_fee.hpp"

namespace pel {

Result<U256> next_block_base_fee(const BlockHeader& parent, const ChainConfig& config) {
  return next_base_fee(parent, config);
}

}  // namespace pel
