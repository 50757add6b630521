#include "crypto/header_hash.hpp"

#include "crypto/keccak.hpp"

namespace pel {

Hash header_hash(const BlockHeader& header) {
  return keccak256(encode_block_header(header));
}

}  // namespace pel
