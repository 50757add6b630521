#pragma once
// The contract between the executors and a VM. A VM executes one transaction against
// a read-only StateView and returns what it wrote and what happened; it never writes
// shared state. The sequential and the parallel executor share the VM and differ only
// in scheduling, so the VM alone defines a block's semantics.
//
// Value transfers come first (TransferVm); the EVM plugs in through the same concept:
// nested calls, reverts and refunds stay inside the VM, which shows the executor only
// its reads (through the view) and its final write set.

#include <concepts>
#include <memory>
#include <new>
#include <string_view>
#include <vector>

#include "core/fixed_bytes.hpp"
#include "core/receipt.hpp"  // Log
#include "core/transaction.hpp"
#include "core/uint256.hpp"
#include "state/state_view.hpp"
#include "state/write_set.hpp"

namespace pel {

// What the VM knows of the block it executes in.
struct BlockEnv {
  uint64_t number = 0;
  uint64_t timestamp = 0;
  Address coinbase;  // receives the priority fees
  U256 base_fee;     // EIP-1559: burned per unit of gas
  uint64_t gas_limit = 30'000'000;
  uint64_t chain_id = 1;
  Hash prev_randao;  // for the EVM (PREVRANDAO)
};

enum class TxnStatus : uint8_t {
  kSuccess = 0,
  kReverted = 1,  // included and paid for, but its effects undone (EVM)
  // Cannot be included against the state it saw (nonce, funds, fee, gas). It has no
  // effects at all; a block builder drops it, and a block containing it is invalid.
  kInvalid = 2,
};

enum class InvalidReason : uint8_t {
  kNone = 0,
  kNonceTooLow,
  kNonceTooHigh,
  kNonceMax,            // EIP-2681: the sender's nonce cannot be incremented
  kSenderNotEoa,        // EIP-3607: the sender has code
  kFeeCapBelowBaseFee,  // max_fee_per_gas < base fee
  kTipAboveFeeCap,      // max_priority_fee_per_gas > max_fee_per_gas
  kIntrinsicGasTooLow,  // gas_limit below the intrinsic gas
  kGasLimitAboveBlock,  // gas_limit above the block's gas limit
  kInsufficientFunds,   // balance < gas_limit * max_fee + value (or it overflows)
  kUnsupported,         // needs a VM feature this VM lacks (contract creation)
};

// geth's wording, so that RPC clients recognize the errors.
std::string_view invalid_reason_message(InvalidReason reason);

struct TxnResult {
  TxnStatus status = TxnStatus::kInvalid;
  InvalidReason invalid_reason = InvalidReason::kNone;
  uint64_t gas_used = 0;  // zero for invalid transactions
  std::vector<Log> logs;
  friend bool operator==(const TxnResult&, const TxnResult&) = default;
};

// Cache-line aligned: the outputs of neighbouring transactions are written by
// different workers, and a line shared between two went back and forth.
struct alignas(64) TxnOutput {
  // User-provided so that value-initialization (std::vector::resize, once per
  // transaction of every block) does not zero the write set's inline storage first:
  // that was a 432-byte memset per transaction.
  TxnOutput() {}
  TxnResult result;
  WriteSet writes;  // empty for invalid transactions
  friend bool operator==(const TxnOutput&, const TxnOutput&) = default;
};

// Replaces `slot` with the output `make()` returns, built in place: a transfer's
// output is about half a kilobyte, which assignment would build on the stack and
// copy. `make` must not throw (a VM reports failures in the result).
template <class Make>
TxnOutput& emplace_output(TxnOutput& slot, Make&& make) noexcept {
  std::destroy_at(&slot);
  return *::new (static_cast<void*>(&slot)) TxnOutput(make());
}

// A VM: `execute` is a pure function of its arguments and the values it reads through
// `view` (deterministic, no hidden state), callable from many threads at once. It
// reads through `view` only, never writes it, and lists each written key once in the
// write set. It must tolerate any values read (speculative reads can be inconsistent)
// and finish in bounded time. Keys every transaction updates without needing their
// value (the coinbase balance) should be written as deltas (WriteKind::kAdd).
template <class V>
concept TxnVm = requires(const V& vm, const Transaction& txn, const Address& sender,
                         const BlockEnv& env, const StateView& view) {
  { vm.execute(txn, sender, env, view) } -> std::same_as<TxnOutput>;
};

}  // namespace pel
