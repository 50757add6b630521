#include "rpc/eth_json.hpp"

#include "core/rlp.hpp"
#include "crypto/header_hash.hpp"
#include "crypto/keccak.hpp"
#include "rpc/params.hpp"

namespace pel::rpc {

namespace {

using json = nlohmann::json;

json position_or_null(const std::optional<TxnPosition>& position, auto field) {
  return position ? json(field(*position)) : json(nullptr);
}

json log_json(const Log& log, const Hash& txn_hash, const TxnPosition& position,
              uint64_t log_index) {
  json topics = json::array();
  for (const Hash& topic : log.topics) topics.push_back(encode_hash(topic));
  return {
      {"address", encode_address(log.address)},
      {"topics", std::move(topics)},
      {"data", encode_data(log.data)},
      {"blockNumber", encode_quantity(position.block_number)},
      {"blockHash", encode_hash(position.block_hash)},
      {"blockTimestamp", encode_quantity(position.block_timestamp)},
      {"transactionHash", encode_hash(txn_hash)},
      {"transactionIndex", encode_quantity(position.index)},
      {"logIndex", encode_quantity(log_index)},
      {"removed", false},
  };
}

}  // namespace

U256 paid_gas_price(const Transaction& txn, const std::optional<U256>& base_fee) {
  if (!base_fee) return txn.max_fee_per_gas;
  // A mined transaction's max fee covers the base fee; a caller's stale view of an
  // unmined one might not, and then it pays (at most) its max fee.
  if (txn.max_fee_per_gas < *base_fee) return txn.max_fee_per_gas;
  return effective_gas_price(txn, *base_fee);
}

json access_list_json(const std::vector<AccessListEntry>& access_list) {
  json entries = json::array();
  for (const AccessListEntry& entry : access_list) {
    json keys = json::array();
    for (const Hash& key : entry.storage_keys) keys.push_back(encode_hash(key));
    entries.push_back(
        {{"address", encode_address(entry.address)}, {"storageKeys", std::move(keys)}});
  }
  return entries;
}

json txn_json(const Transaction& txn, const Hash& hash, const Address& sender,
              const std::optional<TxnPosition>& position) {
  json out = {
      {"blockHash",
       position_or_null(position, [](const auto& p) { return encode_hash(p.block_hash); })},
      {"blockNumber",
       position_or_null(position, [](const auto& p) { return encode_quantity(p.block_number); })},
      {"transactionIndex",
       position_or_null(position, [](const auto& p) { return encode_quantity(p.index); })},
      {"hash", encode_hash(hash)},
      {"from", encode_address(sender)},
      {"to", txn.to ? json(encode_address(*txn.to)) : json(nullptr)},
      {"nonce", encode_quantity(txn.nonce)},
      {"gas", encode_quantity(txn.gas_limit)},
      {"value", encode_quantity(txn.value)},
      {"input", encode_data(txn.data)},
      {"type", encode_quantity(static_cast<uint64_t>(txn.type))},
      {"v", encode_quantity(legacy_v(txn))},
      {"r", encode_quantity(txn.r)},
      {"s", encode_quantity(txn.s)},
  };
  if (txn.chain_id) out["chainId"] = encode_quantity(*txn.chain_id);
  if (txn.type == TxnType::kLegacy) {
    out["gasPrice"] = encode_quantity(txn.max_fee_per_gas);
    return out;
  }
  out["accessList"] = access_list_json(txn.access_list);
  out["yParity"] = encode_quantity(uint64_t{txn.y_parity});
  if (txn.type == TxnType::kAccessList) {
    out["gasPrice"] = encode_quantity(txn.max_fee_per_gas);
    return out;
  }
  out["maxFeePerGas"] = encode_quantity(txn.max_fee_per_gas);
  out["maxPriorityFeePerGas"] = encode_quantity(txn.max_priority_fee_per_gas);
  // Mined: what it paid. Pending: what it may pay at most (geth's choice).
  out["gasPrice"] =
      encode_quantity(position ? paid_gas_price(txn, position->base_fee) : txn.max_fee_per_gas);
  return out;
}

Address created_address(const Address& sender, uint64_t nonce) {
  Bytes payload;
  rlp::encode_fixed(payload, sender);
  rlp::encode_uint(payload, nonce);
  Bytes list;
  rlp::encode_list(list, payload);
  Hash hash = keccak256(list);
  return Address::from_view(hash.view().subspan(12));
}

json receipt_json(const Receipt& receipt, const ReceiptFacts& facts) {
  const TxnPosition& position = facts.position;
  json logs = json::array();
  for (size_t i = 0; i < receipt.logs.size(); ++i) {
    logs.push_back(log_json(receipt.logs[i], facts.txn_hash, position, facts.first_log_index + i));
  }
  json out = {
      {"transactionHash", encode_hash(facts.txn_hash)},
      {"transactionIndex", encode_quantity(position.index)},
      {"blockHash", encode_hash(position.block_hash)},
      {"blockNumber", encode_quantity(position.block_number)},
      {"from", encode_address(facts.sender)},
      {"to", facts.txn.to ? json(encode_address(*facts.txn.to)) : json(nullptr)},
      {"cumulativeGasUsed", encode_quantity(receipt.cumulative_gas_used)},
      {"gasUsed", encode_quantity(facts.gas_used)},
      {"effectiveGasPrice", encode_quantity(paid_gas_price(facts.txn, position.base_fee))},
      {"contractAddress",
       facts.txn.to ? json(nullptr)
                    : json(encode_address(created_address(facts.sender, facts.txn.nonce)))},
      {"logs", std::move(logs)},
      {"logsBloom", encode_data(receipt.logs_bloom.view())},
      {"type", encode_quantity(static_cast<uint64_t>(receipt.type))},
  };
  if (receipt.post_state) {
    out["root"] = encode_hash(*receipt.post_state);
  } else {
    out["status"] = encode_quantity(uint64_t{receipt.success ? 1u : 0u});
  }
  return out;
}

json block_receipts_json(std::span<const Receipt> receipts, std::span<const Transaction> txns,
                         std::span<const Hash> hashes, std::span<const Address> senders,
                         const Hash& block_hash, const BlockHeader& header) {
  json out = json::array();
  uint64_t previous_cumulative = 0;
  uint64_t log_index = 0;
  size_t count = std::min({receipts.size(), txns.size(), hashes.size(), senders.size()});
  for (size_t i = 0; i < count; ++i) {
    TxnPosition position{block_hash, header.number, i, header.base_fee_per_gas, header.timestamp};
    const Receipt& receipt = receipts[i];
    out.push_back(
        receipt_json(receipt, {.txn = txns[i],
                               .txn_hash = hashes[i],
                               .sender = senders[i],
                               .position = position,
                               .gas_used = receipt.cumulative_gas_used - previous_cumulative,
                               .first_log_index = log_index}));
    previous_cumulative = receipt.cumulative_gas_used;
    log_index += receipt.logs.size();
  }
  return out;
}

json block_json(const BlockFacts& facts) {
  const BlockHeader& header = facts.header;
  json out = {
      {"number", encode_quantity(header.number)},
      {"hash", encode_hash(facts.hash)},
      {"parentHash", encode_hash(header.parent_hash)},
      {"nonce", encode_data(header.nonce.view())},
      {"mixHash", encode_hash(header.mix_hash)},
      {"sha3Uncles", encode_hash(header.ommers_hash)},
      {"logsBloom", encode_data(header.logs_bloom.view())},
      {"stateRoot", encode_hash(header.state_root)},
      {"miner", encode_address(header.beneficiary)},
      {"difficulty", encode_quantity(header.difficulty)},
      {"totalDifficulty", encode_quantity(facts.total_difficulty)},
      {"extraData", encode_data(header.extra_data)},
      {"gasLimit", encode_quantity(header.gas_limit)},
      {"gasUsed", encode_quantity(header.gas_used)},
      {"timestamp", encode_quantity(header.timestamp)},
      {"transactionsRoot", encode_hash(header.transactions_root)},
      {"receiptsRoot", encode_hash(header.receipts_root)},
  };
  if (header.base_fee_per_gas) out["baseFeePerGas"] = encode_quantity(*header.base_fee_per_gas);
  if (header.withdrawals_root) out["withdrawalsRoot"] = encode_hash(*header.withdrawals_root);
  if (header.blob_gas_used) out["blobGasUsed"] = encode_quantity(*header.blob_gas_used);
  if (header.excess_blob_gas) out["excessBlobGas"] = encode_quantity(*header.excess_blob_gas);
  if (header.parent_beacon_block_root) {
    out["parentBeaconBlockRoot"] = encode_hash(*header.parent_beacon_block_root);
  }
  if (header.requests_hash) out["requestsHash"] = encode_hash(*header.requests_hash);

  // The block's RLP size, as geth's block.Size().
  out["size"] = encode_quantity(uint64_t{encode_block(Block{header, facts.body}).size()});

  const auto& txns = facts.body.transactions;
  json transactions = json::array();
  for (size_t i = 0; i < txns.size() && i < facts.txn_hashes.size(); ++i) {
    if (facts.senders && i < facts.senders->size()) {
      TxnPosition position{facts.hash, header.number, i, header.base_fee_per_gas, header.timestamp};
      transactions.push_back(txn_json(txns[i], facts.txn_hashes[i], (*facts.senders)[i], position));
    } else {
      transactions.push_back(encode_hash(facts.txn_hashes[i]));
    }
  }
  out["transactions"] = std::move(transactions);

  json uncles = json::array();
  for (const BlockHeader& ommer : facts.body.ommers)
    uncles.push_back(encode_hash(header_hash(ommer)));
  out["uncles"] = std::move(uncles);

  if (facts.body.withdrawals) {
    json withdrawals = json::array();
    for (const Withdrawal& withdrawal : *facts.body.withdrawals) {
      withdrawals.push_back({{"index", encode_quantity(withdrawal.index)},
                             {"validatorIndex", encode_quantity(withdrawal.validator_index)},
                             {"address", encode_address(withdrawal.address)},
                             {"amount", encode_quantity(withdrawal.amount_gwei)}});
    }
    out["withdrawals"] = std::move(withdrawals);
  }
  return out;
}

}  // namespace pel::rpc
