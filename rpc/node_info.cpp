#include "rpc/node_info.hpp"

namespace pel::rpc {

namespace {

constexpr std::string_view kOs =
#if defined(__linux__)
    "linux";
#elif defined(__APPLE__)
    "darwin";
#elif defined(_WIN32)
    "windows";
#else
    "unknown";
#endif

constexpr std::string_view kArch =
#if defined(__x86_64__)
    "amd64";
#elif defined(__aarch64__)
    "arm64";
#else
    "unknown";
#endif

std::string compiler() {
#if defined(__clang__)
  return "clang" + std::to_string(__clang_major__) + "." + std::to_string(__clang_minor__) + "." +
         std::to_string(__clang_patchlevel__);
#elif defined(__GNUC__)
  return "gcc" + std::to_string(__GNUC__) + "." + std::to_string(__GNUC_MINOR__) + "." +
         std::to_string(__GNUC_PATCHLEVEL__);
#else
  return "unknown";
#endif
}

}  // namespace

std::string client_version(std::string_view version) {
  std::string out = "pel/v";
  out += version;
  out += '/';
  out += kOs;
  out += '-';
  out += kArch;
  out += '/';
  out += compiler();
  return out;
}

}  // namespace pel::rpc
