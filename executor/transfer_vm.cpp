#include "executor/transfer_vm.hpp"

namespace pel {
namespace {

// a * b, and whether it overflowed 256 bits.
bool mul_overflow_u64(const U256& a, uint64_t b, U256& out) {
  __extension__ typedef unsigned __int128 u128;
  uint64_t carry = 0;
  for (int i = 0; i < 4; ++i) {
    u128 product = static_cast<u128>(a.limbs[i]) * b + carry;
    out.limbs[i] = static_cast<uint64_t>(product);
    carry = static_cast<uint64_t>(product >> 64);
  }
  return carry != 0;
}

TxnOutput invalid(InvalidReason reason) {
  TxnOutput out;
  out.result.status = TxnStatus::kInvalid;
  out.result.invalid_reason = reason;
  return out;
}

}  // namespace

TxnOutput TransferVm::execute(const Transaction& txn, const Address& sender, const BlockEnv& env,
                              const StateView& view) const {
  uint64_t nonce = view.nonce(sender);
  if (txn.nonce < nonce) return invalid(InvalidReason::kNonceTooLow);
  if (txn.nonce > nonce) return invalid(InvalidReason::kNonceTooHigh);
  if (nonce == ~uint64_t{0}) return invalid(InvalidReason::kNonceMax);
  if (!view.read(StateKey::code_hash(sender)).is_zero())
    return invalid(InvalidReason::kSenderNotEoa);
  if (txn.max_priority_fee_per_gas > txn.max_fee_per_gas)
    return invalid(InvalidReason::kTipAboveFeeCap);
  if (txn.max_fee_per_gas < env.base_fee) return invalid(InvalidReason::kFeeCapBelowBaseFee);

  U256 balance = view.balance(sender);
  U256 max_cost;
  if (mul_overflow_u64(txn.max_fee_per_gas, txn.gas_limit, max_cost) ||
      add_overflow(max_cost, txn.value, max_cost) || balance < max_cost) {
    return invalid(InvalidReason::kInsufficientFunds);
  }
  if (txn.gas_limit > env.gas_limit) return invalid(InvalidReason::kGasLimitAboveBlock);
  uint64_t gas_used = intrinsic_gas(txn);
  if (txn.gas_limit < gas_used) return invalid(InvalidReason::kIntrinsicGasTooLow);
  if (!txn.to) return invalid(InvalidReason::kUnsupported);

  // gas_used <= gas_limit and price <= max_fee, so neither product overflows.
  U256 price = effective_gas_price(txn, env.base_fee);
  U256 fee, tip;
  mul_overflow_u64(price, gas_used, fee);
  mul_overflow_u64(price - env.base_fee, gas_used, tip);

  const Address& to = *txn.to;
  const Address& coinbase = env.coinbase;
  U256 sender_balance = balance - fee;  // the value leaves below, unless sent to self
  TxnOutput out;
  out.result.status = TxnStatus::kSuccess;
  out.result.gas_used = gas_used;
  WriteSet& writes = out.writes;
  writes.entries.reserve(4);
  writes.set(StateKey::nonce(sender), U256(nonce + 1));

  bool tip_paid = false;
  if (coinbase == sender) {
    sender_balance += tip;
    tip_paid = true;
  }
  if (to == sender) {
    writes.set(StateKey::balance(sender), sender_balance);
  } else {
    writes.set(StateKey::balance(sender), sender_balance - txn.value);
    if (!txn.value.is_zero()) {
      U256 to_balance = view.balance(to) + txn.value;
      if (to == coinbase) {
        to_balance += tip;
        tip_paid = true;
      }
      writes.set(StateKey::balance(to), to_balance);
    }
  }
  if (!tip_paid && !tip.is_zero()) writes.add(StateKey::balance(coinbase), tip);
  return out;
}

namespace {

// Appends the balance key of `address`, its fields written in place: a KeyAccess
// built on the stack and copied whole stalls on store forwarding (the copy's wide
// loads span the narrow stores that built it), which cost a third of the graph build.
void declare_balance(AccessDeclaration& out, const Address& address, AccessMode mode) {
  KeyAccess& access = out.emplace_back();
  access.key.address = address;
  access.key.field = StateField::kBalance;
  access.key.slot = Hash{};
  access.mode = mode;
}

}  // namespace

bool TransferVm::declare_access(const Transaction& txn, const Address& sender, const BlockEnv& env,
                                AccessDeclaration& out) const {
  // One key per account: a declaration names accounts, not their fields (the
  // sender's nonce and code hash are declared with its balance).
  out.clear();
  declare_balance(out, sender, AccessMode::kReadWrite);
  bool to_other = txn.to && *txn.to != sender;
  if (to_other) declare_balance(out, *txn.to, AccessMode::kReadWrite);
  if (env.coinbase != sender && !(to_other && *txn.to == env.coinbase)) {
    declare_balance(out, env.coinbase, AccessMode::kAdd);
  }
  return true;
}

}  // namespace pel
