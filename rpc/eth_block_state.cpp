#include "rpc/eth_block_state.hpp"

namespace pel::rpc {

EthBlockState::EthBlockState(const ChainStore& chain, uint64_t number,
                             std::unique_ptr<FlatStateView> flat)
    : chain_(chain), number_(number), flat_(std::move(flat)) {}

Result<std::optional<Account>> EthBlockState::account(const Address& address) const {
  if (flat_) return flat_->account(address);
  return chain_.account_at(number_, address);
}

Result<U256> EthBlockState::storage(const Address& address, const Hash& slot) const {
  if (flat_) return flat_->slot(address, slot);
  return chain_.storage_at(number_, address, slot);
}

Result<CodePtr> EthBlockState::code_of(const Address& address) const {
  auto found = account(address);
  if (!found) return found.error();
  if (!found->has_value()) return std::make_shared<const Bytes>();
  auto code = chain_.code_by_hash((*found)->code_hash);
  if (!code) return code.error();
  if (!*code)
    return make_error("code " + (*found)->code_hash.hex() + " of " + address.hex() +
                      " is missing from the database");
  return *code;
}

U256 EthBlockState::read(const StateKey& key) const {
  if (key.field == StateField::kStorage) {
    auto value = storage(key.address, key.slot);
    if (!value) {
      record(value.error());
      return U256();
    }
    return *value;
  }
  auto found = account(key.address);
  if (!found) {
    record(found.error());
    return U256();
  }
  if (!found->has_value()) return U256();
  const Account& account = **found;
  switch (key.field) {
    case StateField::kBalance:
      return account.balance;
    case StateField::kNonce:
      return U256(account.nonce);
    case StateField::kCodeHash:
      return account.code_hash == kEmptyCodeHash ? U256() : code_hash_word(account.code_hash);
    case StateField::kStorage:
      break;
  }
  return U256();
}

CodePtr EthBlockState::code(const Hash& code_hash) const {
  auto code = chain_.code_by_hash(code_hash);
  if (!code) {
    record(code.error());
    return CodePtr();
  }
  return *code;
}

Status EthBlockState::status() const {
  std::lock_guard lock(error_mutex_);
  if (error_) return *error_;
  return {};
}

void EthBlockState::record(const Error& error) const {
  std::lock_guard lock(error_mutex_);
  if (!error_) error_ = error;
}

}  // namespace pel::rpc
