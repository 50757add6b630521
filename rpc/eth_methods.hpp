#pragma once
// The groups of eth_ methods, one file each; register_eth_api (eth_api.cpp) adds them
// all. Every handler holds the shared reader, so it lives as long as the registry.

#include <memory>

#include "core/result.hpp"
#include "rpc/eth_reader.hpp"
#include "rpc/method_registry.hpp"

namespace pel::rpc {

using EthReaderPtr = std::shared_ptr<const EthReader>;

// eth_chainId, eth_syncing, eth_blockNumber.
Status register_eth_chain_methods(MethodRegistry& registry, const EthReaderPtr& reader);
// eth_getBalance, eth_getTransactionCount, eth_getCode, eth_getStorageAt.
Status register_eth_state_methods(MethodRegistry& registry, const EthReaderPtr& reader);
// eth_sendRawTransaction, eth_getTransactionByHash, eth_getTransactionBy*AndIndex,
// eth_getTransactionReceipt.
Status register_eth_txn_methods(MethodRegistry& registry, const EthReaderPtr& reader);
// eth_getBlockByNumber/ByHash, eth_getBlockTransactionCountBy*, eth_getBlockReceipts.
Status register_eth_block_methods(MethodRegistry& registry, const EthReaderPtr& reader);
// eth_gasPrice, eth_maxPriorityFeePerGas, eth_feeHistory.
Status register_eth_fee_methods(MethodRegistry& registry, const EthReaderPtr& reader);
// eth_call, eth_estimateGas.
Status register_eth_call_methods(MethodRegistry& registry, const EthReaderPtr& reader);

}  // namespace pel::rpc
