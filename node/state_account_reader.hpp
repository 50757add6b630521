#pragma once
// The pool's view of committed state: nonces and balances at the chain's head block.
// It holds one pinned head view (ChainStore::head_state()) and shares it among the
// RPC threads, so validating a submission costs a cached read, not a new snapshot.
// The block producer calls refresh() after each commit, before telling the pool about
// the block (TxPool::on_new_block reads through this and must see the new head).

#include <memory>
#include <mutex>

#include "node/txpool.hpp"
#include "state/chain_store.hpp"

namespace pel {

class StateAccountReader final : public AccountReader {
 public:
  // `chain` must outlive the reader and hold a genesis.
  explicit StateAccountReader(const ChainStore& chain);

  TxPoolAccount account(const Address& address) const override;

  // Re-pins the view at the store's current head.
  void refresh();
  // The pinned head view (the producer executes the next block on it).
  std::shared_ptr<const FlatStateView> view() const;

 private:
  const ChainStore& chain_;
  mutable std::mutex mutex_;
  std::shared_ptr<const FlatStateView> view_;  // guarded by mutex_
};

}  // namespace pel
