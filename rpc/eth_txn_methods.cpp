// eth_sendRawTransaction, eth_getTransactionByHash,
// eth_getTransactionByBlockNumberAndIndex, eth_getTransactionByBlockHashAndIndex,
// eth_getTransactionReceipt.
#include "crypto/txn_crypto.hpp"
#include "rpc/eth_json.hpp"
#include "rpc/eth_methods.hpp"
#include "rpc/param_binding.hpp"

namespace pel::rpc {

namespace {

using json = nlohmann::json;

TxnPosition position_in(const BlockRef& block, uint64_t index) {
  return {block.hash, block.header.number, index, block.header.base_fee_per_gas,
          block.header.timestamp};
}

// The transaction at `index` of `block`, or null when the block has fewer.
RpcResult txn_in_block(const EthReader& reader, const Result<std::optional<BlockRef>>& block,
                       uint64_t index) {
  if (!block) return rpc_error(block.error());
  if (!block->has_value()) return nullptr;
  const BlockRef& ref = **block;
  auto body = reader.body(ref);
  if (!body) return rpc_error(body.error());
  if (index >= body->transactions.size()) return nullptr;
  const Transaction& txn = body->transactions[index];
  auto sender = recover_sender(txn);
  if (!sender) return rpc_error(sender.error());
  return txn_json(txn, txn_hash(txn), *sender, position_in(ref, index));
}

// The index of the transaction with `hash` in `body`, or nullopt.
std::optional<uint64_t> index_of(const BlockBody& body, const Hash& hash, uint64_t hint) {
  const auto& txns = body.transactions;
  if (hint < txns.size() && txn_hash(txns[hint]) == hash) return hint;
  for (size_t i = 0; i < txns.size(); ++i) {
    if (txn_hash(txns[i]) == hash) return i;
  }
  return std::nullopt;
}

RpcResult txn_by_hash(const EthReader& reader, const Hash& hash) {
  auto location = reader.chain().txn_location(hash);
  if (!location) return rpc_error(location.error());
  if (location->has_value()) {
    auto block = reader.find_block(BlockNumberOrTag::at((*location)->block_number));
    if (!block) return rpc_error(block.error());
    if (block->has_value()) {
      auto body = reader.body(**block);
      if (!body) return rpc_error(body.error());
      if (auto index = index_of(*body, hash, (*location)->index)) {
        const Transaction& txn = body->transactions[*index];
        auto sender = recover_sender(txn);
        if (!sender) return rpc_error(sender.error());
        return txn_json(txn, hash, *sender, position_in(**block, *index));
      }
    }
  }
  if (const TxnPoolAccess* pool = reader.context().pool) {
    if (auto pending = pool->find(hash)) {
      return txn_json(pending->txn, pending->hash, pending->sender, std::nullopt);
    }
  }
  return nullptr;
}

RpcResult receipt_by_hash(const EthReader& reader, const Hash& hash) {
  auto location = reader.chain().txn_location(hash);
  if (!location) return rpc_error(location.error());
  if (!location->has_value()) return nullptr;
  auto block = reader.find_block(BlockNumberOrTag::at((*location)->block_number));
  if (!block) return rpc_error(block.error());
  if (!block->has_value()) return nullptr;
  auto body = reader.body(**block);
  if (!body) return rpc_error(body.error());
  auto index = index_of(*body, hash, (*location)->index);
  if (!index) return nullptr;
  auto receipts = reader.receipts(**block);
  if (!receipts) return rpc_error(receipts.error());
  if (*index >= receipts->size()) {
    return server_error("block " + block->value().hash.hex() + " has " +
                        std::to_string(receipts->size()) + " receipts for " +
                        std::to_string(body->transactions.size()) + " transactions");
  }
  const Transaction& txn = body->transactions[*index];
  auto sender = recover_sender(txn);
  if (!sender) return rpc_error(sender.error());
  uint64_t previous_cumulative = 0;
  uint64_t first_log_index = 0;
  for (size_t i = 0; i < *index; ++i) {
    previous_cumulative = (*receipts)[i].cumulative_gas_used;
    first_log_index += (*receipts)[i].logs.size();
  }
  const Receipt& receipt = (*receipts)[*index];
  TxnPosition position = position_in(**block, *index);
  return receipt_json(receipt, {.txn = txn,
                                .txn_hash = hash,
                                .sender = *sender,
                                .position = position,
                                .gas_used = receipt.cumulative_gas_used - previous_cumulative,
                                .first_log_index = first_log_index});
}

}  // namespace

Status register_eth_txn_methods(MethodRegistry& registry, const EthReaderPtr& reader) {
  PEL_TRY(registry.add("eth_sendRawTransaction",
                       bind_params<Bytes>({"data"}, [reader](const Bytes& raw) -> RpcResult {
                         TxnPoolAccess* pool = reader->context().pool;
                         if (!pool) return server_error("this node does not accept transactions");
                         auto hash = pool->submit_raw(raw);
                         // The pool's words, verbatim: clients classify them by text.
                         if (!hash) return server_error(hash.error().message);
                         return encode_hash(*hash);
                       })));

  PEL_TRY(registry.add("eth_getTransactionByHash",
                       bind_params<Hash>({"hash"}, [reader](const Hash& hash) -> RpcResult {
                         return txn_by_hash(*reader, hash);
                       })));

  PEL_TRY(registry.add(
      "eth_getTransactionByBlockNumberAndIndex",
      bind_params<BlockNumberOrTag, uint64_t>(
          {"block", "index"}, [reader](const BlockNumberOrTag& block, uint64_t index) -> RpcResult {
            return txn_in_block(*reader, reader->find_block(block), index);
          })));

  PEL_TRY(
      registry.add("eth_getTransactionByBlockHashAndIndex",
                   bind_params<Hash, uint64_t>(
                       {"hash", "index"}, [reader](const Hash& hash, uint64_t index) -> RpcResult {
                         return txn_in_block(*reader, reader->find_block(hash), index);
                       })));

  PEL_TRY(registry.add("eth_getTransactionReceipt",
                       bind_params<Hash>({"hash"}, [reader](const Hash& hash) -> RpcResult {
                         return receipt_by_hash(*reader, hash);
                       })));
  return {};
}

}  // namespace pel::rpc
