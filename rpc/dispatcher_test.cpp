#include "rpc/dispatcher.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace pel::rpc {
namespace {

using json = nlohmann::json;

MethodRegistry test_methods(int* notified = nullptr) {
  MethodRegistry registry;
  EXPECT_TRUE(
      registry.add("test_echo", [](const json& params) -> RpcResult { return params; }).ok());
  EXPECT_TRUE(registry
                  .add("test_fail",
                       [](const json&) -> RpcResult {
                         return server_error("nonce too low", json{{"expected", 7}});
                       })
                  .ok());
  EXPECT_TRUE(
      registry.add("test_throw", [](const json&) -> RpcResult { throw std::runtime_error("boom"); })
          .ok());
  EXPECT_TRUE(registry.add("test_throw_int", [](const json&) -> RpcResult { throw 42; }).ok());
  EXPECT_TRUE(registry
                  .add("test_notify",
                       [notified](const json&) -> RpcResult {
                         if (notified) ++*notified;
                         return "done";
                       })
                  .ok());
  return registry;
}

json handle(const Dispatcher& dispatcher, std::string_view body) {
  auto response = dispatcher.handle(body);
  EXPECT_TRUE(response.has_value()) << body;
  if (!response) return nullptr;
  return json::parse(*response);
}

TEST(MethodRegistry, RejectsDuplicatesAndEmptyHandlers) {
  MethodRegistry registry;
  EXPECT_TRUE(registry.add("a_b", [](const json&) -> RpcResult { return 1; }).ok());
  auto duplicate = registry.add("a_b", [](const json&) -> RpcResult { return 2; });
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().message, "method a_b is already registered");
  EXPECT_FALSE(registry.add("a_c", Handler()).ok());
  EXPECT_FALSE(registry.add("", [](const json&) -> RpcResult { return 1; }).ok());
  EXPECT_TRUE(registry.contains("a_b"));
  EXPECT_EQ(registry.size(), 1u);
}

TEST(Dispatcher, SingleCallEchoesIdAndResult) {
  Dispatcher dispatcher(test_methods());
  auto response =
      dispatcher.handle(R"({"jsonrpc":"2.0","id":7,"method":"test_echo","params":[1,"a"]})");
  ASSERT_TRUE(response);
  EXPECT_EQ(*response, R"({"jsonrpc":"2.0","id":7,"result":[1,"a"]})");
}

TEST(Dispatcher, IdsAreEchoedExactly) {
  Dispatcher dispatcher(test_methods());
  for (std::string id : {"0", "-1", "18446744073709551615", "-9223372036854775808", "\"abc\"",
                         "\"\"", "null", "\"0x1\"", "1.5"}) {
    auto response =
        dispatcher.handle(R"({"jsonrpc":"2.0","method":"test_echo","params":[],"id":)" + id + "}");
    ASSERT_TRUE(response) << id;
    EXPECT_EQ(*response, R"({"jsonrpc":"2.0","id":)" + id + R"(,"result":[]})") << id;
  }
}

TEST(Dispatcher, ParamsMayBeAbsentNullOrAnObject) {
  Dispatcher dispatcher(test_methods());
  EXPECT_EQ(handle(dispatcher, R"({"jsonrpc":"2.0","id":1,"method":"test_echo"})")["result"],
            json::array());
  EXPECT_EQ(handle(dispatcher,
                   R"({"jsonrpc":"2.0","id":1,"method":"test_echo","params":null})")["result"],
            json::array());
  EXPECT_EQ(handle(dispatcher,
                   R"({"jsonrpc":"2.0","id":1,"method":"test_echo","params":{"a":1}})")["result"],
            json({{"a", 1}}));
}

TEST(Dispatcher, ParseErrorHasNullId) {
  Dispatcher dispatcher(test_methods());
  for (std::string_view body : {R"({"jsonrpc":"2.0","method":"test_echo","id":1)", "", "[1,]",
                                "{\"a\":\"\xff\"}", "nul", "{} x"}) {
    json response = handle(dispatcher, body);
    EXPECT_EQ(response["error"]["code"], -32700) << body;
    EXPECT_TRUE(response["id"].is_null()) << body;
    EXPECT_EQ(response["jsonrpc"], "2.0");
    EXPECT_TRUE(response["error"]["message"].get<std::string>().starts_with("parse error: "));
  }
}

TEST(Dispatcher, DeepNestingIsRefusedAsParseError) {
  Dispatcher dispatcher(test_methods(), {.max_batch_size = 1000, .max_json_depth = 16});
  std::string deep = R"({"jsonrpc":"2.0","id":1,"method":"test_echo","params":)" +
                     std::string(15, '[') + std::string(15, ']') + "}";
  EXPECT_TRUE(handle(dispatcher, deep).contains("result"));  // 16 levels with the outer object
  std::string deeper = R"({"jsonrpc":"2.0","id":1,"method":"test_echo","params":)" +
                       std::string(16, '[') + std::string(16, ']') + "}";
  json response = handle(dispatcher, deeper);
  EXPECT_EQ(response["error"]["code"], -32700);
  EXPECT_EQ(response["error"]["message"], "parse error: JSON nests deeper than 16 levels");
  // A body of a million '[' must neither crash nor take long.
  Dispatcher defaults(test_methods());
  EXPECT_EQ(handle(defaults, std::string(1'000'000, '['))["error"]["code"], -32700);
}

TEST(Dispatcher, InvalidRequestShapes) {
  Dispatcher dispatcher(test_methods());
  struct Case {
    std::string body;
    json id;
    std::string message;
  };
  const Case cases[] = {
      {"1", nullptr, "invalid request: not a JSON object"},
      {R"("test_echo")", nullptr, "invalid request: not a JSON object"},
      {R"({"id":3,"method":"test_echo"})", 3, R"(invalid request: "jsonrpc" must be "2.0")"},
      {R"({"jsonrpc":"1.0","id":3,"method":"test_echo"})", 3,
       R"(invalid request: "jsonrpc" must be "2.0")"},
      {R"({"jsonrpc":2.0,"id":"x","method":"test_echo"})", "x",
       R"(invalid request: "jsonrpc" must be "2.0")"},
      {R"({"jsonrpc":"2.0","id":4})", 4, R"(invalid request: "method" must be a string)"},
      {R"({"jsonrpc":"2.0","id":4,"method":5})", 4,
       R"(invalid request: "method" must be a string)"},
      {R"({"jsonrpc":"2.0","id":5,"method":"test_echo","params":"x"})", 5,
       R"(invalid request: "params" must be an array or an object)"},
      {R"({"jsonrpc":"2.0","id":5,"method":"test_echo","params":3})", 5,
       R"(invalid request: "params" must be an array or an object)"},
      {R"({"jsonrpc":"2.0","id":{"a":1},"method":"test_echo"})", nullptr,
       R"(invalid request: "id" must be a string, a number or null)"},
      {R"({"jsonrpc":"2.0","id":[1],"method":"test_echo"})", nullptr,
       R"(invalid request: "id" must be a string, a number or null)"},
      {R"({"jsonrpc":"2.0","id":true,"method":"test_echo"})", nullptr,
       R"(invalid request: "id" must be a string, a number or null)"},
      // Invalid without an id is still answered (the spec's own example), with id null.
      {R"({"jsonrpc":"2.0","method":1,"params":"bar"})", nullptr,
       R"(invalid request: "method" must be a string)"},
  };
  for (const auto& c : cases) {
    json response = handle(dispatcher, c.body);
    EXPECT_EQ(response["error"]["code"], -32600) << c.body;
    EXPECT_EQ(response["error"]["message"], c.message) << c.body;
    EXPECT_EQ(response["id"], c.id) << c.body;
  }
}

TEST(Dispatcher, UnknownMethodUsesGethWording) {
  Dispatcher dispatcher(test_methods());
  json response = handle(dispatcher, R"({"jsonrpc":"2.0","id":"q","method":"eth_nothing"})");
  EXPECT_EQ(response["error"]["code"], -32601);
  EXPECT_EQ(response["error"]["message"], "the method eth_nothing does not exist/is not available");
  EXPECT_EQ(response["id"], "q");
}

TEST(Dispatcher, HandlerErrorsAndExceptions) {
  Dispatcher dispatcher(test_methods());
  json failed = handle(dispatcher, R"({"jsonrpc":"2.0","id":1,"method":"test_fail"})");
  EXPECT_EQ(failed["error"],
            json({{"code", -32000}, {"message", "nonce too low"}, {"data", {{"expected", 7}}}}));
  json thrown = handle(dispatcher, R"({"jsonrpc":"2.0","id":2,"method":"test_throw"})");
  EXPECT_EQ(thrown["error"]["code"], -32603);
  EXPECT_EQ(thrown["error"]["message"], "internal error: boom");
  EXPECT_FALSE(thrown["error"].contains("data"));
  json thrown_int = handle(dispatcher, R"({"jsonrpc":"2.0","id":3,"method":"test_throw_int"})");
  EXPECT_EQ(thrown_int["error"]["code"], -32603);
  EXPECT_EQ(thrown_int["id"], 3);
}

TEST(Dispatcher, NotificationsGetNoResponse) {
  int notified = 0;
  Dispatcher dispatcher(test_methods(&notified));
  EXPECT_FALSE(dispatcher.handle(R"({"jsonrpc":"2.0","method":"test_notify"})"));
  EXPECT_EQ(notified, 1);
  // Not even errors are answered for a well-formed notification.
  EXPECT_FALSE(dispatcher.handle(R"({"jsonrpc":"2.0","method":"no_such"})"));
  EXPECT_FALSE(dispatcher.handle(R"({"jsonrpc":"2.0","method":"test_throw"})"));
  // An explicit null id is a call, not a notification.
  json response = handle(dispatcher, R"({"jsonrpc":"2.0","method":"test_notify","id":null})");
  EXPECT_EQ(response["result"], "done");
  EXPECT_TRUE(response["id"].is_null());
  EXPECT_EQ(notified, 2);
}

TEST(Dispatcher, BatchMixesResultsErrorsAndNotifications) {
  int notified = 0;
  Dispatcher dispatcher(test_methods(&notified));
  json response = handle(dispatcher, R"([
      {"jsonrpc":"2.0","id":1,"method":"test_echo","params":["x"]},
      {"jsonrpc":"2.0","method":"test_notify"},
      {"jsonrpc":"1.0","id":2,"method":"test_echo"},
      {"jsonrpc":"2.0","id":"three","method":"nope"},
      5,
      {"jsonrpc":"2.0","id":4,"method":"test_throw"}
  ])");
  ASSERT_TRUE(response.is_array());
  ASSERT_EQ(response.size(), 5u);
  EXPECT_EQ(response[0]["id"], 1);
  EXPECT_EQ(response[0]["result"], json::array({"x"}));
  EXPECT_EQ(response[1]["id"], 2);
  EXPECT_EQ(response[1]["error"]["code"], -32600);
  EXPECT_EQ(response[2]["id"], "three");
  EXPECT_EQ(response[2]["error"]["code"], -32601);
  EXPECT_TRUE(response[3]["id"].is_null());
  EXPECT_EQ(response[3]["error"]["code"], -32600);
  EXPECT_EQ(response[4]["id"], 4);
  EXPECT_EQ(response[4]["error"]["code"], -32603);
  EXPECT_EQ(notified, 1);
}

TEST(Dispatcher, BatchEdgeCases) {
  int notified = 0;
  Dispatcher dispatcher(test_methods(&notified), {.max_batch_size = 3});
  json empty = handle(dispatcher, "[]");
  EXPECT_EQ(empty["error"]["code"], -32600);
  EXPECT_EQ(empty["error"]["message"], "empty batch");
  EXPECT_TRUE(empty["id"].is_null());

  EXPECT_FALSE(dispatcher.handle(
      R"([{"jsonrpc":"2.0","method":"test_notify"},{"jsonrpc":"2.0","method":"test_notify"}])"));
  EXPECT_EQ(notified, 2);

  std::string three = R"({"jsonrpc":"2.0","id":1,"method":"test_notify"})";
  EXPECT_EQ(handle(dispatcher, "[" + three + "," + three + "," + three + "]").size(), 3u);
  json over = handle(dispatcher, "[" + three + "," + three + "," + three + "," + three + "]");
  ASSERT_TRUE(over.is_object());
  EXPECT_EQ(over["error"]["code"], -32005);
  EXPECT_EQ(over["error"]["message"], "batch too large: 4 requests, the limit is 3");
  EXPECT_TRUE(over["id"].is_null());
  EXPECT_EQ(notified, 5);  // nothing of the refused batch ran

  // A batch nested in a batch is just an invalid element.
  json nested = handle(dispatcher, "[[" + three + "]]");
  ASSERT_EQ(nested.size(), 1u);
  EXPECT_EQ(nested[0]["error"]["code"], -32600);
}

TEST(Dispatcher, InvalidUtf8InResultsIsRepairedNotFatal) {
  MethodRegistry registry;
  ASSERT_TRUE(registry
                  .add("test_bad",
                       [](const json&) -> RpcResult {
                         return std::string(
                             "a\xff"
                             "b");
                       })
                  .ok());
  Dispatcher dispatcher(std::move(registry));
  json response = handle(dispatcher, R"({"jsonrpc":"2.0","id":1,"method":"test_bad"})");
  EXPECT_EQ(response["result"],
            "a\xef\xbf\xbd"
            "b");
}

TEST(Dispatcher, CallRecordsMetricsPerMethod) {
  Dispatcher dispatcher(test_methods());
  ASSERT_TRUE(dispatcher.call("test_echo", json::array()).ok());
  ASSERT_TRUE(dispatcher.call("test_echo", json::array()).ok());
  ASSERT_FALSE(dispatcher.call("test_fail", json::array()).ok());
  ASSERT_FALSE(dispatcher.call("unknown_x", json::array()).ok());
  auto echo = dispatcher.metrics().snapshot("test_echo");
  EXPECT_EQ(echo.ok, 2u);
  EXPECT_EQ(echo.errors, 0u);
  EXPECT_EQ(dispatcher.metrics().snapshot("test_fail").errors, 1u);
  EXPECT_EQ(dispatcher.metrics().snapshot("unknown_x").errors, 1u);  // counted as "other"
  std::string text = dispatcher.metrics().render_prometheus();
  EXPECT_NE(text.find("pel_rpc_requests_total{method=\"test_echo\",outcome=\"ok\"} 2\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("pel_rpc_requests_total{method=\"other\",outcome=\"error\"} 1\n"),
            std::string::npos);
  EXPECT_EQ(text.find("unknown_x"), std::string::npos);  // client-chosen names never appear
}

}  // namespace
}  // namespace pel::rpc
