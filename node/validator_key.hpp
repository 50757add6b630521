#pragma once
// The key the validator seals blocks with (`--validator.key FILE`): a file holding
// the private key in hex, like geth's --unlock key files and reth's --p2p-secret-key.
// Without the flag the node uses the documented dev key of the genesis signer, so the
// dev chain runs with no setup; any other chain needs its signer's key.

#include <optional>
#include <string>

#include "core/genesis.hpp"
#include "core/result.hpp"
#include "crypto/secp256k1.hpp"

namespace pel {

struct ValidatorKey {
  PrivateKey key;
  Address address;
};

// Reads a file of 64 hex digits, with or without "0x", surrounding whitespace allowed.
// Errors are one line: "cannot read validator key file k.txt: No such file or
// directory", "invalid validator key file k.txt: expected 32 bytes of hex, got 3".
Result<ValidatorKey> load_validator_key(const std::string& path);

// The key `pel run` uses: the file's when `path` is given, otherwise the dev key of
// a genesis clique signer. Then checks it belongs to a signer listed in the genesis
// extraData: "validator key 0xab.. (address 0x12..) is not a clique signer of this
// chain; the genesis extraData lists 0xd8.."; "the genesis has no clique section".
Result<ValidatorKey> choose_validator_key(const std::optional<std::string>& path,
                                          const Genesis& genesis);

}  // namespace pel
