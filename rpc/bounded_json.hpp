#pragma once
// Parses request bodies into nlohmann::json with a nesting limit. A body of a
// few megabytes of '[' is valid JSON that nests millions deep; code that later
// walks or prints such a value recursively (dump(), a handler's own recursion)
// would overflow the stack, so the dispatcher refuses it at the door.

#include <nlohmann/json.hpp>
#include <string_view>

#include "core/result.hpp"

namespace pel::rpc {

// The parsed value, or an Error whose message says what is wrong and where.
Result<nlohmann::json> parse_json_bounded(std::string_view text, size_t max_depth);

}  // namespace pel::rpc
