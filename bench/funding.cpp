#include "bench/funding.hpp"

#include "bench/clock.hpp"
#include "bench/inclusion_tracker.hpp"
#include "bench/submitter.hpp"

namespace pel::load {

namespace {
constexpr size_t kQueryBatch = 100;
}  // namespace

Result<ChainInfo> read_chain(RpcConnection& connection) {
  ChainInfo info;
  auto chain_id = connection.call("eth_chainId", nlohmann::json::array());
  if (!chain_id) return chain_id.error();
  auto id = quantity_of(*chain_id);
  if (!id) return id.error();
  info.chain_id = *id;
  auto block = connection.call("eth_getBlockByNumber", nlohmann::json::array({"latest", false}));
  if (!block) return block.error();
  if (!block->is_object()) return make_error("eth_getBlockByNumber(latest) returned no block");
  auto number = quantity_of(block->value("number", nlohmann::json()));
  if (!number) return make_error("latest block number: " + number.error().message);
  info.head = *number;
  auto base_fee = big_quantity_of(block->value("baseFeePerGas", nlohmann::json()));
  if (!base_fee) return make_error("latest block has no baseFeePerGas (not London?)");
  info.base_fee = *base_fee;
  return info;
}

Status read_nonces(RpcConnection& connection, std::vector<Wallet>& wallets) {
  for (size_t begin = 0; begin < wallets.size(); begin += kQueryBatch) {
    size_t end = std::min(wallets.size(), begin + kQueryBatch);
    std::vector<nlohmann::json> params;
    for (size_t i = begin; i < end; ++i)
      params.push_back(nlohmann::json::array({wallets[i].address.hex(), "pending"}));
    auto counts = connection.call_batch("eth_getTransactionCount", params);
    if (!counts) return counts.error();
    for (size_t i = begin; i < end; ++i) {
      auto nonce = quantity_of((*counts)[i - begin]);
      if (!nonce) return nonce.error();
      wallets[i].first_nonce = *nonce;
    }
  }
  return {};
}

Result<FundingOutcome> fund_wallets(const RpcUrl& url, const FundingOptions& options,
                                    const std::vector<Wallet>& wallets) {
  auto funder = address_of(options.funder);
  if (!funder) return make_error("funder key: " + funder.error().message);
  RpcConnection connection(url);
  auto count =
      connection.call("eth_getTransactionCount", nlohmann::json::array({funder->hex(), "pending"}));
  if (!count) return count.error();
  auto nonce = quantity_of(*count);
  if (!nonce) return nonce.error();

  FundingOutcome outcome;
  int64_t start_ns = now_ns();
  for (size_t begin = 0; begin < wallets.size(); begin += kFundingRound) {
    size_t end = std::min(wallets.size(), begin + kFundingRound);
    std::vector<SignedTxn> transfers;
    std::vector<Hash> hashes;
    for (size_t i = begin; i < end; ++i) {
      auto transfer = sign_transfer(options.funder, (*nonce)++, wallets[i].address, options.amount,
                                    options.terms);
      if (!transfer) return transfer.error();
      hashes.push_back(transfer->hash);
      transfers.push_back(std::move(*transfer));
    }
    auto head = connection.call("eth_blockNumber", nlohmann::json::array());
    if (!head) return head.error();
    auto head_number = quantity_of(*head);
    if (!head_number) return head_number.error();

    InclusionTracker tracker(url, hashes, *head_number + 1, options.poll_interval);
    tracker.start();
    std::vector<uint32_t> order(transfers.size());
    for (size_t k = 0; k < order.size(); ++k) order[k] = static_cast<uint32_t>(k);
    auto requests = build_requests({order}, transfers, 100);
    SubmitOutcome submitted = submit_all(url, requests, transfers, SubmitOptions{});
    if (!submitted.transport_error.empty())
      return make_error("funding: " + submitted.transport_error);
    if (submitted.rejected_count > 0)
      return make_error("funding transfer rejected: " + submitted.errors.front());
    bool done =
        tracker.wait_for(transfers.size(), std::chrono::steady_clock::now() + options.timeout);
    tracker.stop();
    if (!done) {
      return make_error("funding: " + std::to_string(tracker.included()) + " of " +
                        std::to_string(transfers.size()) +
                        " transfers included before the timeout" +
                        (tracker.error().empty() ? "" : " (" + tracker.error() + ")"));
    }
    outcome.transfers += transfers.size();
    for (const auto& block : tracker.blocks()) outcome.blocks += block.ours > 0 ? 1 : 0;
  }
  outcome.seconds = static_cast<double>(now_ns() - start_ns) / 1e9;
  return outcome;
}

}  // namespace pel::load
