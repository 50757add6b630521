#pragma once
// The transaction pool: signed transactions that arrived over JSON-RPC and wait for a
// block. RPC threads submit; the block producer takes an ordered selection and reports
// each new block so the pool drops what was included or went stale.
//
// Per sender, the pool holds transactions by nonce. Those that form an unbroken run
// from the account's nonce are *pending* (executable in order now); the others wait
// behind a nonce gap and are *queued* until the gap fills, when they are promoted.
//
// Base fee policy: like geth, a transaction whose max fee is below the current base fee
// is still accepted (it may become includable when the base fee falls). It is never
// selected for a block while it cannot pay the base fee, and it ranks below every
// transaction that can when the pool must evict. The pool's own floor is
// TxPoolConfig::min_gas_price, which applies to the max fee per gas.
//
// Thread safety: every public member may be called from any thread. One mutex guards
// the pool; decoding, hashing and signature recovery (the costly part of a submission)
// and the AccountReader calls happen outside it.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

#include "core/fixed_bytes.hpp"
#include "core/result.hpp"
#include "core/transaction.hpp"
#include "core/uint256.hpp"
#include "node/txpool_errors.hpp"

namespace pel {

// The account fields the pool validates against.
struct TxPoolAccount {
  uint64_t nonce = 0;
  U256 balance;
};

// How the pool reads committed state: the node backs it with the chain store at the
// head block, tests with a map. Called concurrently from several threads, never with
// the pool's lock held. An account that does not exist reads as nonce 0, balance 0.
class AccountReader {
 public:
  virtual ~AccountReader() = default;
  virtual TxPoolAccount account(const Address& address) const = 0;
};

struct TxPoolConfig {
  uint64_t chain_id = 1;
  // The block gas limit at start (on_new_block() moves it): a transaction asking for
  // more gas is rejected with "exceeds block gas limit".
  uint64_t block_gas_limit = 30'000'000;
  // Floor on max_fee_per_gas (legacy: gas price), "transaction underpriced" below it.
  U256 min_gas_price = 1;
  // Wire size limit, geth's txMaxSize (4 slots of 32 KiB).
  size_t max_txn_size = 128 * 1024;
  // Everything the pool holds, pending and queued together.
  size_t max_txns = 100'000;
  // Per sender, pending and queued together.
  size_t max_txns_per_sender = 1'024;
  // A replacement (same sender and nonce) must raise both the max fee and the tip by
  // at least this much, geth's default price bump.
  unsigned price_bump_percent = 10;
  // Pre-EIP-155 legacy transactions (no chain id in the signature). Off, like geth's
  // default for RPC submissions.
  bool allow_unprotected = false;
};

// A transaction as the pool holds it: decoded, hashed, its sender recovered. Immutable
// once made; shared with callers (who may keep it after the pool dropped it).
struct PooledTxn {
  Transaction txn;
  Hash hash;
  Address sender;
  uint64_t size = 0;  // bytes of the wire encoding
  U256 cost;          // gas_limit * max_fee_per_gas + value: the most it can spend
};
using PooledTxnPtr = std::shared_ptr<const PooledTxn>;

// An account's state after a block, when the caller already has it (from the block's
// write set), so the pool need not read it.
struct TxPoolAccountUpdate {
  Address address;
  TxPoolAccount account;
};

// What the block producer tells the pool after committing a block.
struct TxPoolBlockUpdate {
  // Base fee of the next block; orders eviction by effective tip.
  U256 next_base_fee = {};
  // Gas limit of the next block; 0 keeps the current one. A lower limit drops pooled
  // transactions that ask for more.
  uint64_t gas_limit = 0;
  // Every account whose nonce or balance the block changed: senders, recipients, the
  // fee recipient. The pool re-reads those it holds transactions from (nonce and
  // balance, through the AccountReader, which must already see the new head), drops
  // nonces below the account's and transactions the balance can no longer pay, and
  // promotes or demotes the rest. Accounts the pool holds nothing from cost a lookup.
  std::span<const Address> changed_accounts = {};
  // Changed accounts whose new nonce and balance the caller knows: applied as given,
  // without a read. An account may be listed here or in changed_accounts.
  std::span<const TxPoolAccountUpdate> updated_accounts = {};
  // Re-read every sender the pool holds (after an import or a reorganisation, when
  // the changed accounts are not known).
  bool recheck_all = false;
};

struct TxPoolStats {
  size_t pending = 0;  // executable now, in nonce order from the account nonce
  size_t queued = 0;   // behind a nonce gap
  size_t senders = 0;
  uint64_t pending_gas = 0;  // the pending transactions' gas limits
  // The gas limits that became pending, by submissions and by promotions out of the
  // queue (never decreases): how much executable work has arrived.
  uint64_t pending_gas_added = 0;
  // Counters since construction.
  uint64_t accepted = 0;  // new transactions and replacements
  uint64_t replaced = 0;  // of which replacements
  uint64_t rejected = 0;  // submissions that returned an error
  uint64_t evicted = 0;   // dropped to make room (pool or sender limit)
  uint64_t dropped = 0;   // by blocks (included, stale, unpayable, over gas) and remove()
};

class TxPool {
 public:
  // `accounts` must outlive the pool. `base_fee` is the next block's base fee.
  TxPool(TxPoolConfig config, const AccountReader& accounts, const U256& base_fee);
  ~TxPool();
  TxPool(const TxPool&) = delete;
  TxPool& operator=(const TxPool&) = delete;

  // eth_sendRawTransaction: decode, validate and add. Returns the transaction hash or
  // an error in geth's wording (txpool_errors.hpp). prepare() + add().
  Result<Hash> submit_raw(BytesView raw);

  // The stateless half of a submission, which takes no lock: size limit, decoding,
  // chain id, fee sanity, intrinsic gas, the minimum gas price, hashing and sender
  // recovery. Its result goes to add(). Cost is dominated by recovery (~50 µs).
  Result<PooledTxnPtr> prepare(BytesView raw) const;
  // The same for a decoded transaction (encodes it once to learn its size).
  Result<PooledTxnPtr> prepare(const Transaction& txn) const;

  // The stateful half: already known, block gas limit, nonce, balance, replacement,
  // limits and eviction; then the transaction is pending or queued. `txn` must come
  // from prepare() (tests may build one by hand; nothing re-checks its hash or sender).
  Result<Hash> add(PooledTxnPtr txn);

  // Block building: pending transactions to try in this order, highest effective tip
  // (under `base_fee`) first across senders, each sender's in nonce order. Skips
  // senders whose next transaction cannot pay `base_fee`; a transaction whose gas does
  // not fit what is left of `gas_limit` ends its sender's run and the others go on.
  // Ties: earlier arrival first, then hash. The same pool content gives the same list.
  // The pool keeps the transactions until on_new_block() reports them included.
  std::vector<PooledTxnPtr> select_for_block(
      const U256& base_fee, uint64_t gas_limit,
      size_t max_count = std::numeric_limits<size_t>::max()) const;

  // After a block: see TxPoolBlockUpdate.
  void on_new_block(const TxPoolBlockUpdate& update);

  // Drops one transaction (e.g. the block producer found it invalid); the sender's
  // later nonces stay, queued behind the gap. False if it is not in the pool.
  bool remove(const Hash& hash);

  // eth_getTransactionByHash for transactions not yet in a block; null if unknown.
  PooledTxnPtr find(const Hash& hash) const;

  // eth_getTransactionCount(address, "pending"): the nonce after the sender's pending
  // run, or the account nonce (read through the AccountReader) when the pool holds
  // nothing executable from it.
  uint64_t pending_nonce(const Address& sender) const;

  // The sender's transactions in nonce order, pending first then queued (txpool_content).
  std::vector<PooledTxnPtr> txns_from(const Address& sender) const;

  // txpool_status and metrics.
  TxPoolStats stats() const;

  const TxPoolConfig& config() const { return config_; }

 private:
  struct State;
  Result<Hash> add_locked(PooledTxnPtr txn, const TxPoolAccount* fresh_account);

  const TxPoolConfig config_;
  const AccountReader& accounts_;
  mutable std::mutex mutex_;
  std::unique_ptr<State> state_;                  // guarded by mutex_
  std::atomic<uint64_t> rejected_before_add_{0};  // submit_raw failures in prepare()
};

}  // namespace pel
