// eth_getBalance, eth_getTransactionCount, eth_getCode, eth_getStorageAt: the state
// after a block (the head's when the block is left out).
#include <algorithm>

#include "rpc/eth_methods.hpp"
#include "rpc/param_binding.hpp"

namespace pel::rpc {

namespace {

BlockId block_or_latest(const std::optional<BlockId>& block) {
  return block.value_or(BlockId{BlockNumberOrTag{}});
}

bool is_pending(const std::optional<BlockId>& block) {
  const auto* tag = block ? std::get_if<BlockNumberOrTag>(&*block) : nullptr;
  return tag && tag->tag == BlockTag::kPending;
}

// The account after `block` (nullopt: it does not exist there).
Result<std::optional<Account>> account_after(const EthReader& reader, const Address& address,
                                             const std::optional<BlockId>& block) {
  auto state = reader.state_at(block_or_latest(block));
  if (!state) return state.error();
  return (*state)->account(address);
}

// geth's storage keys: hex of up to 32 bytes, odd lengths and the 0x prefix optional,
// left-padded to a word ("0x0" is slot 0).
Result<Hash> parse_storage_key(std::string_view text) {
  if (text.starts_with("0x") || text.starts_with("0X")) text.remove_prefix(2);
  std::string digits(text.size() % 2, '0');
  digits += text;
  auto bytes = from_hex(digits);
  if (!bytes) return make_error("hex string invalid");
  if (bytes->size() > 32) return make_error("hex string too long, want at most 32 bytes");
  Hash slot;
  std::copy(bytes->begin(), bytes->end(), slot.bytes.end() - static_cast<ptrdiff_t>(bytes->size()));
  return slot;
}

}  // namespace

Status register_eth_state_methods(MethodRegistry& registry, const EthReaderPtr& reader) {
  PEL_TRY(registry.add(
      "eth_getBalance",
      bind_params<Address, std::optional<BlockId>>(
          {"address", "block"},
          [reader](const Address& address, const std::optional<BlockId>& block) -> RpcResult {
            auto account = account_after(*reader, address, block);
            if (!account) return rpc_error(account.error());
            return encode_quantity(account->has_value() ? (*account)->balance : U256());
          })));

  PEL_TRY(registry.add(
      "eth_getTransactionCount",
      bind_params<Address, std::optional<BlockId>>(
          {"address", "block"},
          [reader](const Address& address, const std::optional<BlockId>& block) -> RpcResult {
            auto account = account_after(*reader, address, block);
            if (!account) return rpc_error(account.error());
            uint64_t nonce = account->has_value() ? (*account)->nonce : uint64_t{0};
            // "pending" counts the pool's executable transactions too (never less than
            // the head's nonce, should the pool not have caught up with a new block).
            if (is_pending(block) && reader->context().pool) {
              nonce = std::max(nonce, reader->context().pool->pending_nonce(address));
            }
            return encode_quantity(nonce);
          })));

  PEL_TRY(registry.add(
      "eth_getCode",
      bind_params<Address, std::optional<BlockId>>(
          {"address", "block"},
          [reader](const Address& address, const std::optional<BlockId>& block) -> RpcResult {
            auto state = reader->state_at(block_or_latest(block));
            if (!state) return rpc_error(state.error());
            auto code = (*state)->code_of(address);
            if (!code) return rpc_error(code.error());
            return encode_data(**code);
          })));

  PEL_TRY(registry.add("eth_getStorageAt",
                       bind_params<Address, std::string, std::optional<BlockId>>(
                           {"address", "slot", "block"},
                           [reader](const Address& address, const std::string& key,
                                    const std::optional<BlockId>& block) -> RpcResult {
                             auto slot = parse_storage_key(key);
                             if (!slot) {
                               return invalid_params(
                                   "invalid argument 1 (slot): unable to decode storage key: " +
                                   slot.error().message);
                             }
                             auto state = reader->state_at(block_or_latest(block));
                             if (!state) return rpc_error(state.error());
                             auto value = (*state)->storage(address, *slot);
                             if (!value) return rpc_error(value.error());
                             Hash word;
                             value->to_be_bytes(word.data());
                             return encode_hash(word);
                           })));
  return {};
}

}  // namespace pel::rpc
