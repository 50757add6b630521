#pragma once
// Logs blooms computed from logs: every log's address and each of its topics set the
// three bits chosen by their keccak256 (core/bloom.hpp has the bit selection).

#include <span>

#include "core/bloom.hpp"
#include "core/receipt.hpp"

namespace pel {

void add_log_to_bloom(Bloom& bloom, const Log& log);

// The bloom of a receipt with these logs.
Bloom logs_bloom(std::span<const Log> logs);

// Whether `item` (an address or a topic) may be in the logs behind `bloom`.
bool bloom_may_contain(const Bloom& bloom, BytesView item);

}  // namespace pel
