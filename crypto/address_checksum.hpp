#pragma once
// EIP-55 mixed-case checksummed address text.
//
// API CONTRACT (other modules code against this).

#include <string>

#include "core/fixed_bytes.hpp"

namespace pel {

std::string to_checksum_hex(const Address& address);

// Accepts all-lower, all-upper, or correctly checksummed mixed case; rejects bad checksums.
Result<Address> parse_address(std::string_view text);

}  // namespace pel
