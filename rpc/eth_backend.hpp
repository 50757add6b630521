#pragma once
// API CONTRACT (lead). What the eth_ and txpool_ namespaces need from the node beyond
// the chain store: the transaction pool lives in node/, above rpc/, so the node hands
// the namespaces this narrow interface. Every member may be called from any RPC
// thread at once.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>

#include "core/chain_config.hpp"
#include "core/fixed_bytes.hpp"
#include "core/result.hpp"
#include "core/transaction.hpp"
#include "state/chain_store.hpp"

namespace pel::rpc {

// A transaction waiting in the pool (eth_getTransactionByHash before inclusion).
struct PendingTxn {
  Transaction txn;
  Hash hash;
  Address sender;
};

struct PoolCounts {
  size_t pending = 0;  // executable now
  size_t queued = 0;   // behind a nonce gap
};

class TxnPoolAccess {
 public:
  virtual ~TxnPoolAccess() = default;
  // eth_sendRawTransaction: the hash, or the pool's error in geth's wording (the
  // namespace returns it as -32000 with that message).
  virtual Result<Hash> submit_raw(BytesView raw) = 0;
  // eth_getTransactionCount(address, "pending").
  virtual uint64_t pending_nonce(const Address& address) const = 0;
  // A pooled transaction; nullopt when the pool does not hold it.
  virtual std::optional<PendingTxn> find(const Hash& hash) const = 0;
  virtual PoolCounts counts() const = 0;
};

// Everything the eth_ and txpool_ namespaces read. The store and the pool must outlive
// the registry the methods are registered on.
struct EthContext {
  const ChainStore* chain = nullptr;
  ChainConfig config;
  TxnPoolAccess* pool = nullptr;
  // eth_gasPrice / eth_maxPriorityFeePerGas suggest this tip (wei).
  U256 suggested_tip = U256(1'000'000'000);
};

}  // namespace pel::rpc
