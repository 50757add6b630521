#include "bench/load_plan.hpp"

#include <tbb/parallel_for.h>

#include <atomic>
#include <mutex>

#include "core/transaction.hpp"
#include "crypto/keccak.hpp"
#include "crypto/txn_crypto.hpp"

namespace pel::load {

PrivateKey wallet_key(uint64_t seed, size_t index) {
  std::string text = "pel-load seed " + std::to_string(seed) + " wallet " + std::to_string(index);
  Hash digest = keccak256(as_view(text));
  while (!address_of(PrivateKey::from_view(digest.view())).ok()) digest = keccak256(digest.view());
  return PrivateKey::from_view(digest.view());
}

std::vector<Wallet> make_wallets(uint64_t seed, size_t count) {
  std::vector<Wallet> wallets(count);
  tbb::parallel_for(size_t{0}, count, [&](size_t i) {
    wallets[i].key = wallet_key(seed, i);
    wallets[i].address = *address_of(wallets[i].key);  // wallet_key returns valid keys only
  });
  return wallets;
}

Address recipient_address(uint64_t seed, size_t txn_index) {
  std::string text =
      "pel-load seed " + std::to_string(seed) + " recipient " + std::to_string(txn_index);
  return Address::from_view(keccak256(as_view(text)).view());
}

TxnSlot slot_of(size_t txn_index, size_t wallets) {
  return {txn_index % wallets, txn_index / wallets};
}

uint64_t txns_of_wallet(size_t wallet, size_t txns, size_t wallets) {
  return txns / wallets + (wallet < txns % wallets ? 1 : 0);
}

std::vector<std::vector<uint32_t>> partition_by_connection(size_t txns, size_t wallets,
                                                           size_t connections) {
  std::vector<std::vector<uint32_t>> out(connections);
  for (auto& list : out) list.reserve(txns / connections + 1);
  for (size_t j = 0; j < txns; ++j)
    out[slot_of(j, wallets).wallet % connections].push_back(static_cast<uint32_t>(j));
  return out;
}

Result<SignedTxn> sign_transfer(const PrivateKey& key, uint64_t nonce, const Address& to,
                                const U256& value, const TransferTerms& terms) {
  Transaction txn;
  txn.type = TxnType::kDynamicFee;
  txn.chain_id = terms.chain_id;
  txn.nonce = nonce;
  txn.max_priority_fee_per_gas = terms.max_priority_fee_per_gas;
  txn.max_fee_per_gas = terms.max_fee_per_gas;
  txn.gas_limit = terms.gas_limit;
  txn.to = to;
  txn.value = value;
  PEL_TRY(sign_transaction(txn, key));
  return SignedTxn{txn_hash(txn), to_hex(encode_transaction(txn))};
}

Result<std::vector<SignedTxn>> sign_transfers(const std::vector<Wallet>& wallets,
                                              const TransferTerms& terms, size_t txns,
                                              uint64_t seed) {
  std::vector<SignedTxn> out(txns);
  std::atomic<bool> failed{false};
  std::mutex error_mutex;
  Error first_error;
  tbb::parallel_for(size_t{0}, txns, [&](size_t j) {
    TxnSlot slot = slot_of(j, wallets.size());
    const Wallet& wallet = wallets[slot.wallet];
    auto signed_txn = sign_transfer(wallet.key, wallet.first_nonce + slot.nonce_offset,
                                    recipient_address(seed, j), terms.value, terms);
    if (signed_txn) {
      out[j] = std::move(*signed_txn);
    } else if (!failed.exchange(true)) {
      std::lock_guard lock(error_mutex);
      first_error = signed_txn.error();
    }
  });
  if (failed) return first_error;
  return out;
}

namespace {

void append_call(std::string& body, uint32_t id, const std::string& raw_hex) {
  body += R"({"jsonrpc":"2.0","id":)";
  body += std::to_string(id);
  body += R"(,"method":"eth_sendRawTransaction","params":[")";
  body += raw_hex;
  body += "\"]}";
}

}  // namespace

std::vector<std::vector<SubmitRequest>> build_requests(
    const std::vector<std::vector<uint32_t>>& per_connection,
    const std::vector<SignedTxn>& signed_txns, size_t batch) {
  std::vector<std::vector<SubmitRequest>> out(per_connection.size());
  for (size_t c = 0; c < per_connection.size(); ++c) {
    const auto& txns = per_connection[c];
    for (size_t begin = 0; begin < txns.size(); begin += batch) {
      size_t end = std::min(txns.size(), begin + batch);
      SubmitRequest request;
      request.txns.assign(txns.begin() + begin, txns.begin() + end);
      if (batch == 1) {
        append_call(request.body, request.txns[0], signed_txns[request.txns[0]].raw_hex);
      } else {
        request.body.reserve((end - begin) * 320);
        request.body += '[';
        for (size_t k = 0; k < request.txns.size(); ++k) {
          if (k) request.body += ',';
          append_call(request.body, request.txns[k], signed_txns[request.txns[k]].raw_hex);
        }
        request.body += ']';
      }
      out[c].push_back(std::move(request));
    }
  }
  return out;
}

}  // namespace pel::load
