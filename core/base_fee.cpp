#include "core/base_fee.hpp"

namespace pel {
namespace {

// floor(a * b / d) for d > 0, exact even where a * b does not fit 256 bits:
// with a = q*d + r, a*b/d = q*b + r*b/d, and r*b < 2^128 since r < d and b fit 64 bits.
// Saturates when the result itself does not fit.
U256 mul_div(const U256& a, uint64_t b, uint64_t d) {
  const U256 q = a / U256(d);
  const U256 r = a % U256(d);
  U256 whole;
  if (mul_overflow(q, U256(b), whole)) return U256::max();
  U256 sum;
  if (add_overflow(whole, r * U256(b) / U256(d), sum)) return U256::max();
  return sum;
}

}  // namespace

U256 next_base_fee(uint64_t parent_gas_used, uint64_t parent_gas_limit,
                   const U256& parent_base_fee) {
  const uint64_t target = parent_gas_limit / kElasticityMultiplier;
  // A target of 0 (gas limit below 2) is below the minimum gas limit and never valid;
  // leaving the fee unchanged keeps the division defined.
  if (target == 0 || parent_gas_used == target) return parent_base_fee;

  if (parent_gas_used > target) {
    U256 change = mul_div(parent_base_fee, parent_gas_used - target, target) /
                  U256(kBaseFeeChangeDenominator);
    // The increase is at least 1 so a tiny base fee can still rise.
    if (change.is_zero()) change = U256(1);
    U256 next;
    if (add_overflow(parent_base_fee, change, next)) return U256::max();
    return next;
  }

  const U256 change =
      mul_div(parent_base_fee, target - parent_gas_used, target) / U256(kBaseFeeChangeDenominator);
  // change <= parent_base_fee / 8 here, so this cannot go below zero.
  return parent_base_fee - change;
}

Result<U256> next_base_fee(const BlockHeader& parent, const ChainConfig& config) {
  if (parent.number == UINT64_MAX) return make_error("base fee: parent number at its maximum");
  if (!config.is_london(parent.number + 1)) {
    return make_error("base fee: block " + std::to_string(parent.number + 1) + " is before London");
  }
  if (!config.is_london(parent.number)) return U256(kInitialBaseFee);
  if (!parent.base_fee_per_gas.has_value()) {
    return make_error("base fee: London parent " + std::to_string(parent.number) +
                      " has no base fee");
  }
  return next_base_fee(parent.gas_used, parent.gas_limit, *parent.base_fee_per_gas);
}

bool valid_gas_limit(uint64_t parent_gas_limit, uint64_t child_gas_limit) {
  const uint64_t diff = parent_gas_limit > child_gas_limit ? parent_gas_limit - child_gas_limit
                                                           : child_gas_limit - parent_gas_limit;
  return diff < parent_gas_limit / kGasLimitBoundDivisor && child_gas_limit >= kMinGasLimit &&
         child_gas_limit <= kMaxGasLimit;
}

bool valid_gas_limit(const BlockHeader& parent, const BlockHeader& child,
                     const ChainConfig& config) {
  uint64_t parent_limit = parent.gas_limit;
  if (config.is_london(child.number) && !config.is_london(parent.number)) {
    // Overflow would need a parent limit above 2^63, which no valid chain has.
    if (__builtin_mul_overflow(parent_limit, kElasticityMultiplier, &parent_limit)) return false;
  }
  return valid_gas_limit(parent_limit, child.gas_limit);
}

}  // namespace pel
