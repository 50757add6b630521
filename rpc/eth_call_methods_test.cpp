// eth_call and eth_estimateGas for value transfers, with geth's errors. At the head,
// carol holds 0.5 ether and the base fee is 670351468 wei.
#include "rpc/eth_test_chain.hpp"

namespace pel::rpc {
namespace {

using namespace eth_test;

class EthCallMethods : public EthApiTest {
 protected:
  static json transfer(const Address& from, const Address& to, const std::string& value) {
    return {{"from", from.hex()}, {"to", to.hex()}, {"value", value}};
  }
  static std::string error_of(std::string_view method, json params) {
    json response = call(method, std::move(params));
    EXPECT_TRUE(response.contains("error")) << response.dump();
    return response["error"].value("message", "");
  }
  static int code_of(std::string_view method, json params) {
    return call(method, std::move(params))["error"].value("code", 0);
  }

  const std::string half_ether = "0x6f05b59d3b20000";
  const std::string one_ether = "0xde0b6b3a7640000";
};

TEST_F(EthCallMethods, TransfersCallToNoData) {
  EXPECT_EQ(result("eth_call", {transfer(chain().alice, chain().bob, one_ether), "latest"}), "0x");
  EXPECT_EQ(result("eth_call", {transfer(chain().alice, chain().bob, one_ether)}), "0x");
  EXPECT_EQ(result("eth_call", {{{"to", chain().bob.hex()}}}), "0x");  // from zero, no value
  EXPECT_EQ(result("eth_call", {{{"from", chain().alice.hex()},
                                 {"to", chain().carol.hex()},
                                 {"input", "0xabcdef"},
                                 {"gasPrice", "0x3b9aca00"}}}),
            "0x");
  // Carol got her ether in block 1.
  EXPECT_EQ(result("eth_call", {transfer(chain().carol, chain().bob, "0x1"), "0x1"}), "0x");
  EXPECT_EQ(error_of("eth_call", {transfer(chain().carol, chain().bob, "0x1"), "0x0"}),
            "insufficient funds for gas * price + value: address " + chain().carol.hex() +
                " have 0 want 1");
}

TEST_F(EthCallMethods, CallErrorsAreGeths) {
  const Address& carol = chain().carol;
  const std::string from = carol.hex();
  EXPECT_EQ(error_of("eth_call", {transfer(carol, chain().bob, one_ether)}),
            "insufficient funds for gas * price + value: address " + from +
                " have 500000000000000000 want 1000000000000000000");
  // With a price, the whole gas limit (the block's by default) must be paid for.
  json priced = transfer(carol, chain().bob, "0x6ccd46763f10000");  // 0.49 ether
  priced["gasPrice"] = "0x3b9aca00";
  EXPECT_EQ(error_of("eth_call", {priced}), "insufficient funds for gas * price + value: address " +
                                                from + " have 500000000000000000 want " +
                                                "520000000000000000");
  priced["gas"] = "0x5208";
  EXPECT_EQ(result("eth_call", {priced}), "0x");

  json low_cap = transfer(carol, chain().bob, "0x1");
  low_cap["maxFeePerGas"] = "0x1";
  EXPECT_EQ(error_of("eth_call", {low_cap}), "max fee per gas less than block base fee: address " +
                                                 from + ", maxFeePerGas: 1, baseFee: 670351468");
  json tip_above = transfer(carol, chain().bob, "0x1");
  tip_above["maxFeePerGas"] = "0x2";
  tip_above["maxPriorityFeePerGas"] = "0x3";
  EXPECT_EQ(error_of("eth_call", {tip_above}),
            "max priority fee per gas higher than max fee per gas: address " + from +
                ", maxPriorityFeePerGas: 3, maxFeePerGas: 2");
  json both = transfer(carol, chain().bob, "0x1");
  both["gasPrice"] = "0x1";
  both["maxFeePerGas"] = "0x1";
  EXPECT_EQ(error_of("eth_call", {both}),
            "both gasPrice and (maxFeePerGas or maxPriorityFeePerGas) specified");
  json other_chain = transfer(carol, chain().bob, "0x1");
  other_chain["chainId"] = "0x1";
  EXPECT_EQ(error_of("eth_call", {other_chain}),
            "chainId does not match node's (have=1, want=1337)");
  json starved = transfer(carol, chain().bob, "0x1");
  starved["gas"] = "0x4e20";
  EXPECT_EQ(error_of("eth_call", {starved}), "intrinsic gas too low: have 20000, want 21000");
  json huge = transfer(carol, chain().bob, "0x1");
  huge["gas"] = "0x2625a00";
  EXPECT_EQ(error_of("eth_call", {huge}),
            "exceeds block gas limit: gas 40000000, block gas limit 30000000");
  EXPECT_EQ(code_of("eth_call", {huge}), -32000);

  EXPECT_EQ(error_of("eth_call", {transfer(carol, chain().bob, "0x1"), "0x7"}), "header not found");
  json mismatched = {{"to", chain().bob.hex()}, {"data", "0x01"}, {"input", "0x02"}};
  EXPECT_EQ(code_of("eth_call", {mismatched}), -32602);
  EXPECT_EQ(error_of("eth_call", {mismatched}),
            "invalid argument 0 (transaction): both \"data\" and \"input\" are set and not equal. "
            "Please use \"input\" to pass transaction call data");
  EXPECT_EQ(error_of("eth_call", {{{"to", "0x12"}}}),
            "invalid argument 0 (transaction): field \"to\": hex string has length 2, want 40 for "
            "an address");
  EXPECT_EQ(code_of("eth_call", {transfer(carol, chain().bob, "0x1"), "latest", json::object()}),
            -32602);
  EXPECT_EQ(code_of("eth_call", json::array()), -32602);
}

TEST_F(EthCallMethods, CodeAndCreationNeedTheEvm) {
  json to_contract = transfer(chain().alice, chain().contract_address, "0x1");
  EXPECT_EQ(code_of("eth_call", {to_contract}), -32000);
  EXPECT_EQ(error_of("eth_call", {to_contract}),
            "cannot execute the code at " + chain().contract_address.hex() +
                ": this node executes value transfers only (no EVM yet)");
  EXPECT_EQ(error_of("eth_estimateGas", {to_contract}),
            "cannot execute the code at " + chain().contract_address.hex() +
                ": this node executes value transfers only (no EVM yet)");
  json creation = {{"from", chain().alice.hex()}, {"input", "0x6000"}};
  const std::string creation_error =
      "contract creation is not supported yet: this node executes value transfers only (no EVM)";
  EXPECT_EQ(error_of("eth_call", {creation}), creation_error);
  EXPECT_EQ(error_of("eth_estimateGas", {creation}), creation_error);
}

TEST_F(EthCallMethods, EstimatesAreTheIntrinsicGas) {
  const Address& alice = chain().alice;
  EXPECT_EQ(result("eth_estimateGas", {transfer(alice, chain().bob, one_ether)}), "0x5208");
  EXPECT_EQ(result("eth_estimateGas", {transfer(alice, chain().bob, one_ether), "0x0"}), "0x5208");
  EXPECT_EQ(result("eth_estimateGas", {{{"to", chain().bob.hex()}}}), "0x5208");
  json with_data = transfer(alice, chain().bob, "0x0");
  with_data["input"] = "0x010200";  // 2 non-zero bytes (16 each) and a zero byte (4)
  EXPECT_EQ(result("eth_estimateGas", {with_data}), "0x522c");
  json with_list = transfer(alice, chain().bob, "0x0");
  with_list["accessList"] = {
      {{"address", chain().bob.hex()}, {"storageKeys", {TestChain::slot(1).hex()}}}};
  EXPECT_EQ(result("eth_estimateGas", {with_list}), "0x62d4");  // + 2400 + 1900

  // A caller's gas limit is the allowance (below 21000 it is ignored, as geth does).
  with_data["gas"] = "0x55f0";  // 22000
  EXPECT_EQ(result("eth_estimateGas", {with_data}), "0x522c");
  with_data["gas"] = "0x5212";  // 21010
  EXPECT_EQ(error_of("eth_estimateGas", {with_data}), "gas required exceeds allowance (21010)");
  with_data["gas"] = "0x1";
  EXPECT_EQ(result("eth_estimateGas", {with_data}), "0x522c");
}

TEST_F(EthCallMethods, EstimateErrorsAreGeths) {
  const Address& carol = chain().carol;
  EXPECT_EQ(error_of("eth_estimateGas", {transfer(carol, chain().bob, one_ether)}),
            "insufficient funds for transfer");
  EXPECT_EQ(code_of("eth_estimateGas", {transfer(carol, chain().bob, one_ether)}), -32000);
  // Without a price, all of the balance may be sent; with one, the gas must be left.
  EXPECT_EQ(result("eth_estimateGas", {transfer(carol, chain().bob, half_ether)}), "0x5208");
  json priced = transfer(carol, chain().bob, half_ether);
  priced["maxFeePerGas"] = "0x3b9aca00";
  EXPECT_EQ(error_of("eth_estimateGas", {priced}), "insufficient funds for transfer");
  // 0.5 ether - 20000 gwei leaves 20000 gas at 1 gwei.
  priced["value"] = "0x6f0492936ccc000";
  EXPECT_EQ(error_of("eth_estimateGas", {priced}), "gas required exceeds allowance (20000)");
  // 0.5 ether - 21000 gwei leaves exactly enough.
  priced["value"] = "0x6f048406227b000";
  EXPECT_EQ(result("eth_estimateGas", {priced}), "0x5208");
  json low_cap = transfer(carol, chain().bob, "0x1");
  low_cap["maxFeePerGas"] = "0x1";
  EXPECT_EQ(error_of("eth_estimateGas", {low_cap}),
            "max fee per gas less than block base fee: address " + carol.hex() +
                ", maxFeePerGas: 1, baseFee: 670351468");
  EXPECT_EQ(error_of("eth_estimateGas", {transfer(carol, chain().bob, "0x1"), "0x9"}),
            "header not found");
}

}  // namespace
}  // namespace pel::rpc
