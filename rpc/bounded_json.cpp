#include "rpc/bounded_json.hpp"

#include <string>

namespace pel::rpc {

namespace {

using json = nlohmann::json;

// Forwards every SAX event to nlohmann's own DOM builder, counting depth on the way.
// (json_sax_dom_parser lives in nlohmann's detail namespace; it is the builder that
// json::parse itself uses, and the SAX interface it implements is public.)
class DepthLimitedBuilder {
 public:
  DepthLimitedBuilder(json& result, size_t max_depth)
      : dom_(result, false), max_depth_(max_depth) {}

  bool null() { return dom_.null(); }
  bool boolean(bool value) { return dom_.boolean(value); }
  bool number_integer(json::number_integer_t value) { return dom_.number_integer(value); }
  bool number_unsigned(json::number_unsigned_t value) { return dom_.number_unsigned(value); }
  bool number_float(json::number_float_t value, const std::string& text) {
    return dom_.number_float(value, text);
  }
  bool string(std::string& value) { return dom_.string(value); }
  bool binary(json::binary_t& value) { return dom_.binary(value); }
  bool start_object(std::size_t size) { return enter() && dom_.start_object(size); }
  bool key(std::string& value) { return dom_.key(value); }
  bool end_object() {
    --depth_;
    return dom_.end_object();
  }
  bool start_array(std::size_t size) { return enter() && dom_.start_array(size); }
  bool end_array() {
    --depth_;
    return dom_.end_array();
  }
  bool parse_error(std::size_t position, const std::string& token,
                   const nlohmann::detail::exception& error) {
    error_ = error.what();
    // nlohmann's messages start with "[json.exception.parse_error.101] "; clients need no tag.
    if (auto tag_end = error_.find("] "); tag_end != std::string::npos)
      error_.erase(0, tag_end + 2);
    return false;
  }

  bool too_deep() const { return too_deep_; }
  const std::string& error() const { return error_; }

 private:
  bool enter() {
    if (++depth_ > max_depth_) {
      too_deep_ = true;
      return false;
    }
    return true;
  }

  nlohmann::detail::json_sax_dom_parser<json> dom_;
  size_t max_depth_;
  size_t depth_ = 0;
  bool too_deep_ = false;
  std::string error_;
};

}  // namespace

Result<json> parse_json_bounded(std::string_view text, size_t max_depth) {
  json result;
  DepthLimitedBuilder builder(result, max_depth);
  bool ok = json::sax_parse(text, &builder, json::input_format_t::json, true, false);
  if (builder.too_deep()) {
    return make_error("JSON nests deeper than " + std::to_string(max_depth) + " levels");
  }
  if (!ok) return make_error(builder.error().empty() ? "invalid JSON" : builder.error());
  return result;
}

}  // namespace pel::rpc
