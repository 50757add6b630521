#pragma once
// What the load driver sends, decided before the clock starts: deterministic wallet
// keys, which wallet sends which transfer with which nonce, which connection carries
// which wallet, the signed transfers and the HTTP request bodies that carry them.
//
// Transfer j is sent by wallet j % M (round robin), so wallet w sends transfers w, w+M,
// w+2M, ... with consecutive nonces. Wallet w belongs to connection w % C, and each
// connection sends its transfers in increasing j: every sender's transactions reach
// the node in nonce order, over one connection.

#include <cstdint>
#include <string>
#include <vector>

#include "core/fixed_bytes.hpp"
#include "core/result.hpp"
#include "core/uint256.hpp"
#include "crypto/secp256k1.hpp"

namespace pel::load {

struct Wallet {
  PrivateKey key{};
  Address address{};
  uint64_t first_nonce = 0;  // the wallet's pending nonce when the run starts
};

// keccak256("pel-load seed <seed> wallet <index>"), re-hashed in the (astronomically
// unlikely) case that it is not a valid secp256k1 key.
PrivateKey wallet_key(uint64_t seed, size_t index);

// `count` wallets with nonce 0, keys from wallet_key (derived in parallel).
std::vector<Wallet> make_wallets(uint64_t seed, size_t count);

// A fresh recipient per transfer: the first 20 bytes of
// keccak256("pel-load seed <seed> recipient <index>").
Address recipient_address(uint64_t seed, size_t txn_index);

// Sender and nonce offset of transfer `txn_index` among `wallets` wallets.
struct TxnSlot {
  size_t wallet = 0;
  uint64_t nonce_offset = 0;
};
TxnSlot slot_of(size_t txn_index, size_t wallets);

// How many transfers wallet `wallet` sends out of `txns`.
uint64_t txns_of_wallet(size_t wallet, size_t txns, size_t wallets);

// For each of `connections` connections, the transfers it sends, in sending order.
// Preconditions: wallets > 0, connections > 0.
std::vector<std::vector<uint32_t>> partition_by_connection(size_t txns, size_t wallets,
                                                           size_t connections);

// The fields every transfer shares.
struct TransferTerms {
  uint64_t chain_id = 0;
  U256 max_fee_per_gas{};
  U256 max_priority_fee_per_gas{};
  U256 value{};
  uint64_t gas_limit = 21'000;
};

struct SignedTxn {
  Hash hash{};
  std::string raw_hex{};  // "0x" + the wire encoding
};

// Signs `txns` EIP-1559 transfers as the plan above describes, in parallel (oneTBB).
Result<std::vector<SignedTxn>> sign_transfers(const std::vector<Wallet>& wallets,
                                              const TransferTerms& terms, size_t txns,
                                              uint64_t seed);

// Signs one EIP-1559 transfer.
Result<SignedTxn> sign_transfer(const PrivateKey& key, uint64_t nonce, const Address& to,
                                const U256& value, const TransferTerms& terms);

// One HTTP request body: a single eth_sendRawTransaction (batch == 1) or a JSON-RPC
// batch of them, with the transfers it carries (their indices are the JSON-RPC ids).
struct SubmitRequest {
  std::string body{};
  std::vector<uint32_t> txns;
};

// Cuts each connection's transfers into requests of up to `batch` transfers.
std::vector<std::vector<SubmitRequest>> build_requests(
    const std::vector<std::vector<uint32_t>>& per_connection,
    const std::vector<SignedTxn>& signed_txns, size_t batch);

}  // namespace pel::load
