#pragma once
// Reading a genesis file from disk (core/genesis.hpp parses; I/O lives in node/).

#include <string>

#include "core/genesis.hpp"
#include "core/result.hpp"

namespace pel {

// Reads and parses `path`. Errors are one line, for people:
//   "cannot read genesis file ./g.json: No such file or directory"
//   "invalid genesis file ./g.json: alloc 0x12..: balance: invalid hex digit"
Result<Genesis> load_genesis_file(const std::string& path);

}  // namespace pel
