#pragma once
// The block hash: keccak256 of the header's RLP encoding.

#include "core/block.hpp"
#include "core/block_header.hpp"

namespace pel {

Hash header_hash(const BlockHeader& header);

inline Hash block_hash(const Block& block) {
  return header_hash(block.header);
}

}  // namespace pel
