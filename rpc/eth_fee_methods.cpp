// eth_gasPrice, eth_maxPriorityFeePerGas, eth_feeHistory.
#include <algorithm>
#include <cstdio>

#include "rpc/eth_base_fee.hpp"
#include "rpc/eth_methods.hpp"
#include "rpc/param_binding.hpp"

namespace pel::rpc {

namespace {

using json = nlohmann::json;

// geth's limits: blocks per eth_feeHistory call (more are capped, not refused) and
// reward percentiles per call.
constexpr uint64_t kMaxFeeHistoryBlocks = 1024;
constexpr size_t kMaxRewardPercentiles = 100;

// eth_feeHistory's block count is hex or decimal, as a string or a JSON number.
struct BlockCount {
  uint64_t value = 0;
};

// Go's %f: six decimals, as geth's percentile errors print them.
std::string go_float(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%f", value);
  return buffer;
}

Result<std::vector<double>> decode_percentiles(const std::optional<json>& value) {
  std::vector<double> percentiles;
  if (!value) return percentiles;
  if (!value->is_array())
    return make_error(std::string("expected an array, got ") + value->type_name());
  if (value->size() > kMaxRewardPercentiles) {
    return make_error("invalid reward percentile: over the query limit " +
                      std::to_string(kMaxRewardPercentiles));
  }
  for (const json& item : *value) {
    if (!item.is_number())
      return make_error(std::string("expected a number, got ") + item.type_name());
    double p = item.get<double>();
    if (p < 0 || p > 100) return make_error("invalid reward percentile: " + go_float(p));
    if (!percentiles.empty() && p <= percentiles.back()) {
      size_t i = percentiles.size();
      return make_error("invalid reward percentile: #" + std::to_string(i - 1) + ":" +
                        go_float(percentiles.back()) + " >= #" + std::to_string(i) + ":" +
                        go_float(p));
    }
    percentiles.push_back(p);
  }
  return percentiles;
}

// The tip each transaction paid the block's producer per gas: min(max priority fee,
// max fee - base fee); a legacy transaction's whole gas price before London.
U256 effective_tip(const Transaction& txn, const std::optional<U256>& base_fee) {
  if (!base_fee) return txn.max_priority_fee_per_gas;
  U256 above_base = txn.max_fee_per_gas > *base_fee ? txn.max_fee_per_gas - *base_fee : U256();
  return std::min(txn.max_priority_fee_per_gas, above_base);
}

// geth's rewards: transactions sorted by tip, each weighing its gas; a percentile's
// reward is the tip of the transaction in which that share of the block's gas is reached.
Result<json> block_rewards(const EthReader& reader, const BlockRef& block,
                           const std::vector<double>& percentiles) {
  json rewards = json::array();
  auto body = reader.body(block);
  if (!body) return body.error();
  const auto& txns = body->transactions;
  if (txns.empty()) {
    for (size_t i = 0; i < percentiles.size(); ++i) rewards.push_back(encode_quantity(uint64_t{0}));
    return rewards;
  }
  auto receipts = reader.receipts(block);
  if (!receipts) return receipts.error();
  if (receipts->size() != txns.size()) {
    return make_error("block " + block.hash.hex() + " has " + std::to_string(receipts->size()) +
                      " receipts for " + std::to_string(txns.size()) + " transactions");
  }
  struct Paid {
    U256 tip;
    uint64_t gas = 0;
  };
  std::vector<Paid> paid(txns.size());
  uint64_t previous_cumulative = 0;
  for (size_t i = 0; i < txns.size(); ++i) {
    paid[i].tip = effective_tip(txns[i], block.header.base_fee_per_gas);
    paid[i].gas = (*receipts)[i].cumulative_gas_used - previous_cumulative;
    previous_cumulative = (*receipts)[i].cumulative_gas_used;
  }
  std::stable_sort(paid.begin(), paid.end(),
                   [](const Paid& a, const Paid& b) { return a.tip < b.tip; });
  for (double p : percentiles) {
    auto threshold = static_cast<uint64_t>(static_cast<double>(block.header.gas_used) * p / 100);
    size_t index = 0;
    uint64_t sum = paid[0].gas;
    while (sum < threshold && index + 1 < paid.size()) sum += paid[++index].gas;
    rewards.push_back(encode_quantity(paid[index].tip));
  }
  return rewards;
}

RpcResult fee_history(const EthReader& reader, uint64_t requested, const BlockNumberOrTag& newest,
                      const std::vector<double>& percentiles) {
  uint64_t count = std::min(requested, kMaxFeeHistoryBlocks);
  if (count == 0)
    return json{{"oldestBlock", encode_quantity(uint64_t{0})}, {"gasUsedRatio", json::array()}};
  auto newest_block = reader.find_block(newest);
  if (!newest_block) return rpc_error(newest_block.error());
  if (!newest_block->has_value()) {
    auto head = reader.head();
    if (!head) return rpc_error(head.error());
    return server_error("request beyond head block: requested " + std::to_string(newest.number) +
                        ", head " + std::to_string(head->number));
  }
  const BlockRef& last = **newest_block;
  count = std::min(count, last.header.number + 1);
  uint64_t oldest = last.header.number + 1 - count;

  json base_fees = json::array();
  json ratios = json::array();
  json rewards = json::array();
  for (uint64_t number = oldest; number <= last.header.number; ++number) {
    std::optional<BlockRef> block;
    if (number == last.header.number) {
      block = last;
    } else {
      auto found = reader.find_block(BlockNumberOrTag::at(number));
      if (!found) return rpc_error(found.error());
      if (!found->has_value())
        return server_error("block " + std::to_string(number) + " not found");
      block = std::move(**found);
    }
    const BlockHeader& header = block->header;
    base_fees.push_back(encode_quantity(header.base_fee_per_gas.value_or(U256())));
    ratios.push_back(header.gas_limit == 0 ? 0.0
                                           : static_cast<double>(header.gas_used) /
                                                 static_cast<double>(header.gas_limit));
    if (!percentiles.empty()) {
      auto block_reward = block_rewards(reader, *block, percentiles);
      if (!block_reward) return rpc_error(block_reward.error());
      rewards.push_back(std::move(*block_reward));
    }
  }
  // One more base fee: the next block's, which a client uses to price a transaction.
  base_fees.push_back(encode_quantity(base_fee_after(last.header, reader.context().config)));
  json out = {{"oldestBlock", encode_quantity(oldest)},
              {"baseFeePerGas", std::move(base_fees)},
              {"gasUsedRatio", std::move(ratios)}};
  if (!percentiles.empty()) out["reward"] = std::move(rewards);
  return out;
}

}  // namespace

template <>
struct ParamCodec<BlockCount> {
  static Result<BlockCount> decode(const json& value) {
    if (value.is_number_unsigned()) return BlockCount{value.get<uint64_t>()};
    if (value.is_number_integer()) return make_error("negative block count");
    if (!value.is_string()) {
      return make_error(std::string("expected a hex or decimal block count, got ") +
                        value.type_name());
    }
    const auto& text = value.get_ref<const std::string&>();
    if (text.starts_with("0x") || text.starts_with("0X")) {
      auto number = parse_quantity_u64(text);
      if (!number) return number.error();
      return BlockCount{*number};
    }
    if (text.empty() || text.size() > 19 ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return make_error("invalid block count \"" + text.substr(0, 40) + "\"");
    }
    return BlockCount{std::stoull(text)};
  }
};

Status register_eth_fee_methods(MethodRegistry& registry, const EthReaderPtr& reader) {
  // The next block's base fee plus the suggested tip: enough for a legacy transaction
  // to be included in the next block.
  PEL_TRY(registry.add("eth_gasPrice", bind_params<>({}, [reader]() -> RpcResult {
                         auto head = reader->head();
                         if (!head) return rpc_error(head.error());
                         return encode_quantity(
                             base_fee_after(head->header, reader->context().config) +
                             reader->context().suggested_tip);
                       })));
  PEL_TRY(registry.add("eth_maxPriorityFeePerGas", bind_params<>({}, [reader]() -> RpcResult {
                         return encode_quantity(reader->context().suggested_tip);
                       })));
  PEL_TRY(registry.add("eth_feeHistory",
                       bind_params<BlockCount, BlockNumberOrTag, std::optional<json>>(
                           {"blockCount", "newestBlock", "rewardPercentiles"},
                           [reader](const BlockCount& count, const BlockNumberOrTag& newest,
                                    const std::optional<json>& reward_percentiles) -> RpcResult {
                             auto percentiles = decode_percentiles(reward_percentiles);
                             if (!percentiles) {
                               return invalid_params("invalid argument 2 (rewardPercentiles): " +
                                                     percentiles.error().message);
                             }
                             return fee_history(*reader, count.value, newest, *percentiles);
                           })));
  return {};
}

}  // namespace pel::rpc
