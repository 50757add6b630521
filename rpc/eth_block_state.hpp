#pragma once
// The state after one canonical block, as the eth_ state methods and eth_call read
// it: the head's from the flat state at a snapshot (fast, what most calls ask for),
// an older block's through the state trie at its root (ChainStore::account_at).
//
// It is also a StateView, so the VM can execute a call against it. Reads through the
// StateView interface cannot fail; an error they meet returns zero and is kept for
// status(), which the caller checks after executing.

#include <memory>
#include <mutex>
#include <optional>

#include "core/result.hpp"
#include "state/account.hpp"
#include "state/chain_store.hpp"
#include "state/flat_state_view.hpp"
#include "state/state_view.hpp"

namespace pel::rpc {

class EthBlockState final : public StateView {
 public:
  // `flat`, when given, holds the state of block `number` (the head's snapshot);
  // otherwise reads go through the trie at that block's state root.
  EthBlockState(const ChainStore& chain, uint64_t number, std::unique_ptr<FlatStateView> flat);

  uint64_t number() const { return number_; }

  Result<std::optional<Account>> account(const Address& address) const;
  Result<U256> storage(const Address& address, const Hash& slot) const;
  // The account's code (empty for an account without code or no account).
  Result<CodePtr> code_of(const Address& address) const;

  U256 read(const StateKey& key) const override;
  CodePtr code(const Hash& code_hash) const override;

  // The first error a StateView read met, if any.
  Status status() const;

 private:
  void record(const Error& error) const;

  const ChainStore& chain_;
  uint64_t number_;
  std::unique_ptr<FlatStateView> flat_;
  mutable std::mutex error_mutex_;
  mutable std::optional<Error> error_;
};

}  // namespace pel::rpc
