#include "state/schema.hpp"

#include <cstring>

#include "core/rlp.hpp"

namespace pel::schema {

namespace {

template <class Int>
void put_be(uint8_t* out, Int value) {
  for (int i = static_cast<int>(sizeof(Int)) - 1; i >= 0; --i) {
    out[i] = static_cast<uint8_t>(value);
    value = static_cast<Int>(value >> 8);
  }
}
template <class Int>
Int get_be(const uint8_t* in) {
  Int value = 0;
  for (size_t i = 0; i < sizeof(Int); ++i) value = static_cast<Int>((value << 8) | in[i]);
  return value;
}
void put_be64(uint8_t* out, uint64_t value) {
  put_be(out, value);
}
uint64_t get_be64(const uint8_t* in) {
  return get_be<uint64_t>(in);
}

}  // namespace

Bytes encode_account(const Account& account) {
  Bytes out(kAccountRecordSize);
  put_be64(out.data(), account.nonce);
  account.balance.to_be_bytes(out.data() + 8);
  std::memcpy(out.data() + 40, account.code_hash.data(), 32);
  std::memcpy(out.data() + 72, account.storage_root.data(), 32);
  return out;
}

Result<Account> decode_account(BytesView record) {
  if (record.size() != kAccountRecordSize) {
    return make_error("corrupted account record: " + std::to_string(record.size()) +
                      " bytes, expected " + std::to_string(kAccountRecordSize));
  }
  Account account;
  account.nonce = get_be64(record.data());
  auto balance = U256::from_be_bytes(record.subspan(8, 32));
  if (!balance) return balance.error();
  account.balance = *balance;
  account.code_hash = Hash::from_view(record.subspan(40, 32));
  account.storage_root = Hash::from_view(record.subspan(72, 32));
  return account;
}

StorageKey storage_key(const Address& address, const Hash& slot) {
  StorageKey key;
  std::memcpy(key.data(), address.data(), 20);
  std::memcpy(key.data() + 20, slot.data(), 32);
  return key;
}

Bytes encode_slot_value(const U256& value) {
  return value.to_be_bytes_trimmed();
}

Result<U256> decode_slot_value(BytesView value) {
  if (value.size() > 32) return make_error("corrupted storage value: longer than 32 bytes");
  return U256::from_be_bytes(value);
}

NumberKey number_key(uint64_t number) {
  NumberKey key;
  put_be64(key.data(), number);
  return key;
}

Result<uint64_t> decode_number(BytesView bytes) {
  if (bytes.size() != 8) return make_error("corrupted block number key");
  return get_be64(bytes.data());
}

Bytes encode_head(const HeadPointer& head) {
  Bytes out(40);
  put_be64(out.data(), head.number);
  std::memcpy(out.data() + 8, head.hash.data(), 32);
  return out;
}

Result<HeadPointer> decode_head(BytesView value) {
  if (value.size() != 40) return make_error("corrupted head pointer");
  return HeadPointer{get_be64(value.data()), Hash::from_view(value.subspan(8, 32))};
}

Bytes encode_txn_location(const TxnLocation& location) {
  Bytes out(12);
  put_be64(out.data(), location.block_number);
  for (int i = 0; i < 4; ++i) out[8 + i] = static_cast<uint8_t>(location.index >> (24 - 8 * i));
  return out;
}

Result<TxnLocation> decode_txn_location(BytesView value) {
  if (value.size() != 12) return make_error("corrupted transaction index entry");
  TxnLocation location;
  location.block_number = get_be64(value.data());
  for (int i = 0; i < 4; ++i) location.index = (location.index << 8) | value[8 + i];
  return location;
}

Bytes encode_receipts(const std::vector<Receipt>& receipts) {
  Bytes payload;
  for (const Receipt& receipt : receipts) rlp::encode_bytes(payload, encode_receipt(receipt));
  return rlp::wrap_list(payload);
}

Result<std::vector<Receipt>> decode_receipts(BytesView value) {
  auto list = rlp::decode_list(value);
  if (!list) return make_error("corrupted receipts: " + list.error().message);
  std::vector<Receipt> receipts;
  while (!list->empty()) {
    auto raw = list->read_bytes();
    if (!raw) return make_error("corrupted receipts: " + raw.error().message);
    auto receipt = decode_receipt(*raw);
    if (!receipt) return make_error("corrupted receipts: " + receipt.error().message);
    receipts.push_back(std::move(*receipt));
  }
  return receipts;
}

Bytes trie_journal_key(uint64_t number) {
  Bytes key(kTrieJournalPrefix.begin(), kTrieJournalPrefix.end());
  key.resize(key.size() + 8);
  put_be64(key.data() + kTrieJournalPrefix.size(), number);
  return key;
}

Bytes encode_trie_journal(const TrieNodeBatch& nodes) {
  size_t size = 0;
  for (const TrieNodeRecord& node : nodes) size += Hash::kSize + 4 + node.rlp.size();
  Bytes out(size);
  uint8_t* at = out.data();
  for (const TrieNodeRecord& node : nodes) {
    std::memcpy(at, node.hash.data(), Hash::kSize);
    put_be(at + Hash::kSize, static_cast<uint32_t>(node.rlp.size()));
    at += Hash::kSize + 4;
    if (!node.rlp.empty()) std::memcpy(at, node.rlp.data(), node.rlp.size());
    at += node.rlp.size();
  }
  return out;
}

Result<TrieNodeBatch> decode_trie_journal(BytesView value) {
  TrieNodeBatch nodes;
  size_t at = 0;
  while (at < value.size()) {
    if (value.size() - at < Hash::kSize + 4) return make_error("corrupted trie journal record");
    TrieNodeRecord node;
    node.hash = Hash::from_view(value.subspan(at, Hash::kSize));
    const size_t length = get_be<uint32_t>(value.data() + at + Hash::kSize);
    at += Hash::kSize + 4;
    if (value.size() - at < length) return make_error("corrupted trie journal record");
    node.rlp.assign(value.begin() + static_cast<std::ptrdiff_t>(at),
                    value.begin() + static_cast<std::ptrdiff_t>(at + length));
    at += length;
    nodes.push_back(std::move(node));
  }
  return nodes;
}

}  // namespace pel::schema
