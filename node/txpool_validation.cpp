// The stateless half of a submission (no lock): everything that depends only on the
// transaction and the configuration. The order of the checks follows geth's
// ValidateTransaction, so a transaction with several faults gets geth's message.
#include <string>

#include "crypto/txn_crypto.hpp"
#include "node/txpool.hpp"
#include "node/txpool_price.hpp"

namespace pel {

namespace {

using namespace txpool_errors;

// floor(value * (100 + percent) / 100), or nullopt when it exceeds 2^256-1.
std::optional<U256> bumped(const U256& value, unsigned percent) {
  // value = 100q + r: value * (100 + p) / 100 = value + q*p + floor(r*p / 100).
  U256DivMod parts = divmod(value, U256(100));
  U256 raise;
  if (mul_overflow(parts.quotient, U256(percent), raise)) return std::nullopt;
  raise = raise + parts.remainder * U256(percent) / U256(100);
  U256 out;
  if (add_overflow(value, raise, out)) return std::nullopt;
  return out;
}

}  // namespace

namespace txpool_detail {

bool outbids(const Transaction& old_txn, const Transaction& new_txn, unsigned bump_percent) {
  if (new_txn.max_fee_per_gas <= old_txn.max_fee_per_gas) return false;
  if (new_txn.max_priority_fee_per_gas <= old_txn.max_priority_fee_per_gas) return false;
  auto fee_threshold = bumped(old_txn.max_fee_per_gas, bump_percent);
  auto tip_threshold = bumped(old_txn.max_priority_fee_per_gas, bump_percent);
  return fee_threshold && tip_threshold && new_txn.max_fee_per_gas >= *fee_threshold &&
         new_txn.max_priority_fee_per_gas >= *tip_threshold;
}

}  // namespace txpool_detail

namespace {

Result<PooledTxnPtr> validate_decoded(const TxPoolConfig& config, Transaction txn, size_t size) {
  if (size > config.max_txn_size) {
    return with_details(kOversizedData, "transaction size ", std::to_string(size), ", limit ",
                        std::to_string(config.max_txn_size));
  }
  if (!txn.to && txn.data.size() > kMaxInitcodeSize) {
    return with_details(kMaxInitcodeSizeExceeded, "code size ", std::to_string(txn.data.size()),
                        ", limit ", std::to_string(kMaxInitcodeSize));
  }
  if (txn.max_fee_per_gas < txn.max_priority_fee_per_gas) return with_details(kTipAboveFeeCap);
  // geth checks the chain id inside sender recovery and wraps the signer's error.
  if (!txn.chain_id) {
    if (!config.allow_unprotected) return with_details(kUnprotected);
  } else if (*txn.chain_id != config.chain_id) {
    return with_details(kInvalidSender, kInvalidChainId, ": have ", std::to_string(*txn.chain_id),
                        " want ", std::to_string(config.chain_id));
  }
  auto sender = recover_sender(txn);
  if (!sender) return with_details(kInvalidSender, kInvalidSignature);
  // EIP-2681: the nonce must leave room for the account's nonce to be incremented.
  if (txn.nonce == std::numeric_limits<uint64_t>::max()) return with_details(kNonceMax);
  // Pel runs Shanghai's rules: creations also pay for their initcode (EIP-3860).
  const uint64_t needed = intrinsic_gas(txn) + initcode_word_gas(txn);
  if (txn.gas_limit < needed) {
    return with_details(kIntrinsicGas, "gas ", std::to_string(txn.gas_limit), ", minimum needed ",
                        std::to_string(needed));
  }
  if (txn.max_fee_per_gas < config.min_gas_price) {
    return with_details(kUnderpriced, "gas fee cap ", txn.max_fee_per_gas.to_dec(),
                        ", minimum needed ", config.min_gas_price.to_dec());
  }
  U256 cost;
  if (mul_overflow(U256(txn.gas_limit), txn.max_fee_per_gas, cost) ||
      add_overflow(cost, txn.value, cost)) {
    // No balance reaches 2^256, so no account can pay for it.
    return with_details(kInsufficientFunds);
  }
  auto pooled = std::make_shared<PooledTxn>();
  pooled->hash = txn_hash(txn);
  pooled->sender = *sender;
  pooled->size = size;
  pooled->cost = cost;
  pooled->txn = std::move(txn);
  return PooledTxnPtr(std::move(pooled));
}

}  // namespace

Result<PooledTxnPtr> TxPool::prepare(BytesView raw) const {
  // Before decoding: the size limit protects the decoder from oversized input.
  if (raw.size() > config_.max_txn_size) {
    return with_details(kOversizedData, "transaction size ", std::to_string(raw.size()), ", limit ",
                        std::to_string(config_.max_txn_size));
  }
  auto txn = decode_transaction(raw);
  if (!txn) return txn.error();
  return validate_decoded(config_, std::move(*txn), raw.size());
}

Result<PooledTxnPtr> TxPool::prepare(const Transaction& txn) const {
  const size_t size = encode_transaction(txn).size();
  return validate_decoded(config_, txn, size);
}

}  // namespace pel
