#include "crypto/sha256.hpp"

#include <openssl/evp.h>

#include <cstdlib>

namespace pel {

Hash sha256(BytesView data) {
  Hash digest;
  unsigned int size = 0;
  // EVP_Digest fails only when OpenSSL cannot allocate or load its default
  // provider: the process is broken then, not the input.
  if (EVP_Digest(data.data(), data.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1 ||
      size != Hash::kSize) {
    std::abort();
  }
  return digest;
}

}  // namespace pel
