#include "node/genesis_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

namespace pel {

namespace {

// Messages quote text from the file (an alloc key, say); keep them on one line.
std::string one_line(std::string text) {
  for (char& c : text)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return text;
}

Result<std::string> read_file(const std::string& path) {
  auto cannot_read = [&path](const std::string& why) {
    return make_error(one_line("cannot read genesis file " + path + ": " + why));
  };
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return cannot_read("is a directory");

  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                       &std::fclose);
  if (!file) return cannot_read(std::strerror(errno));
  std::string text;
  char buffer[1 << 16];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) text.append(buffer, n);
  if (std::ferror(file.get())) return cannot_read(std::strerror(errno));
  return text;
}

}  // namespace

Result<Genesis> load_genesis_file(const std::string& path) {
  auto text = read_file(path);
  if (!text) return text.error();
  auto genesis = parse_genesis(*text);
  if (!genesis) {
    std::string_view why = genesis.error().message;
    if (why.starts_with("genesis: ")) why.remove_prefix(9);
    return make_error(one_line("invalid genesis file " + path + ": " + std::string(why)));
  }
  return genesis;
}

}  // namespace pel
