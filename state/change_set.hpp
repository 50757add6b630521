#pragma once
// What a block changed, as the values it overwrote: enough to undo the block
// (rollback) without replaying anything. Stored in kChangeSets under the block's
// number, written in the block's own batch.

#include <optional>
#include <vector>

#include "core/bytes.hpp"
#include "core/fixed_bytes.hpp"
#include "core/result.hpp"
#include "core/uint256.hpp"
#include "state/account.hpp"

namespace pel {

struct ChangeSet {
  struct AccountEntry {
    Address address;
    std::optional<Account> previous;  // nullopt: the account did not exist
    friend bool operator==(const AccountEntry&, const AccountEntry&) = default;
  };
  struct SlotEntry {
    Address address;
    Hash slot;
    U256 previous;  // zero: the slot was empty
    friend bool operator==(const SlotEntry&, const SlotEntry&) = default;
  };
  // Every account whose record the block wrote or removed (including its storage
  // root), and every storage slot it wrote.
  std::vector<AccountEntry> accounts;
  std::vector<SlotEntry> slots;

  friend bool operator==(const ChangeSet&, const ChangeSet&) = default;
};

// rlp([[address, record or ""]..., [address, slot, trimmed value]...]) with records in
// the kAccounts encoding.
Bytes encode_change_set(const ChangeSet& change_set);
Result<ChangeSet> decode_change_set(BytesView raw);

}  // namespace pel
