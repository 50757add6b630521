#pragma once
// The dev chain's accounts: ten keys that anyone can derive, funded in the
// project's genesis.json (docs/dev-chain.md). For local development only: the
// keys are public, so any funds sent to them on a real network are lost.

#include <optional>
#include <span>

#include "core/fixed_bytes.hpp"
#include "crypto/secp256k1.hpp"

namespace pel {

struct DevAccount {
  size_t index = 0;
  PrivateKey key;   // keccak256("pel dev account <index>")
  Address address;  // address_of(key)
};

inline constexpr size_t kDevAccountCount = 10;

// The documented keys, in index order. Account 0 is the dev chain's clique signer.
std::span<const DevAccount> dev_accounts();

// The dev account with this address, if it is one.
std::optional<DevAccount> find_dev_account(const Address& address);

}  // namespace pel
