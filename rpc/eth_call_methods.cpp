// eth_call and eth_estimateGas, for value transfers until the EVM lands: the call is
// executed by the TransferVm on the state after the block, with geth's rules for
// calls (no nonce or sender-code checks; no fee fields means no fee and no base fee
// check) and geth's messages. A call that would run code, or create a contract, is
// refused with a message that says why.
#include "executor/block_execution.hpp"
#include "executor/transfer_vm.hpp"
#include "rpc/eth_call_args.hpp"
#include "rpc/eth_methods.hpp"

namespace pel::rpc {

namespace {

using json = nlohmann::json;

constexpr uint64_t kTransferGas = 21'000;

// Calls skip the check that the sender has no code (EIP-3607), as geth's do: the view
// shows the VM a sender without code.
class CallStateView final : public StateView {
 public:
  CallStateView(const StateView& state, const Address& sender) : state_(state), sender_(sender) {}
  U256 read(const StateKey& key) const override {
    if (key.field == StateField::kCodeHash && key.address == sender_) return U256();
    return state_.read(key);
  }
  CodePtr code(const Hash& code_hash) const override { return state_.code(code_hash); }

 private:
  const StateView& state_;
  Address sender_;
};

Address sender_of(const CallArgs& args) {
  return args.from.value_or(Address{});
}

// The checks between fields that geth makes before a call, then the transaction the
// call stands for (`gas` its gas limit, the state's nonce).
Result<Transaction> call_txn(const CallArgs& args, uint64_t gas, uint64_t nonce,
                             const ChainConfig& config) {
  if (args.gas_price && (args.max_fee_per_gas || args.max_priority_fee_per_gas)) {
    return make_error("both gasPrice and (maxFeePerGas or maxPriorityFeePerGas) specified");
  }
  if (args.chain_id && *args.chain_id != config.chain_id) {
    return make_error("chainId does not match node's (have=" + std::to_string(*args.chain_id) +
                      ", want=" + std::to_string(config.chain_id) + ")");
  }
  Transaction txn;
  txn.chain_id = config.chain_id;
  txn.nonce = nonce;
  txn.gas_limit = gas;
  txn.to = args.to;
  txn.value = args.value.value_or(U256());
  txn.data = args.input;
  txn.access_list = args.access_list.value_or(std::vector<AccessListEntry>{});
  if (args.gas_price) {
    txn.type = args.access_list ? TxnType::kAccessList : TxnType::kLegacy;
    txn.max_fee_per_gas = txn.max_priority_fee_per_gas = *args.gas_price;
  } else {
    txn.type = TxnType::kDynamicFee;
    txn.max_fee_per_gas = args.max_fee_per_gas.value_or(U256());
    txn.max_priority_fee_per_gas = args.max_priority_fee_per_gas.value_or(U256());
  }
  return txn;
}

// A call without fees pays nothing, and the base fee does not apply to it (geth).
bool pays_no_fee(const Transaction& txn) {
  return txn.max_fee_per_gas.is_zero() && txn.max_priority_fee_per_gas.is_zero();
}

// Transfers only: refuses what needs the EVM.
Status check_transfer(const Transaction& txn, const EthBlockState& state) {
  if (!txn.to) {
    return make_error(
        "contract creation is not supported yet: this node executes value transfers only (no "
        "EVM)");
  }
  auto code = state.code_of(*txn.to);
  if (!code) return code.error();
  if (!(*code)->empty()) {
    return make_error("cannot execute the code at " + txn.to->hex() +
                      ": this node executes value transfers only (no EVM yet)");
  }
  return {};
}

// geth's message for a call the VM finds invalid, with its details.
std::string invalid_call_message(InvalidReason reason, const Transaction& txn,
                                 const Address& sender, const BlockEnv& env,
                                 const StateView& state) {
  std::string from = sender.hex();
  switch (reason) {
    case InvalidReason::kTipAboveFeeCap:
      return "max priority fee per gas higher than max fee per gas: address " + from +
             ", maxPriorityFeePerGas: " + txn.max_priority_fee_per_gas.to_dec() +
             ", maxFeePerGas: " + txn.max_fee_per_gas.to_dec();
    case InvalidReason::kFeeCapBelowBaseFee:
      return "max fee per gas less than block base fee: address " + from +
             ", maxFeePerGas: " + txn.max_fee_per_gas.to_dec() +
             ", baseFee: " + env.base_fee.to_dec();
    case InvalidReason::kInsufficientFunds: {
      U256 want;
      bool overflow = mul_overflow(txn.max_fee_per_gas, U256(txn.gas_limit), want) ||
                      add_overflow(want, txn.value, want);
      return "insufficient funds for gas * price + value: address " + from + " have " +
             state.balance(sender).to_dec() + " want " +
             (overflow ? std::string("more than 2^256-1") : want.to_dec());
    }
    case InvalidReason::kIntrinsicGasTooLow:
      return "intrinsic gas too low: have " + std::to_string(txn.gas_limit) + ", want " +
             std::to_string(intrinsic_gas(txn));
    case InvalidReason::kGasLimitAboveBlock:
      return "exceeds block gas limit: gas " + std::to_string(txn.gas_limit) +
             ", block gas limit " + std::to_string(env.gas_limit);
    case InvalidReason::kNonceMax:
      return "nonce has max value: address " + from + ", nonce: " + std::to_string(txn.nonce);
    default:
      return std::string(invalid_reason_message(reason));
  }
}

// Executes the call; an error is what the caller sees (-32000).
Result<uint64_t> execute_call(const Transaction& txn, const Address& sender,
                              const BlockHeader& header, const ChainConfig& config,
                              const EthBlockState& state) {
  PEL_TRY(check_transfer(txn, state));
  BlockEnv env = block_env(header, config);
  if (pays_no_fee(txn)) env.base_fee = U256();
  CallStateView view(state, sender);
  TxnOutput output = TransferVm{}.execute(txn, sender, env, view);
  PEL_TRY(state.status());
  if (output.result.status == TxnStatus::kInvalid) {
    return make_error(invalid_call_message(output.result.invalid_reason, txn, sender, env, view));
  }
  return output.result.gas_used;
}

struct CallSetup {
  BlockRef block;
  std::unique_ptr<EthBlockState> state;
  uint64_t nonce = 0;
  U256 balance;
};

Result<CallSetup> setup_call(const EthReader& reader, const CallArgs& args,
                             const std::optional<BlockId>& block) {
  auto ref = reader.state_block(block.value_or(BlockId{BlockNumberOrTag{}}));
  if (!ref) return ref.error();
  auto state = reader.state_at(*ref);
  if (!state) return state.error();
  auto account = (*state)->account(sender_of(args));
  if (!account) return account.error();
  CallSetup setup{std::move(*ref), std::move(*state), 0, U256()};
  if (account->has_value()) {
    setup.nonce = (*account)->nonce;
    setup.balance = (*account)->balance;
  }
  return setup;
}

RpcResult eth_call(const EthReader& reader, const CallArgs& args,
                   const std::optional<BlockId>& block) {
  auto setup = setup_call(reader, args, block);
  if (!setup) return rpc_error(setup.error());
  // Without a gas limit the call may use the whole block.
  uint64_t gas = args.gas.value_or(setup->block.header.gas_limit);
  auto txn = call_txn(args, gas, setup->nonce, reader.context().config);
  if (!txn) return rpc_error(txn.error());
  auto executed = execute_call(*txn, sender_of(args), setup->block.header, reader.context().config,
                               *setup->state);
  if (!executed) return rpc_error(executed.error());
  return encode_data(BytesView{});  // a transfer returns no data
}

// geth's estimator, which for a transfer is exact: the intrinsic gas, provided the
// sender can pay for it and the call succeeds with it.
RpcResult estimate_gas(const EthReader& reader, const CallArgs& args,
                       const std::optional<BlockId>& block) {
  auto setup = setup_call(reader, args, block);
  if (!setup) return rpc_error(setup.error());
  uint64_t allowance = setup->block.header.gas_limit;
  if (args.gas && *args.gas >= kTransferGas) allowance = *args.gas;

  auto txn = call_txn(args, allowance, setup->nonce, reader.context().config);
  if (!txn) return rpc_error(txn.error());
  auto refused = check_transfer(*txn, *setup->state);
  if (!refused.ok()) return rpc_error(refused.error());

  // What the balance leaves for gas at the call's fee cap bounds the estimate.
  const U256& fee_cap = txn->max_fee_per_gas;
  const U256& balance = setup->balance;
  if (!fee_cap.is_zero()) {
    if (txn->value >= balance) return server_error("insufficient funds for transfer");
    U256 affordable = (balance - txn->value) / fee_cap;
    if (affordable < U256(allowance)) allowance = affordable.low64();
  } else if (txn->value > balance) {
    return server_error("insufficient funds for transfer");
  }
  uint64_t needed = intrinsic_gas(*txn);
  if (needed > allowance) {
    return server_error("gas required exceeds allowance (" + std::to_string(allowance) + ")");
  }
  txn->gas_limit = needed;
  auto executed = execute_call(*txn, sender_of(args), setup->block.header, reader.context().config,
                               *setup->state);
  if (!executed) return rpc_error(executed.error());
  return encode_quantity(*executed);
}

std::optional<RpcError> refuse_overrides(const std::optional<json>& overrides) {
  if (!overrides || overrides->is_null()) return std::nullopt;
  return invalid_params("invalid argument 2 (overrides): state overrides are not supported");
}

}  // namespace

Status register_eth_call_methods(MethodRegistry& registry, const EthReaderPtr& reader) {
  PEL_TRY(registry.add("eth_call",
                       bind_params<CallArgs, std::optional<BlockId>, std::optional<json>>(
                           {"transaction", "block", "overrides"},
                           [reader](const CallArgs& args, const std::optional<BlockId>& block,
                                    const std::optional<json>& overrides) -> RpcResult {
                             if (auto refused = refuse_overrides(overrides)) return *refused;
                             return eth_call(*reader, args, block);
                           })));
  PEL_TRY(registry.add("eth_estimateGas",
                       bind_params<CallArgs, std::optional<BlockId>, std::optional<json>>(
                           {"transaction", "block", "overrides"},
                           [reader](const CallArgs& args, const std::optional<BlockId>& block,
                                    const std::optional<json>& overrides) -> RpcResult {
                             if (auto refused = refuse_overrides(overrides)) return *refused;
                             return estimate_gas(*reader, args, block);
                           })));
  return {};
}

}  // namespace pel::rpc
