// Block selection: a merge of the senders' pending runs by effective tip, each run in
// nonce order (geth's TransactionsByPriceAndNonce), packed up to the gas limit.
#include <optional>
#include <queue>

#include "node/txpool_state.hpp"

namespace pel {

namespace {

using txpool_detail::PoolEntry;

// Every valid transaction uses at least this much gas (prepare() checks intrinsic gas),
// so once less is left nothing else fits.
constexpr uint64_t kMinTxnGas = 21'000;

// The next transaction a sender offers, and where its run ends.
struct Head {
  std::map<uint64_t, PoolEntry>::const_iterator at;
  std::map<uint64_t, PoolEntry>::const_iterator end;
  U256 tip;
};

// std::priority_queue puts the greatest first: "less" means "comes later".
struct ComesLater {
  bool operator()(const Head& a, const Head& b) const {
    if (a.tip != b.tip) return a.tip < b.tip;
    if (a.at->second.sequence != b.at->second.sequence)
      return a.at->second.sequence > b.at->second.sequence;
    return a.at->second.txn->hash > b.at->second.txn->hash;
  }
};

}  // namespace

std::vector<PooledTxnPtr> TxPool::select_for_block(const U256& base_fee, uint64_t gas_limit,
                                                   size_t max_count) const {
  std::vector<PooledTxnPtr> out;
  std::lock_guard lock(mutex_);
  const State& state = *state_;

  // A sender whose next transaction cannot pay the base fee offers nothing: its later
  // nonces cannot run before it.
  auto head_at = [&](auto at, auto end) -> std::optional<Head> {
    if (at == end || at->second.txn->txn.max_fee_per_gas < base_fee) return std::nullopt;
    return Head{at, end, txpool_detail::effective_tip(at->second.txn->txn, base_fee)};
  };
  std::vector<Head> heads;
  heads.reserve(state.senders.size());
  for (const auto& [address, sender] : state.senders) {
    if (sender.txns.pending_count() == 0) continue;
    const auto& txns = sender.txns.txns();
    if (auto head = head_at(txns.begin(), txns.lower_bound(sender.txns.pending_end())))
      heads.push_back(*head);
  }
  std::priority_queue<Head, std::vector<Head>, ComesLater> queue(ComesLater{}, std::move(heads));

  uint64_t gas_left = gas_limit;
  while (!queue.empty() && out.size() < max_count && gas_left >= kMinTxnGas) {
    Head head = queue.top();
    queue.pop();
    const PooledTxnPtr& txn = head.at->second.txn;
    // One that does not fit ends its sender's run (later nonces depend on it); the
    // other senders go on filling the block.
    if (txn->txn.gas_limit > gas_left) continue;
    gas_left -= txn->txn.gas_limit;
    out.push_back(txn);
    if (auto next = head_at(std::next(head.at), head.end)) queue.push(*next);
  }
  return out;
}

}  // namespace pel
