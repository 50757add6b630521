#pragma once
// Transactions whose state accesses are known before they run. A value transfer
// touches its sender's nonce, code hash and balance, its recipient's balance and the
// coinbase's balance, whatever the state holds: a VM that can say so lets the
// executor order such transactions by their keys instead of speculating (see
// AccessGraph and DeclaredRun). Block-STM stays for the transactions nobody can
// declare (contract calls) and for a VM that touches a key it did not declare.

#include <concepts>

#include "executor/vm.hpp"
#include "state/small_vector.hpp"
#include "state/state_key.hpp"

namespace pel {

enum class AccessMode : uint8_t {
  // May read the key and write it (set or add). Exclusive: the transaction runs after
  // every earlier one that declared the key and before every later one.
  kReadWrite = 0,
  // Only adds to the key (WriteKind::kAdd), never reads it. Such transactions do not
  // order among themselves; the next kReadWrite access sees the sum of their deltas.
  kAdd = 1,
};

struct KeyAccess {
  StateKey key;
  AccessMode mode = AccessMode::kReadWrite;
};

// Every key one transaction may touch, each once. A key of an account field
// (balance, nonce, code hash) declares the whole account: the graph orders accounts
// and storage slots, not fields. A superset is fine (it only adds ordering); a key
// missing from it makes the run fall back to Block-STM.
using AccessDeclaration = SmallVector<KeyAccess, 8>;

// A VM that declares accesses: declare_access() fills `out` with the keys that
// execute() on the same arguments may read or write, whatever the state, or returns
// false when it cannot know them (the block then runs under Block-STM). A declaring
// VM must not deploy code (CodeBlob) in a declared run; one that does is treated like
// an undeclared access.
template <class V>
concept DeclaresAccess = TxnVm<V> &&
    requires(const V& vm, const Transaction& txn, const Address& sender, const BlockEnv& env,
             AccessDeclaration& out) {
  { vm.declare_access(txn, sender, env, out) } -> std::same_as<bool>;
};

}  // namespace pel
