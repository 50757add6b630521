#include "node/txpool.hpp"

#include <cassert>
#include <string>

#include "node/txpool_state.hpp"

namespace pel {

using namespace txpool_errors;
using txpool_detail::EvictionKey;
using txpool_detail::PoolEntry;
using txpool_detail::SenderTxns;

// ---- State ----

EvictionKey TxPool::State::key_of(const Address& address, const Sender& sender) const {
  const PoolEntry& tail = sender.txns.tail();
  EvictionKey key;
  key.pending = tail.txn->txn.nonce < sender.txns.pending_end();
  key.price = txpool_detail::price_rank(tail.txn->txn, base_fee);
  key.sequence = tail.sequence;
  key.hash = tail.txn->hash;
  key.sender = address;
  key.nonce = tail.txn->txn.nonce;
  return key;
}

void TxPool::State::reindex(const Address& address, Sender& sender) {
  if (sender.eviction_key) tails.erase(*sender.eviction_key);
  sender.eviction_key.reset();
  if (sender.txns.empty()) return;
  sender.eviction_key = key_of(address, sender);
  tails.insert(*sender.eviction_key);
}

void TxPool::State::erase_if_empty(const Address& address) {
  auto it = senders.find(address);
  if (it == senders.end() || !it->second.txns.empty()) return;
  assert(!it->second.eviction_key);
  senders.erase(it);
}

void TxPool::State::evict_tail(const Address& address) {
  Sender& sender = senders.at(address);
  const uint64_t nonce = sender.txns.tail().txn->txn.nonce;
  PoolEntry evicted = update(address, sender, [&](SenderTxns& txns) { return txns.erase(nonce); });
  by_hash.erase(evicted.txn->hash);
  ++counters.evicted;
}

void TxPool::State::forget(const std::vector<PoolEntry>& removed, uint64_t& counter) {
  for (const PoolEntry& entry : removed) by_hash.erase(entry.txn->hash);
  counter += removed.size();
}

// ---- TxPool ----

TxPool::TxPool(TxPoolConfig config, const AccountReader& accounts, const U256& base_fee)
    : config_(std::move(config)), accounts_(accounts), state_(std::make_unique<State>()) {
  state_->base_fee = base_fee;
  state_->gas_limit = config_.block_gas_limit;
}

TxPool::~TxPool() = default;

Result<Hash> TxPool::submit_raw(BytesView raw) {
  auto prepared = prepare(raw);
  if (!prepared) {
    rejected_before_add_.fetch_add(1, std::memory_order_relaxed);
    return prepared.error();
  }
  return add(std::move(*prepared));
}

Result<Hash> TxPool::add(PooledTxnPtr txn) {
  uint64_t epoch;
  {
    std::lock_guard lock(mutex_);
    // A sender the pool holds transactions from is validated against the account
    // state the pool keeps for it (refreshed by on_new_block), without a read.
    if (state_->by_hash.contains(txn->hash) || state_->senders.contains(txn->sender)) {
      return add_locked(std::move(txn), nullptr);
    }
    epoch = state_->epoch;
  }
  for (;;) {
    // A new sender: read its account outside the lock, then insert unless a block
    // arrived meanwhile (the read may predate it).
    const TxPoolAccount account = accounts_.account(txn->sender);
    std::lock_guard lock(mutex_);
    if (state_->epoch == epoch || state_->senders.contains(txn->sender)) {
      return add_locked(std::move(txn), &account);
    }
    epoch = state_->epoch;
  }
}

Result<Hash> TxPool::add_locked(PooledTxnPtr pooled, const TxPoolAccount* fresh_account) {
  State& state = *state_;
  auto reject = [&](Error error) -> Error {
    ++state.counters.rejected;
    return error;
  };
  auto reject_with = [&](std::string_view phrase, const auto&... details) -> Error {
    return reject(with_details(phrase, details...));
  };

  const Transaction& txn = pooled->txn;
  const Address& address = pooled->sender;
  if (state.by_hash.contains(pooled->hash)) return reject_with(kAlreadyKnown);
  if (txn.gas_limit > state.gas_limit) return reject_with(kGasLimit);

  auto found = state.senders.find(address);
  const bool new_sender = found == state.senders.end();
  if (new_sender) {
    assert(fresh_account != nullptr);
    found = state.senders.emplace(address, State::Sender{SenderTxns(*fresh_account), {}}).first;
  }
  State::Sender& sender = found->second;
  // A new sender's entry is removed again unless the transaction goes in.
  auto reject_new = [&](std::string_view phrase, const auto&... details) -> Error {
    if (new_sender) state.senders.erase(address);
    return reject_with(phrase, details...);
  };

  const TxPoolAccount& account = sender.txns.account();
  const U256& balance = account.balance;
  if (txn.nonce < account.nonce) {
    return reject_new(kNonceTooLow, "next nonce ", std::to_string(account.nonce), ", tx nonce ",
                      std::to_string(txn.nonce));
  }
  if (pooled->cost > balance) {
    return reject_new(kInsufficientFunds, "balance ", balance.to_dec(), ", tx cost ",
                      pooled->cost.to_dec(), ", overshot ", (pooled->cost - balance).to_dec());
  }

  // Replacement of the same nonce.
  if (const PoolEntry* existing = sender.txns.find(txn.nonce)) {
    const U256& old_cost = existing->txn->cost;
    U256 need;
    const bool overflow = add_overflow(sender.txns.spent() - old_cost, pooled->cost, need);
    if (overflow || need > balance) {
      // geth prints the bump as a signed number.
      std::string bump;
      if (pooled->cost >= old_cost) {
        bump = (pooled->cost - old_cost).to_dec();
      } else {
        bump = "-";
        bump += (old_cost - pooled->cost).to_dec();
      }
      return reject_with(kInsufficientFunds, "balance ", balance.to_dec(), ", queued cost ",
                         sender.txns.spent().to_dec(), ", tx bumped ", bump, ", overshot ",
                         overflow ? std::string("2^256") : (need - balance).to_dec());
    }
    if (!txpool_detail::outbids(existing->txn->txn, txn, config_.price_bump_percent)) {
      return reject_with(kReplaceUnderpriced);
    }
    PoolEntry entry{pooled, state.next_sequence++};
    PoolEntry old = state.update(address, sender,
                                 [&](SenderTxns& txns) { return txns.replace(std::move(entry)); });
    state.by_hash.erase(old.txn->hash);
    state.by_hash.emplace(pooled->hash, pooled);
    ++state.counters.accepted;
    ++state.counters.replaced;
    return pooled->hash;
  }

  U256 need;
  const bool overflow = add_overflow(sender.txns.spent(), pooled->cost, need);
  if (overflow || need > balance) {
    return reject_new(kInsufficientFunds, "balance ", balance.to_dec(), ", queued cost ",
                      sender.txns.spent().to_dec(), ", tx cost ", pooled->cost.to_dec(),
                      ", overshot ", overflow ? std::string("2^256") : (need - balance).to_dec());
  }

  // Room: the sender's own limit first, then the pool's.
  if (sender.txns.size() >= config_.max_txns_per_sender) {
    // Keep the lowest nonces: a transaction below the sender's highest displaces it.
    if (sender.txns.empty() || txn.nonce > sender.txns.tail().txn->txn.nonce) {
      return reject_new(kAccountLimitExceeded, "pooled ", std::to_string(sender.txns.size()),
                        " txs");
    }
    state.evict_tail(address);
  } else if (state.total() >= config_.max_txns) {
    if (state.tails.empty()) return reject_new(kPoolFull);
    EvictionKey incoming;
    incoming.pending = txn.nonce == sender.txns.pending_end();
    incoming.price = txpool_detail::price_rank(txn, state.base_fee);
    incoming.sequence = state.next_sequence;  // the newest: loses price ties
    incoming.hash = pooled->hash;
    const EvictionKey cheapest = *state.tails.begin();
    if (cheapest.sender == address && cheapest.nonce < txn.nonce) {
      // Its own highest nonce is the cheapest, and evicting it would strand this one.
      return reject_new(kPoolFull);
    }
    if (!cheapest.cheaper_than(incoming)) return reject_new(kUnderpriced);
    state.evict_tail(cheapest.sender);
    if (cheapest.sender != address) state.erase_if_empty(cheapest.sender);
  }

  PoolEntry entry{pooled, state.next_sequence++};
  state.update(address, sender, [&](SenderTxns& txns) {
    txns.insert(std::move(entry));
    return 0;
  });
  state.by_hash.emplace(pooled->hash, pooled);
  ++state.counters.accepted;
  return pooled->hash;
}

void TxPool::on_new_block(const TxPoolBlockUpdate& update) {
  std::vector<Address> to_read;
  {
    std::lock_guard lock(mutex_);
    State& state = *state_;
    ++state.epoch;
    const bool fee_changed = state.base_fee != update.next_base_fee;
    state.base_fee = update.next_base_fee;
    if (update.gas_limit != 0 && update.gas_limit < state.gas_limit) {
      for (auto it = state.senders.begin(); it != state.senders.end();) {
        auto removed = state.update(it->first, it->second, [&](SenderTxns& txns) {
          return txns.drop_over_gas(update.gas_limit);
        });
        state.forget(removed, state.counters.dropped);
        it = it->second.txns.empty() ? state.senders.erase(it) : std::next(it);
      }
    }
    if (update.gas_limit != 0) state.gas_limit = update.gas_limit;
    for (const TxPoolAccountUpdate& known : update.updated_accounts) {
      auto it = state.senders.find(known.address);
      if (it == state.senders.end()) continue;
      auto removed = state.update(
          it->first, it->second, [&](SenderTxns& txns) { return txns.set_account(known.account); });
      state.forget(removed, state.counters.dropped);
      if (it->second.txns.empty()) state.senders.erase(it);
    }
    if (update.recheck_all) {
      to_read.reserve(state.senders.size());
      for (const auto& [address, sender] : state.senders) to_read.push_back(address);
    } else {
      for (const Address& address : update.changed_accounts)
        if (state.senders.contains(address)) to_read.push_back(address);
    }
    // Effective tips moved with the base fee: re-file every eviction candidate.
    if (fee_changed) {
      for (auto& [address, sender] : state.senders) state.reindex(address, sender);
    }
  }
  if (to_read.empty()) return;

  std::vector<TxPoolAccount> accounts;
  accounts.reserve(to_read.size());
  for (const Address& address : to_read) accounts.push_back(accounts_.account(address));

  std::lock_guard lock(mutex_);
  State& state = *state_;
  for (size_t i = 0; i < to_read.size(); ++i) {
    auto it = state.senders.find(to_read[i]);
    if (it == state.senders.end()) continue;  // evicted meanwhile
    auto removed = state.update(it->first, it->second,
                                [&](SenderTxns& txns) { return txns.set_account(accounts[i]); });
    state.forget(removed, state.counters.dropped);
    if (it->second.txns.empty()) state.senders.erase(it);
  }
}

bool TxPool::remove(const Hash& hash) {
  std::lock_guard lock(mutex_);
  State& state = *state_;
  auto found = state.by_hash.find(hash);
  if (found == state.by_hash.end()) return false;
  const Address address = found->second->sender;
  const uint64_t nonce = found->second->txn.nonce;
  state.by_hash.erase(found);
  State::Sender& sender = state.senders.at(address);
  state.update(address, sender, [&](SenderTxns& txns) { return txns.erase(nonce); });
  ++state.counters.dropped;
  state.erase_if_empty(address);
  return true;
}

PooledTxnPtr TxPool::find(const Hash& hash) const {
  std::lock_guard lock(mutex_);
  auto found = state_->by_hash.find(hash);
  return found == state_->by_hash.end() ? nullptr : found->second;
}

uint64_t TxPool::pending_nonce(const Address& address) const {
  {
    std::lock_guard lock(mutex_);
    auto found = state_->senders.find(address);
    if (found != state_->senders.end()) return found->second.txns.pending_end();
  }
  return accounts_.account(address).nonce;
}

std::vector<PooledTxnPtr> TxPool::txns_from(const Address& address) const {
  std::vector<PooledTxnPtr> out;
  std::lock_guard lock(mutex_);
  auto found = state_->senders.find(address);
  if (found == state_->senders.end()) return out;
  out.reserve(found->second.txns.size());
  for (const auto& [nonce, entry] : found->second.txns.txns()) out.push_back(entry.txn);
  return out;
}

TxPoolStats TxPool::stats() const {
  std::lock_guard lock(mutex_);
  TxPoolStats out = state_->counters;
  out.pending = state_->pending;
  out.queued = state_->queued;
  out.pending_gas = state_->pending_gas;
  out.senders = state_->senders.size();
  out.rejected += rejected_before_add_.load(std::memory_order_relaxed);
  return out;
}

}  // namespace pel
