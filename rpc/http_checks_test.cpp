#include "rpc/http_checks.hpp"

#include <gtest/gtest.h>

namespace pel::rpc {
namespace {

TEST(HttpChecks, VirtualHosts) {
  std::vector<std::string> localhost{"localhost"};
  EXPECT_TRUE(is_host_allowed("localhost", localhost));
  EXPECT_TRUE(is_host_allowed("LocalHost:8545", localhost));
  EXPECT_TRUE(is_host_allowed("127.0.0.1:8545", localhost));
  EXPECT_TRUE(is_host_allowed("10.1.2.3", localhost));
  EXPECT_TRUE(is_host_allowed("[::1]:8545", localhost));
  EXPECT_TRUE(is_host_allowed("", localhost));
  EXPECT_FALSE(is_host_allowed("evil.example:8545", localhost));
  EXPECT_FALSE(is_host_allowed("localhost.evil.example", localhost));
  EXPECT_TRUE(is_host_allowed("evil.example", {"*"}));
  EXPECT_TRUE(is_host_allowed("node.example", {"localhost", "node.example"}));
  EXPECT_FALSE(is_host_allowed("localhost", {}));
}

TEST(HttpChecks, ContentType) {
  EXPECT_TRUE(is_json_content_type("application/json"));
  EXPECT_TRUE(is_json_content_type("Application/JSON; charset=utf-8"));
  EXPECT_TRUE(is_json_content_type("application/json-rpc"));
  EXPECT_TRUE(is_json_content_type("application/jsonrequest"));
  EXPECT_TRUE(is_json_content_type(""));
  EXPECT_FALSE(is_json_content_type("application/x-www-form-urlencoded"));
  EXPECT_FALSE(is_json_content_type("text/plain"));
  EXPECT_FALSE(is_json_content_type("application/jsonx"));
}

TEST(HttpChecks, CorsOrigins) {
  EXPECT_EQ(allowed_cors_origin("https://app.example", {"*"}), "*");
  EXPECT_EQ(allowed_cors_origin("https://app.example", {"https://APP.example"}),
            "https://app.example");
  EXPECT_FALSE(allowed_cors_origin("https://other.example", {"https://app.example"}));
  EXPECT_FALSE(allowed_cors_origin("", {"*"}));
  EXPECT_FALSE(allowed_cors_origin("https://app.example", {}));
}

}  // namespace
}  // namespace pel::rpc
