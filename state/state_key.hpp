#pragma once
// Fine-grained state keys: an account's balance, its nonce, its code hash and each
// of its storage slots are separate keys, so transactions touching different fields
// of one account do not conflict in the parallel executor.
//
// Every key holds one 256-bit word, and an absent key reads as zero: balance 0,
// nonce 0, no code (see kCodeHash), empty storage slot.

#include <cstdint>
#include <cstring>
#include <functional>

#include "core/fixed_bytes.hpp"

namespace pel {

enum class StateField : uint8_t {
  kBalance = 0,
  kNonce = 1,
  // The account's code hash as a big-endian word. Zero stands for "no code"
  // (Ethereum's keccak256 of the empty string) so that absent accounts read as zero
  // like every other key; whoever builds account records maps it back.
  kCodeHash = 2,
  kStorage = 3,
};

struct StateKey {
  Address address;
  StateField field = StateField::kBalance;
  Hash slot;  // the storage slot for kStorage, zero for the account fields

  static StateKey balance(const Address& address) { return {address, StateField::kBalance, {}}; }
  static StateKey nonce(const Address& address) { return {address, StateField::kNonce, {}}; }
  static StateKey code_hash(const Address& address) { return {address, StateField::kCodeHash, {}}; }
  static StateKey storage(const Address& address, const Hash& slot) {
    return {address, StateField::kStorage, slot};
  }

  bool is_storage() const { return field == StateField::kStorage; }

  // The slot of an account field is ignored (the constructors above leave it zero).
  // Compared a word at a time: keys are compared on every hash-table probe.
  friend bool operator==(const StateKey& a, const StateKey& b) {
    auto word = [](const uint8_t* p) {
      uint64_t w;
      std::memcpy(&w, p, 8);
      return w;
    };
    auto half = [](const uint8_t* p) {
      uint32_t w;
      std::memcpy(&w, p, 4);
      return w;
    };
    const uint8_t* x = a.address.data();
    const uint8_t* y = b.address.data();
    if (((word(x) ^ word(y)) | (word(x + 8) ^ word(y + 8)) | (half(x + 16) ^ half(y + 16))) != 0 ||
        a.field != b.field) {
      return false;
    }
    if (a.field != StateField::kStorage) return true;
    x = a.slot.data();
    y = b.slot.data();
    return ((word(x) ^ word(y)) | (word(x + 8) ^ word(y + 8)) | (word(x + 16) ^ word(y + 16)) |
            (word(x + 24) ^ word(y + 24))) == 0;
  }
  // An arbitrary but fixed total order (address, field, slot): the canonical order
  // of block change sets.
  friend std::strong_ordering operator<=>(const StateKey& a, const StateKey& b) {
    if (auto c = a.address <=> b.address; c != 0) return c;
    if (auto c = a.field <=> b.field; c != 0) return c;
    if (a.field != StateField::kStorage) return std::strong_ordering::equal;
    return a.slot <=> b.slot;
  }
};

// A well-mixed 64-bit hash; hash tables over StateKey use its low bits directly.
inline uint64_t hash_state_key(const StateKey& key) {
  auto mix = [](uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
  };
  uint64_t a0, a1;
  uint32_t a2;
  std::memcpy(&a0, key.address.data(), 8);
  std::memcpy(&a1, key.address.data() + 8, 8);
  std::memcpy(&a2, key.address.data() + 16, 4);
  uint64_t h = a0 * 0x9e3779b97f4a7c15ULL;
  h ^= (a1 + (static_cast<uint64_t>(a2) << 8) + static_cast<uint64_t>(key.field)) *
       0xbf58476d1ce4e5b9ULL;
  if (key.is_storage()) {
    for (size_t i = 0; i < 32; i += 8) {
      uint64_t s;
      std::memcpy(&s, key.slot.data() + i, 8);
      h = (h ^ s) * 0x94d049bb133111ebULL + i;
    }
  }
  return mix(h);
}

}  // namespace pel

template <>
struct std::hash<pel::StateKey> {
  size_t operator()(const pel::StateKey& key) const noexcept {
    return static_cast<size_t>(pel::hash_state_key(key));
  }
};
