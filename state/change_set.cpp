#include "state/change_set.hpp"

#include "core/rlp.hpp"
#include "state/schema.hpp"

namespace pel {

Bytes encode_change_set(const ChangeSet& change_set) {
  Bytes accounts;
  for (const auto& entry : change_set.accounts) {
    Bytes item;
    rlp::encode_fixed(item, entry.address);
    rlp::encode_bytes(item, entry.previous ? schema::encode_account(*entry.previous) : Bytes{});
    rlp::encode_list(accounts, item);
  }
  Bytes slots;
  for (const auto& entry : change_set.slots) {
    Bytes item;
    rlp::encode_fixed(item, entry.address);
    rlp::encode_fixed(item, entry.slot);
    rlp::encode_bytes(item, schema::encode_slot_value(entry.previous));
    rlp::encode_list(slots, item);
  }
  Bytes payload;
  rlp::encode_list(payload, accounts);
  rlp::encode_list(payload, slots);
  return rlp::wrap_list(payload);
}

namespace {

Error corrupted(const Error& error) {
  return make_error("corrupted change set: " + error.message);
}

}  // namespace

Result<ChangeSet> decode_change_set(BytesView raw) {
  auto outer = rlp::decode_list(raw);
  if (!outer) return corrupted(outer.error());
  auto accounts = outer->read_list();
  if (!accounts) return corrupted(accounts.error());
  auto slots = outer->read_list();
  if (!slots) return corrupted(slots.error());

  ChangeSet change_set;
  while (!accounts->empty()) {
    auto item = accounts->read_list();
    if (!item) return corrupted(item.error());
    auto address = item->read_fixed<20>();
    if (!address) return corrupted(address.error());
    auto record = item->read_bytes();
    if (!record) return corrupted(record.error());
    ChangeSet::AccountEntry entry{*address, std::nullopt};
    if (!record->empty()) {
      auto account = schema::decode_account(*record);
      if (!account) return corrupted(account.error());
      entry.previous = *account;
    }
    change_set.accounts.push_back(entry);
  }
  while (!slots->empty()) {
    auto item = slots->read_list();
    if (!item) return corrupted(item.error());
    auto address = item->read_fixed<20>();
    if (!address) return corrupted(address.error());
    auto slot = item->read_fixed<32>();
    if (!slot) return corrupted(slot.error());
    auto value = item->read_bytes();
    if (!value) return corrupted(value.error());
    auto previous = schema::decode_slot_value(*value);
    if (!previous) return corrupted(previous.error());
    change_set.slots.push_back({*address, *slot, *previous});
  }
  return change_set;
}

}  // namespace pel
