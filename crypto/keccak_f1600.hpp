#pragma once
// The Keccak-f[1600] permutation (the Keccak reference, section 1.2), on 25 lanes
// of 64 bits, lane (x, y) at index x + 5 * y, each lane read little-endian from the
// sponge's bytes. Exposed on its own so that tests can check it against the Keccak
// team's published permutation output and so that other sponges can reuse it.

#include <cstdint>

namespace pel {

void keccak_f1600(uint64_t state[25]);

}  // namespace pel
