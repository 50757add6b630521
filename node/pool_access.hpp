#pragma once
// The node's side of rpc::TxnPoolAccess: the eth_ and txpool_ namespaces reach the
// transaction pool through it. It also tells the block producer when transactions
// arrive, so a full block's worth is sealed without waiting for the block time.

#include <atomic>
#include <functional>

#include "node/txpool.hpp"
#include "rpc/eth_backend.hpp"

namespace pel {

class PoolAccess final : public rpc::TxnPoolAccess {
 public:
  // Called after each accepted submission (from the RPC thread that submitted it;
  // must be thread-safe). May be empty.
  using OnAccepted = std::function<void()>;

  // `pool` must outlive this.
  explicit PoolAccess(TxPool& pool, OnAccepted on_accepted = {});

  Result<Hash> submit_raw(BytesView raw) override;
  uint64_t pending_nonce(const Address& address) const override;
  std::optional<rpc::PendingTxn> find(const Hash& hash) const override;
  rpc::PoolCounts counts() const override;

 private:
  TxPool& pool_;
  OnAccepted on_accepted_;
};

}  // namespace pel
