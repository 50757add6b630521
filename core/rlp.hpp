#pragma once
// Recursive Length Prefix encoding (Ethereum Yellow Paper, appendix B).
//
// The decoder is strict: it accepts canonical encodings only (a single byte
// below 0x80 is never wrapped, long forms only for 56+ bytes, no leading zeros
// in lengths or integers), checks every length against the input before using
// it, and never allocates more than the input's size. Every malformed input is
// an Error value.
//
// API CONTRACT (other modules code against this; the implementation may add to it):

#include <cstdint>
#include <string_view>

#include "core/bytes.hpp"
#include "core/fixed_bytes.hpp"
#include "core/result.hpp"
#include "core/uint256.hpp"

namespace pel::rlp {

// ---- Encoding: append to `out`. ----
void encode_bytes(Bytes& out, BytesView bytes);  // a string item
void encode_uint(Bytes& out, uint64_t value);    // minimal big-endian, 0 -> 0x80
void encode_uint(Bytes& out, const U256& value);
template <size_t N>
void encode_fixed(Bytes& out, const FixedBytes<N>& value) {
  encode_bytes(out, value.view());
}
// Appends a list header for a payload of `payload_length` bytes.
void encode_list_header(Bytes& out, size_t payload_length);
// Appends `payload` (already-encoded items) as a list.
void encode_list(Bytes& out, BytesView payload);
Bytes wrap_list(BytesView payload);
// Size of a header for a payload of this length (1 to 9 bytes).
size_t header_size(size_t payload_length);

// ---- Decoding ----
// For a single byte below 0x80 (its own encoding) header_length is 0 and payload_length 1.
struct Header {
  bool is_list = false;
  size_t payload_length = 0;
  size_t header_length = 0;
};

// Reads items from a byte range, front to back. Each read consumes one item.
class Decoder {
 public:
  explicit Decoder(BytesView input) : rest_(input) {}

  bool empty() const { return rest_.empty(); }
  BytesView rest() const { return rest_; }

  // Header of the next item, checked against the remaining input, not consumed.
  Result<Header> peek_header() const;
  // A string item's payload (error if the item is a list).
  Result<BytesView> read_bytes();
  // A string item of exactly N bytes.
  template <size_t N>
  Result<FixedBytes<N>> read_fixed() {
    auto bytes = read_bytes();
    if (!bytes) return bytes.error();
    if (bytes->size() != N) return make_error("rlp: expected " + std::to_string(N) + " bytes");
    return FixedBytes<N>::from_view(*bytes);
  }
  // Canonical integers (no leading zero bytes; zero is the empty string).
  Result<uint64_t> read_u64();
  Result<U256> read_u256();
  // A list item: returns a decoder over its payload.
  Result<Decoder> read_list();
  // The next item's full encoding (header and payload), whatever its kind.
  Result<BytesView> read_raw();

 private:
  BytesView rest_;
};

// Decodes an input that must be exactly one list item; returns a decoder over the payload.
// The whole structure is checked first (as by `validate`), so a list nested anywhere
// inside whose payload does not parse is rejected here, not when it is read.
Result<Decoder> decode_list(BytesView input);

// ---- Additions beyond the contract ----

// Checks that `input` is exactly one canonical item, every nested list's payload being
// exactly a sequence of canonical items. Iterative: any nesting depth is fine (memory
// grows with the depth actually present in the input, never with a declared length).
Status validate(BytesView input);

}  // namespace pel::rlp
