#pragma once
// Sender recovery for a whole block, before execution: secp256k1 public-key recovery
// is independent per transaction, so it runs on all workers at once.

#include <span>
#include <vector>

#include "core/result.hpp"
#include "core/transaction.hpp"

namespace pel {

// The signer of every transaction, in order, recovered in parallel on the calling
// thread's oneTBB arena (call it inside an arena to bound the threads; see also
// BlockExecutor::recover_senders). A transaction whose signature does not recover
// makes the whole call fail, naming the first such transaction:
// "transaction 3: <why>".
Result<std::vector<Address>> recover_senders(std::span<const Transaction> txns);

}  // namespace pel
