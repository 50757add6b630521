// Any bytes given to the genesis parser give a Genesis or an Error: never a crash,
// a hang or an exception.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/genesis.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto genesis = pel::parse_genesis(std::string_view(reinterpret_cast<const char*>(data), size));
  if (genesis.ok()) {
    // Touch what later code reads, so that a malformed value cannot hide.
    (void)genesis->header_base_fee();
    (void)pel::fork_schedule(genesis->config);
  }
  return 0;
}
