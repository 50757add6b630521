#include "node/pool_access.hpp"

namespace pel {

PoolAccess::PoolAccess(TxPool& pool, OnAccepted on_accepted)
    : pool_(pool), on_accepted_(std::move(on_accepted)) {}

Result<Hash> PoolAccess::submit_raw(BytesView raw) {
  auto hash = pool_.submit_raw(raw);
  if (hash && on_accepted_) on_accepted_();
  return hash;
}

uint64_t PoolAccess::pending_nonce(const Address& address) const {
  return pool_.pending_nonce(address);
}

std::optional<rpc::PendingTxn> PoolAccess::find(const Hash& hash) const {
  PooledTxnPtr pooled = pool_.find(hash);
  if (!pooled) return std::nullopt;
  return rpc::PendingTxn{pooled->txn, pooled->hash, pooled->sender};
}

rpc::PoolCounts PoolAccess::counts() const {
  TxPoolStats stats = pool_.stats();
  return rpc::PoolCounts{stats.pending, stats.queued};
}

}  // namespace pel
