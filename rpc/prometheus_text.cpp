#include "rpc/prometheus_text.hpp"

namespace pel::rpc::prometheus {

void append_header(std::string& out, std::string_view name, std::string_view help,
                   std::string_view type) {
  out += "# HELP ";
  out += name;
  out += ' ';
  out += help;
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
}

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string seconds_text(uint64_t nanoseconds) {
  std::string fraction = std::to_string(nanoseconds % 1'000'000'000ULL);
  fraction.insert(0, 9 - fraction.size(), '0');
  return std::to_string(nanoseconds / 1'000'000'000ULL) + "." + fraction;
}

}  // namespace pel::rpc::prometheus
