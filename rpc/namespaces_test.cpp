// web3_ and net_ through the dispatcher, as a client sees them.
#include <gtest/gtest.h>

#include "rpc/dispatcher.hpp"
#include "rpc/net_api.hpp"
#include "rpc/web3_api.hpp"

namespace pel::rpc {
namespace {

using json = nlohmann::json;

class NamespacesTest : public ::testing::Test {
 protected:
  NamespacesTest() : dispatcher_(make_registry()) {}

  static MethodRegistry make_registry() {
    MethodRegistry registry;
    NodeInfo info{.chain_id = 31337, .version = "0.1.0"};
    EXPECT_TRUE(register_web3_api(registry, info).ok());
    EXPECT_TRUE(register_net_api(registry, info).ok());
    return registry;
  }

  json call(std::string_view method, json params = json::array()) {
    json request = {{"jsonrpc", "2.0"}, {"id", 1}, {"method", method}, {"params", params}};
    auto response = dispatcher_.handle(request.dump());
    EXPECT_TRUE(response.has_value());
    return json::parse(response.value_or("null"));
  }

  Dispatcher dispatcher_;
};

TEST_F(NamespacesTest, ClientVersionHasGethsShape) {
  std::string version = call("web3_clientVersion")["result"];
  EXPECT_EQ(version, client_version("0.1.0"));
  EXPECT_TRUE(version.starts_with("pel/v0.1.0/linux-amd64/")) << version;
  EXPECT_GT(version.size(), std::string("pel/v0.1.0/linux-amd64/").size());
}

TEST_F(NamespacesTest, Sha3IsKeccak256) {
  // The example from the Ethereum JSON-RPC documentation.
  EXPECT_EQ(call("web3_sha3", {"0x68656c6c6f20776f726c64"})["result"],
            "0x47173285a8d7341e5e972fc677286384f802f8ef42a5ec5f03bbfa254cb01fad");
  EXPECT_EQ(call("web3_sha3", {"0x"})["result"],
            "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  json bad = call("web3_sha3", {"68656c6c6f"});
  EXPECT_EQ(bad["error"]["code"], -32602);
  EXPECT_EQ(bad["error"]["message"], "invalid argument 0 (data): hex string without 0x prefix");
  EXPECT_EQ(call("web3_sha3")["error"]["message"], "missing value for required argument 0 (data)");
}

TEST_F(NamespacesTest, NetMethods) {
  EXPECT_EQ(call("net_version")["result"], "31337");
  EXPECT_EQ(call("net_listening")["result"], true);
  EXPECT_EQ(call("net_peerCount")["result"], "0x0");
  EXPECT_EQ(call("net_version", {1})["error"]["code"], -32602);
}

TEST_F(NamespacesTest, RegisteringANamespaceTwiceFails) {
  MethodRegistry registry;
  NodeInfo info;
  ASSERT_TRUE(register_net_api(registry, info).ok());
  auto again = register_net_api(registry, info);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().message, "method net_version is already registered");
}

}  // namespace
}  // namespace pel::rpc
