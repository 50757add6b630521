#pragma once
// The state at one block, read from the flat state (kAccounts, kStorage, kCode) at
// a RocksDB snapshot: what the executor reads during a block, and what RPC reads
// for "latest". The snapshot pins the block: commits that land while the view is
// alive do not show through it.
//
// Thread-safe: every const method may be called from many threads at once. Reads
// through the StateView interface cannot fail; a database error makes them return
// zero and is kept for status(), which the owner checks after the block.

#include <oneapi/tbb/concurrent_unordered_map.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "state/account.hpp"
#include "state/database.hpp"
#include "state/state_view.hpp"

namespace pel {

class FlatStateView final : public StateView {
 public:
  // The view keeps `db` open while it lives (a snapshot must be released before its
  // database closes), so it may outlive the store that made it.
  // `block_number`/`block_hash` name the block whose state the snapshot holds.
  FlatStateView(std::shared_ptr<const Database> db, std::unique_ptr<Snapshot> snapshot,
                uint64_t block_number, const Hash& block_hash);

  U256 read(const StateKey& key) const override;
  AccountWords read_account(const Address& address) const override;
  CodePtr code(const Hash& code_hash) const override;
  // Loads the records not cached yet with one batched read.
  void prefetch_accounts(std::span<const Address> addresses) const override;

  // The same reads with their errors.
  Result<std::optional<Account>> account(const Address& address) const;
  Result<U256> slot(const Address& address, const Hash& slot) const;
  Result<CodePtr> code_or_error(const Hash& code_hash) const;

  uint64_t block_number() const { return block_number_; }
  const Hash& block_hash() const { return block_hash_; }

  // The first error a StateView read met, if any.
  Status status() const;

 private:
  void record_error(const Error& error) const;
  // Decodes a record read from the database (nullopt: absent) and caches it.
  Result<std::optional<Account>> cache_record(const Address& address,
                                              std::optional<BytesView> record) const;

  // Balance, nonce and code hash are three keys over one record: the decoded
  // records are cached so the executor's three reads cost one database read. A
  // lookup takes no lock and writes nothing shared: parallel workers read this on
  // every account's first use, and a lock's cache line bouncing between cores cost
  // more than the lookup.
  using AccountCache = tbb::concurrent_unordered_map<Address, std::optional<Account>>;

  std::shared_ptr<const Database> db_;
  std::unique_ptr<Snapshot> snapshot_;  // released before db_: declared after it
  uint64_t block_number_;
  Hash block_hash_;
  mutable AccountCache account_cache_;
  mutable std::mutex code_mutex_;
  mutable std::unordered_map<Hash, CodePtr> code_cache_;
  mutable std::atomic<bool> failed_{false};
  mutable std::mutex error_mutex_;
  mutable std::optional<Error> error_;
};

}  // namespace pel
