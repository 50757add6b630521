#pragma once
// Keccak-256 as Ethereum uses it (the original Keccak padding 0x01, not SHA3-256's 0x06).
//
// API CONTRACT (other modules code against this).

#include "core/bytes.hpp"
#include "core/fixed_bytes.hpp"

namespace pel {

Hash keccak256(BytesView data);

// Incremental hashing for data that arrives in pieces.
class Keccak256 {
 public:
  Keccak256();
  void update(BytesView data);
  Hash finalize();  // the object is not reusable afterwards

 private:
  uint64_t state_[25];
  uint8_t buffer_[136];
  size_t buffered_ = 0;
};

}  // namespace pel
