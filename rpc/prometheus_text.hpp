#pragma once
// Small helpers for the Prometheus text exposition format (version 0.0.4):
// https://prometheus.io/docs/instrumenting/exposition_formats/

#include <cstdint>
#include <string>
#include <string_view>

namespace pel::rpc::prometheus {

// The Content-Type a /metrics response carries.
inline constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";

// "# HELP name help\n# TYPE name type\n"
void append_header(std::string& out, std::string_view name, std::string_view help,
                   std::string_view type);
// A label value with \, " and newline escaped as the format requires.
std::string escape_label_value(std::string_view value);
// Seconds from nanoseconds, printed exactly enough for a sum of latencies.
std::string seconds_text(uint64_t nanoseconds);

}  // namespace pel::rpc::prometheus
