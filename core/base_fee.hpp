#pragma once
// EIP-1559's base fee and the gas-limit bound a child header must keep to its parent.
// Both are pure functions of the parent (and the chain's fork schedule): the block
// producer uses them to fill a new header, block import to check a received one.

#include "core/block_header.hpp"
#include "core/chain_config.hpp"
#include "core/result.hpp"
#include "core/uint256.hpp"

namespace pel {

// The base fee of the London fork block itself (1 gwei).
inline constexpr uint64_t kInitialBaseFee = 1'000'000'000;
// A block may use up to this multiple of its gas target (target = gas_limit / 2).
inline constexpr uint64_t kElasticityMultiplier = 2;
// The base fee moves by at most 1/8 per block.
inline constexpr uint64_t kBaseFeeChangeDenominator = 8;
// A child's gas limit differs from its parent's by less than parent / 1024 ...
inline constexpr uint64_t kGasLimitBoundDivisor = 1024;
// ... and is never below this.
inline constexpr uint64_t kMinGasLimit = 5000;
// geth's cap (2^63 - 1): gas limits are signed 64-bit in some clients.
inline constexpr uint64_t kMaxGasLimit = 0x7fffffffffffffffULL;

// The base fee of a block whose parent (a London block) used `parent_gas_used` of
// `parent_gas_limit` at `parent_base_fee`. Exact (no intermediate overflow); the
// result saturates at 2^256-1, a value no real chain reaches.
U256 next_base_fee(uint64_t parent_gas_used, uint64_t parent_gas_limit,
                   const U256& parent_base_fee);

// The base fee of the child of `parent`: kInitialBaseFee when the child is the London
// fork block (the parent is not yet London), otherwise the EIP-1559 update. An error
// when the parent is a London block without a base fee, or the child is not London.
Result<U256> next_base_fee(const BlockHeader& parent, const ChainConfig& config);

// The bound rule alone: |child - parent| < parent / 1024, 5000 <= child <= 2^63 - 1.
bool valid_gas_limit(uint64_t parent_gas_limit, uint64_t child_gas_limit);

// The rule as import applies it to a child header: at the London fork block the
// parent's limit counts doubled (the gas target stays where it was, EIP-1559).
bool valid_gas_limit(const BlockHeader& parent, const BlockHeader& child,
                     const ChainConfig& config);

}  // namespace pel
