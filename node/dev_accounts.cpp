#include "node/dev_accounts.hpp"

#include <array>

namespace pel {

namespace {

// Written out rather than derived at start-up so that docs/dev-chain.md, genesis.json
// and this table can be compared by eye; dev_accounts_test.cpp re-derives each row.
struct DevAccountText {
  const char* key;
  const char* address;
};

constexpr std::array<DevAccountText, kDevAccountCount> kDevAccountTexts = {{
    {"0xa3379a54013f231b8e519a1206b8f86628c7749a7cf5ed2d64d73e214a81a99d",
     "0xd8f9A1b73B259b70A22B94834C8438F8ED0261d5"},
    {"0xa028ee110cdc5ecdb4b7f370759329f6fb0aeb926e252804352ba3c9407a9ea1",
     "0x8191AbDff0D5b148BD4Ccb87dD9D7Aad5b709441"},
    {"0x51ec91fa75adb608929753751d62781ef8b3e6c6465d090509d163abec368ff8",
     "0x3bdC780164c3eCc68Ea4e2B81e50022b3a830024"},
    {"0x512a9e482de1703b08038d653542150d5097fa99e5f8d86fb196515fec82ea5b",
     "0x73E2505fF22f34D666E1d7Ba05E1579FfbB29372"},
    {"0x09654708fa83af3ffb52fabb758659fc2f3176317034b6426e39da164b882ca9",
     "0x89817Fa33d2e834ffda1665fC43F4cea8Afe2553"},
    {"0x8b99eddde6e95c5bdaf33a3b88c7f4149c699b93b1005802af62b6bd8fb2b98c",
     "0x7a08B53ee500cC1885255D5471a77d902cAeFD46"},
    {"0x6d903aeee830e3bc2a121dac0305095170a8310a1cd2f0379a1ac9119d53694c",
     "0x85251b1a1BdC9e271229CE9d4109b9374BB46261"},
    {"0x78b09eb9ba51711e15493b73deae39e21b0efd79495c56552c356f9a92848c9f",
     "0xd49D06d69a5Ef906F43B3eC9CfDa908d73ab33C4"},
    {"0x704aa46855f885aec3ffdda96f325546d68a712f99aeedc5de665b073c85d961",
     "0x3D3A7672c9D4FB31BA52E5f9c4Ae51db426e10E7"},
    {"0x9d27da7199298b8019cab5bb85b94992c380849ea0d142e050d48888a8bccc83",
     "0x3DD18b46Aac96612CA796EBa7747c713C2DdABE9"},
}};

std::array<DevAccount, kDevAccountCount> decode_table() {
  std::array<DevAccount, kDevAccountCount> accounts;
  for (size_t i = 0; i < kDevAccountCount; ++i) {
    auto key = PrivateKey::from_hex(kDevAccountTexts[i].key);
    auto address = Address::from_hex(kDevAccountTexts[i].address);
    assert(key.ok() && address.ok());
    accounts[i] = DevAccount{i, *key, *address};
  }
  return accounts;
}

}  // namespace

std::span<const DevAccount> dev_accounts() {
  static const std::array<DevAccount, kDevAccountCount> accounts = decode_table();
  return accounts;
}

std::optional<DevAccount> find_dev_account(const Address& address) {
  for (const DevAccount& account : dev_accounts())
    if (account.address == address) return account;
  return std::nullopt;
}

}  // namespace pel
