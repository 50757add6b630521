// eth_getBlockByNumber, eth_getBlockByHash, eth_getBlockTransactionCountByNumber,
// eth_getBlockTransactionCountByHash, eth_getBlockReceipts. An unknown block is null.
#include "rpc/eth_json.hpp"
#include "rpc/eth_methods.hpp"
#include "rpc/param_binding.hpp"

namespace pel::rpc {

namespace {

RpcResult block_result(const EthReader& reader, const Result<std::optional<BlockRef>>& block,
                       bool full) {
  if (!block) return rpc_error(block.error());
  if (!block->has_value()) return nullptr;
  const BlockRef& ref = **block;
  auto body = reader.body(ref);
  if (!body) return rpc_error(body.error());
  auto total_difficulty = reader.total_difficulty(ref);
  if (!total_difficulty) return rpc_error(total_difficulty.error());
  std::vector<Hash> hashes = EthReader::txn_hashes(body->transactions);
  std::optional<std::vector<Address>> senders;
  if (full) {
    auto recovered = EthReader::senders(body->transactions);
    if (!recovered) return rpc_error(recovered.error());
    senders = std::move(*recovered);
  }
  return block_json({.header = ref.header,
                     .hash = ref.hash,
                     .body = *body,
                     .txn_hashes = hashes,
                     .senders = senders ? &*senders : nullptr,
                     .total_difficulty = *total_difficulty});
}

RpcResult txn_count(const EthReader& reader, const Result<std::optional<BlockRef>>& block) {
  if (!block) return rpc_error(block.error());
  if (!block->has_value()) return nullptr;
  auto body = reader.body(**block);
  if (!body) return rpc_error(body.error());
  return encode_quantity(uint64_t{body->transactions.size()});
}

RpcResult block_receipts(const EthReader& reader, const Result<std::optional<BlockRef>>& block) {
  if (!block) return rpc_error(block.error());
  if (!block->has_value()) return nullptr;
  const BlockRef& ref = **block;
  auto body = reader.body(ref);
  if (!body) return rpc_error(body.error());
  auto receipts = reader.receipts(ref);
  if (!receipts) return rpc_error(receipts.error());
  const auto& txns = body->transactions;
  if (receipts->size() != txns.size()) {
    return server_error("block " + ref.hash.hex() + " has " + std::to_string(receipts->size()) +
                        " receipts for " + std::to_string(txns.size()) + " transactions");
  }
  std::vector<Hash> hashes = EthReader::txn_hashes(txns);
  auto senders = EthReader::senders(txns);
  if (!senders) return rpc_error(senders.error());
  return block_receipts_json(*receipts, txns, hashes, *senders, ref.hash, ref.header);
}

}  // namespace

Status register_eth_block_methods(MethodRegistry& registry, const EthReaderPtr& reader) {
  PEL_TRY(registry.add(
      "eth_getBlockByNumber",
      bind_params<BlockNumberOrTag, std::optional<bool>>(
          {"block", "fullTransactions"},
          [reader](const BlockNumberOrTag& block, const std::optional<bool>& full) -> RpcResult {
            return block_result(*reader, reader->find_block(block), full.value_or(false));
          })));
  PEL_TRY(registry.add(
      "eth_getBlockByHash",
      bind_params<Hash, std::optional<bool>>(
          {"hash", "fullTransactions"},
          [reader](const Hash& hash, const std::optional<bool>& full) -> RpcResult {
            return block_result(*reader, reader->find_block(hash), full.value_or(false));
          })));
  PEL_TRY(registry.add("eth_getBlockTransactionCountByNumber",
                       bind_params<BlockNumberOrTag>(
                           {"block"}, [reader](const BlockNumberOrTag& block) -> RpcResult {
                             return txn_count(*reader, reader->find_block(block));
                           })));
  PEL_TRY(registry.add("eth_getBlockTransactionCountByHash",
                       bind_params<Hash>({"hash"}, [reader](const Hash& hash) -> RpcResult {
                         return txn_count(*reader, reader->find_block(hash));
                       })));
  PEL_TRY(registry.add("eth_getBlockReceipts",
                       bind_params<BlockId>({"block"}, [reader](const BlockId& block) -> RpcResult {
                         return block_receipts(*reader, reader->find_block(block));
                       })));
  return {};
}

}  // namespace pel::rpc
