#pragma once
// Before the clock starts: what the driver reads from the node (chain id, base fee,
// head, the wallets' nonces) and the funding of the wallets, one transfer each from the
// funder, waited for until included.

#include <chrono>
#include <vector>

#include "bench/load_plan.hpp"
#include "bench/rpc_client.hpp"

namespace pel::load {

struct ChainInfo {
  uint64_t chain_id = 0;
  uint64_t head = 0;
  U256 base_fee{};  // of the head block
};

Result<ChainInfo> read_chain(RpcConnection& connection);

// Sets each wallet's first_nonce to its pending nonce (eth_getTransactionCount "pending"),
// so that a second run with the same seed continues where the first left off.
Status read_nonces(RpcConnection& connection, std::vector<Wallet>& wallets);

struct FundingOptions {
  PrivateKey funder{};
  U256 amount{};          // sent to each wallet
  TransferTerms terms{};  // fees and chain id of the funding transfers
  std::chrono::seconds timeout{120};
  std::chrono::milliseconds poll_interval{20};
};

struct FundingOutcome {
  size_t transfers = 0;
  size_t blocks = 0;
  double seconds = 0;
};

// Sends one transfer of options.amount from the funder to every wallet, in rounds of at
// most kFundingRound (a txpool keeps a bounded number of transactions per sender), and
// waits for each round's inclusion.
Result<FundingOutcome> fund_wallets(const RpcUrl& url, const FundingOptions& options,
                                    const std::vector<Wallet>& wallets);

inline constexpr size_t kFundingRound = 1000;

}  // namespace pel::load
