#include "state/trie_nibbles.hpp"

#include <algorithm>

namespace pel {

Nibbles to_nibbles(BytesView key) {
  Nibbles out;
  assign_nibbles(out, key, 0, key.size() * 2);
  return out;
}

void assign_nibbles(Nibbles& out, BytesView key, size_t from, size_t to) {
  out.resize(to - from);
  for (size_t i = from; i < to; ++i) out[i - from] = nibble_at(key, i);
}

size_t common_prefix_length(NibblesView a, NibblesView b) {
  size_t limit = std::min(a.size(), b.size());
  size_t i = 0;
  while (i < limit && a[i] == b[i]) ++i;
  return i;
}

void append_hex_prefix(Bytes& out, NibblesView path, bool is_leaf) {
  const bool odd = path.size() % 2 == 1;
  const uint8_t flag = static_cast<uint8_t>((is_leaf ? 2 : 0) + (odd ? 1 : 0));
  size_t i = 0;
  if (odd) {
    out.push_back(static_cast<uint8_t>(flag << 4 | path[0]));
    i = 1;
  } else {
    out.push_back(static_cast<uint8_t>(flag << 4));
  }
  for (; i < path.size(); i += 2) out.push_back(static_cast<uint8_t>(path[i] << 4 | path[i + 1]));
}

Result<HexPrefixPath> decode_hex_prefix(BytesView encoded) {
  if (encoded.empty()) return make_error("trie: empty hex-prefix path");
  const uint8_t flag = encoded[0] >> 4;
  if (flag > 3) return make_error("trie: bad hex-prefix flag");
  const bool odd = (flag & 1) != 0;
  if (!odd && (encoded[0] & 0x0f) != 0) return make_error("trie: non-zero hex-prefix pad nibble");
  HexPrefixPath out;
  out.is_leaf = (flag & 2) != 0;
  out.path.reserve(encoded.size() * 2);
  if (odd) out.path.push_back(encoded[0] & 0x0f);
  for (size_t i = 1; i < encoded.size(); ++i) {
    out.path.push_back(encoded[i] >> 4);
    out.path.push_back(encoded[i] & 0x0f);
  }
  return out;
}

}  // namespace pel
