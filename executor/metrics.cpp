#include "executor/metrics.hpp"

#include <cstdio>

namespace pel {

std::string_view execution_mode_name(ExecutionMode mode) {
  switch (mode) {
    case ExecutionMode::kSequential:
      return "sequential";
    case ExecutionMode::kParallel:
      return "parallel";
    case ExecutionMode::kParallelThenSequential:
      return "parallel-then-sequential";
    case ExecutionMode::kDeclared:
      return "declared";
  }
  return "unknown";
}

std::string_view fallback_reason_name(FallbackReason reason) {
  switch (reason) {
    case FallbackReason::kNone:
      return "none";
    case FallbackReason::kConfiguredSequential:
      return "configured-sequential";
    case FallbackReason::kSingleThread:
      return "single-thread";
    case FallbackReason::kSmallBlock:
      return "small-block";
    case FallbackReason::kHighContention:
      return "high-contention";
    case FallbackReason::kPredictedContention:
      return "predicted-contention";
    case FallbackReason::kCalibrating:
      return "calibrating";
    case FallbackReason::kSequentialFaster:
      return "sequential-faster";
    case FallbackReason::kDependencyChain:
      return "dependency-chain";
  }
  return "unknown";
}

std::string BlockMetrics::summary() const {
  char line[512];
  std::snprintf(
      line, sizeof line,
      "mode=%s fallback=%s threads=%u txns=%llu executions=%llu re_executions=%llu "
      "validations=%llu validation_failures=%llu dependency_waits=%llu "
      "sequential_txns=%llu predicted_conflicts=%.2f dependency_depth=%llu "
      "undeclared_access=%d prepare_us=%.1f "
      "execute_us=%.1f fallback_us=%.1f collect_us=%.1f total_us=%.1f",
      std::string(execution_mode_name(mode)).c_str(),
      std::string(fallback_reason_name(fallback_reason)).c_str(), threads,
      static_cast<unsigned long long>(txns), static_cast<unsigned long long>(executions),
      static_cast<unsigned long long>(re_executions), static_cast<unsigned long long>(validations),
      static_cast<unsigned long long>(validation_failures),
      static_cast<unsigned long long>(dependency_waits),
      static_cast<unsigned long long>(sequential_txns), predicted_conflicts,
      static_cast<unsigned long long>(dependency_depth), undeclared_access ? 1 : 0,
      prepare_ns / 1e3, execute_ns / 1e3, fallback_ns / 1e3, collect_ns / 1e3, total_ns / 1e3);
  return line;
}

}  // namespace pel
