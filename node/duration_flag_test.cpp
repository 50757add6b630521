#include "node/duration_flag.hpp"

#include <gtest/gtest.h>

namespace pel {
namespace {

using std::chrono::milliseconds;

TEST(DurationFlag, UnitsAndFractions) {
  EXPECT_EQ(parse_duration("500ms").value(), milliseconds(500));
  EXPECT_EQ(parse_duration("2s").value(), milliseconds(2000));
  EXPECT_EQ(parse_duration("1.5s").value(), milliseconds(1500));
  EXPECT_EQ(parse_duration("1m").value(), milliseconds(60'000));
  EXPECT_EQ(parse_duration("1ms").value(), milliseconds(1));
}

TEST(DurationFlag, RefusesWhatItCannotRead) {
  for (const char* text :
       {"", "2", "s", "2x", "2 s", "-1s", "0s", "0.5ms", "1..2s", "25h", "1e3s"}) {
    auto parsed = parse_duration(text);
    EXPECT_FALSE(parsed.ok()) << text;
  }
  EXPECT_EQ(parse_duration("2x").error().message,
            "invalid duration \"2x\": unknown unit \"x\" (ms, s, m)");
  EXPECT_EQ(parse_duration("7").error().message,
            "invalid duration \"7\": expected a number and a unit (ms, s, m)");
}

}  // namespace
}  // namespace pel
