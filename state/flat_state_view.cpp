#include "state/flat_state_view.hpp"

#include <algorithm>
#include <vector>

#include "state/schema.hpp"

namespace pel {

FlatStateView::FlatStateView(std::shared_ptr<const Database> db, std::unique_ptr<Snapshot> snapshot,
                             uint64_t block_number, const Hash& block_hash)
    : db_(std::move(db)),
      snapshot_(std::move(snapshot)),
      block_number_(block_number),
      block_hash_(block_hash) {}

Result<std::optional<Account>> FlatStateView::cache_record(const Address& address,
                                                           std::optional<BytesView> record) const {
  std::optional<Account> account;
  if (record) {
    auto decoded = schema::decode_account(*record);
    if (!decoded) return make_error("account " + address.hex() + ": " + decoded.error().message);
    account = *decoded;
  }
  // Another thread may have cached it meanwhile: the same record, from one snapshot.
  account_cache_.emplace(address, account);
  return account;
}

Result<std::optional<Account>> FlatStateView::account(const Address& address) const {
  if (auto it = account_cache_.find(address); it != account_cache_.end()) return it->second;
  auto record = db_->get(Column::kAccounts, address.view(), snapshot_.get());
  if (!record) return record.error();
  return cache_record(address, *record ? std::optional<BytesView>(**record) : std::nullopt);
}

void FlatStateView::prefetch_accounts(std::span<const Address> addresses) const {
  std::vector<Address> missing;
  missing.reserve(addresses.size());
  for (const Address& address : addresses) {
    if (!account_cache_.contains(address)) missing.push_back(address);
  }
  if (missing.empty()) return;
  // Sorted and distinct: MultiGet then walks each memtable and block once.
  std::sort(missing.begin(), missing.end());
  missing.erase(std::unique(missing.begin(), missing.end()), missing.end());
  std::vector<BytesView> keys;
  keys.reserve(missing.size());
  for (const Address& address : missing) keys.push_back(address.view());
  auto status = db_->multi_get(Column::kAccounts, keys, snapshot_.get(),
                               [&](size_t i, std::optional<BytesView> record) {
                                 auto cached = cache_record(missing[i], record);
                                 if (!cached) record_error(cached.error());
                               });
  if (!status) record_error(status.error());
}

Result<U256> FlatStateView::slot(const Address& address, const Hash& slot) const {
  const auto key = schema::storage_key(address, slot);
  auto value = db_->get(Column::kStorage, key, snapshot_.get());
  if (!value) return value.error();
  if (!value->has_value()) return U256();
  return schema::decode_slot_value(**value);
}

Result<CodePtr> FlatStateView::code_or_error(const Hash& code_hash) const {
  if (code_hash.is_zero() || code_hash == kEmptyCodeHash) {
    static const CodePtr empty = std::make_shared<const Bytes>();
    return empty;
  }
  {
    std::lock_guard lock(code_mutex_);
    auto it = code_cache_.find(code_hash);
    if (it != code_cache_.end()) return it->second;
  }
  auto code = db_->get(Column::kCode, code_hash.view(), snapshot_.get());
  if (!code) return code.error();
  if (!code->has_value()) return CodePtr();
  auto shared = std::make_shared<const Bytes>(std::move(**code));
  std::lock_guard lock(code_mutex_);
  return code_cache_.emplace(code_hash, std::move(shared)).first->second;
}

U256 FlatStateView::read(const StateKey& key) const {
  if (key.is_storage()) {
    auto value = slot(key.address, key.slot);
    if (!value) {
      record_error(value.error());
      return U256();
    }
    return *value;
  }
  AccountWords words = read_account(key.address);
  switch (key.field) {
    case StateField::kBalance:
      return words.balance;
    case StateField::kNonce:
      return words.nonce;
    case StateField::kCodeHash:
      return words.code_hash;
    case StateField::kStorage:
      break;
  }
  return U256();
}

AccountWords FlatStateView::read_account(const Address& address) const {
  auto account = this->account(address);
  if (!account) {
    record_error(account.error());
    return {};
  }
  if (!account->has_value()) return {};
  const Account& found = **account;
  return {found.balance, U256(found.nonce),
          found.code_hash == kEmptyCodeHash ? U256() : code_hash_word(found.code_hash)};
}

CodePtr FlatStateView::code(const Hash& code_hash) const {
  auto code = code_or_error(code_hash);
  if (!code) {
    record_error(code.error());
    return nullptr;
  }
  return *code;
}

void FlatStateView::record_error(const Error& error) const {
  std::lock_guard lock(error_mutex_);
  if (!error_) error_ = error;
  failed_.store(true, std::memory_order_release);
}

Status FlatStateView::status() const {
  if (!failed_.load(std::memory_order_acquire)) return {};
  std::lock_guard lock(error_mutex_);
  return *error_;
}

}  // namespace pel
