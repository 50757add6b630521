#pragma once
// The first VM: Ethereum value transfers (legacy, EIP-2930 and EIP-1559
// transactions) with London-and-later fee rules, without contract code.
//
// Validity, in geth's order (a transaction failing one is invalid: no effects, no
// gas): the nonce equals the sender's (and is below 2^64-1, EIP-2681); the sender
// has no code (EIP-3607); priority fee <= max fee and max fee >= base fee; balance
// >= gas_limit * max_fee + value; gas limit <= the block's; gas limit >= intrinsic
// gas (21000, calldata per EIP-2028, access list per EIP-2930). Signatures and chain
// ids are checked before execution, when senders are recovered.
//
// Effects: the sender's nonce + 1; the sender pays gas_used * effective price + value
// (gas_used is the intrinsic gas: a transfer runs no code); the recipient receives
// value; the base fee part is burned; the priority part goes to the coinbase, as a
// delta unless this transaction already read the coinbase balance (it sends or
// receives value), in which case its absolute write includes the fee.
//
// Recipients are treated as plain accounts even when they have code, and contract
// creation (no recipient) is reported invalid as kUnsupported: both need the EVM.

#include "executor/declared_access.hpp"
#include "executor/vm.hpp"

namespace pel {

class TransferVm {
 public:
  TxnOutput execute(const Transaction& txn, const Address& sender, const BlockEnv& env,
                    const StateView& view) const;

  // The sender's account (nonce, code hash, balance) and the recipient's, read and
  // written; the coinbase's balance, added to (or read and written when it is the
  // sender or the recipient). Always known: a transfer runs no code.
  bool declare_access(const Transaction& txn, const Address& sender, const BlockEnv& env,
                      AccessDeclaration& out) const;
};

static_assert(DeclaresAccess<TransferVm>);

}  // namespace pel
