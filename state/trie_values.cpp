#include "state/trie_values.hpp"

#include "core/rlp.hpp"

namespace pel {

Bytes trie_account_rlp(uint64_t nonce, const U256& balance, const Hash& storage_root,
                       const Hash& code_hash) {
  Bytes payload;
  payload.reserve(80);
  rlp::encode_uint(payload, nonce);
  rlp::encode_uint(payload, balance);
  rlp::encode_fixed(payload, storage_root);
  rlp::encode_fixed(payload, code_hash);
  return rlp::wrap_list(payload);
}

Bytes trie_storage_value_rlp(const U256& value) {
  if (value.is_zero()) return {};
  Bytes out;
  rlp::encode_bytes(out, value.to_be_bytes_trimmed());
  return out;
}

}  // namespace pel
