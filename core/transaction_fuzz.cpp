// libFuzzer target: any bytes either fail to decode as a transaction (with an error
// message) or decode to a transaction whose encoding is exactly those bytes. The
// decoder is strict, so every accepted input has a single canonical form.

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "core/rlp.hpp"
#include "core/transaction.hpp"

namespace {

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "transaction_fuzz: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  pel::BytesView input(data, size);
  auto txn = pel::decode_transaction(input);
  if (!txn) {
    if (txn.error().message.empty()) fail("rejection without a message");
    return 0;
  }
  pel::Bytes encoded = pel::encode_transaction(*txn);
  if (encoded.size() != size || !std::equal(encoded.begin(), encoded.end(), data)) {
    fail("encode(decode(input)) differs from the input");
  }
  // The block-body form decodes back to the same transaction.
  pel::Bytes in_block;
  pel::encode_transaction_in_block(in_block, *txn);
  pel::rlp::Decoder list(in_block);
  auto from_block = pel::decode_transaction_in_block(list);
  if (!from_block || !list.empty() || !(*from_block == *txn)) {
    fail("the block-body form does not round-trip");
  }
  // Gas arithmetic on arbitrary accepted transactions stays defined.
  (void)pel::intrinsic_gas(*txn);
  (void)pel::initcode_word_gas(*txn);
  (void)pel::signing_payload(*txn);
  return 0;
}
