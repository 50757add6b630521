#include "crypto/logs_bloom.hpp"

#include "crypto/keccak.hpp"

namespace pel {

void add_log_to_bloom(Bloom& bloom, const Log& log) {
  bloom_add(bloom, keccak256(log.address.view()));
  for (const Hash& topic : log.topics) bloom_add(bloom, keccak256(topic.view()));
}

Bloom logs_bloom(std::span<const Log> logs) {
  Bloom bloom;
  for (const Log& log : logs) add_log_to_bloom(bloom, log);
  return bloom;
}

bool bloom_may_contain(const Bloom& bloom, BytesView item) {
  return bloom_contains(bloom, keccak256(item));
}

}  // namespace pel
