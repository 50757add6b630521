#include "node/validator_key.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "crypto/address_checksum.hpp"
#include "node/dev_accounts.hpp"

namespace pel {

namespace {

std::string trim(const std::string& text) {
  const char* space = " \t\r\n";
  size_t begin = text.find_first_not_of(space);
  if (begin == std::string::npos) return "";
  size_t end = text.find_last_not_of(space);
  return text.substr(begin, end - begin + 1);
}

std::string signer_list(const Genesis& genesis) {
  std::string list;
  for (const Address& signer : genesis.clique_signers) {
    if (!list.empty()) list += ", ";
    list += to_checksum_hex(signer);
  }
  return list;
}

}  // namespace

Result<ValidatorKey> load_validator_key(const std::string& path) {
  errno = 0;
  std::ifstream file(path);
  if (!file) {
    return make_error("cannot read validator key file " + path + ": " +
                      (errno != 0 ? std::strerror(errno) : "cannot open"));
  }
  std::stringstream text;
  text << file.rdbuf();
  auto key = PrivateKey::from_hex(trim(text.str()));
  if (!key) return make_error("invalid validator key file " + path + ": " + key.error().message);
  auto address = address_of(*key);
  if (!address) {
    return make_error("invalid validator key file " + path + ": " + address.error().message);
  }
  return ValidatorKey{*key, *address};
}

Result<ValidatorKey> choose_validator_key(const std::optional<std::string>& path,
                                          const Genesis& genesis) {
  if (!genesis.config.clique || genesis.clique_signers.empty()) {
    return make_error(
        "the genesis has no clique section with signers: pel produces blocks as a "
        "clique signer");
  }
  if (!path) {
    for (const Address& signer : genesis.clique_signers) {
      if (auto dev = find_dev_account(signer)) return ValidatorKey{dev->key, dev->address};
    }
    return make_error("no --validator.key given and no genesis signer is a dev account (" +
                      signer_list(genesis) + "): pass the signer's key file");
  }
  auto key = load_validator_key(*path);
  if (!key) return key.error();
  const auto& signers = genesis.clique_signers;
  if (std::find(signers.begin(), signers.end(), key->address) == signers.end()) {
    return make_error("validator key " + *path + " (address " + to_checksum_hex(key->address) +
                      ") is not a clique signer of this chain; the genesis extraData lists " +
                      signer_list(genesis));
  }
  return key;
}

}  // namespace pel
