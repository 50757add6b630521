#include "state/flat_state_root.hpp"

#include <algorithm>
#include <unordered_map>
#include <vector>

#include "crypto/keccak.hpp"
#include "state/account.hpp"
#include "state/schema.hpp"
#include "state/store_parallel.hpp"
#include "state/trie_builder.hpp"

namespace pel {

namespace {

Bytes to_bytes(const Hash& hash) {
  return Bytes(hash.bytes.begin(), hash.bytes.end());
}

// Storage roots of every account with slots, from one ordered pass over kStorage
// (its keys are address || slot, so each account's slots are contiguous).
Result<std::unordered_map<Address, Hash>> storage_roots(const Database& db,
                                                        const Snapshot* snapshot,
                                                        size_t& slot_count) {
  std::unordered_map<Address, Hash> roots;
  std::vector<TrieEntry> entries;
  Address current;
  std::optional<Error> error;
  auto finish_account = [&]() -> bool {
    if (entries.empty()) return true;
    std::sort(entries.begin(), entries.end(), TrieKeyLess{});
    auto root = trie_root_from_sorted(entries);
    if (!root) {
      error = make_error("storage of " + current.hex() + ": " + root.error().message);
      return false;
    }
    roots.emplace(current, *root);
    entries.clear();
    return true;
  };
  auto status = db.for_each(
      Column::kStorage, {},
      [&](BytesView key, BytesView value) {
        if (key.size() != schema::kStorageKeySize) {
          error = make_error("corrupted storage key of " + std::to_string(key.size()) + " bytes");
          return false;
        }
        const Address address = Address::from_view(key.first(20));
        if (address != current && !finish_account()) return false;
        current = address;
        auto word = schema::decode_slot_value(value);
        if (!word) {
          error = word.error();
          return false;
        }
        Bytes rlp = trie_storage_value_rlp(*word);
        if (rlp.empty()) {
          error = make_error("zero value stored in slot of " + address.hex());
          return false;
        }
        entries.push_back({to_bytes(keccak256(key.subspan(20, 32))), std::move(rlp)});
        ++slot_count;
        return true;
      },
      snapshot);
  if (!status) return status.error();
  if (!error) finish_account();
  if (error) return *error;
  return roots;
}

}  // namespace

Result<FlatStateRoot> flat_state_root(const Database& db, const Snapshot* snapshot) {
  FlatStateRoot result;
  auto roots = storage_roots(db, snapshot, result.slots);
  if (!roots) return roots.error();

  std::vector<std::pair<Address, Account>> accounts;
  std::optional<Error> error;
  auto status = db.for_each(
      Column::kAccounts, {},
      [&](BytesView key, BytesView value) {
        auto account = schema::decode_account(value);
        if (key.size() != 20 || !account) {
          error = make_error("corrupted account record under key " + to_hex(key));
          return false;
        }
        accounts.emplace_back(Address::from_view(key), *account);
        return true;
      },
      snapshot);
  if (!status) return status.error();
  if (error) return *error;

  for (const auto& [address, account] : accounts) {
    auto found = roots->find(address);
    const Hash computed = found == roots->end() ? kEmptyTrieRoot : found->second;
    if (computed != account.storage_root) {
      return make_error("account " + address.hex() + ": its record has storage root " +
                        account.storage_root.hex() + ", its slots give " + computed.hex());
    }
    if (found != roots->end()) roots->erase(found);
  }
  if (!roots->empty()) {
    return make_error("storage slots of " + roots->begin()->first.hex() +
                      " have no account record");
  }

  std::vector<TrieEntry> entries(accounts.size());
  store_detail::parallel_for_each_index(accounts.size(), [&](size_t i) {
    entries[i] = {to_bytes(keccak256(accounts[i].first.view())), accounts[i].second.trie_rlp()};
  });
  accounts.clear();
  accounts.shrink_to_fit();
  std::sort(entries.begin(), entries.end(), TrieKeyLess{});
  auto root = trie_root_from_sorted(entries);
  if (!root) return root.error();
  result.state_root = *root;
  result.accounts = entries.size();
  return result;
}

}  // namespace pel
