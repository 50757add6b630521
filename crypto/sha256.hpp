#pragma once
// SHA-256 through OpenSSL's EVP interface.
//
// API CONTRACT (other modules code against this).

#include "core/bytes.hpp"
#include "core/fixed_bytes.hpp"

namespace pel {

Hash sha256(BytesView data);

}  // namespace pel
