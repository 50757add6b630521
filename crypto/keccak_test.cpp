#include "crypto/keccak.hpp"

#include <gtest/gtest.h>

#include <random>

#include "crypto/keccak_f1600.hpp"

namespace pel {
namespace {

Bytes bytes_of_hex(std::string_view hex) {
  auto parsed = from_hex(hex);
  EXPECT_TRUE(parsed.ok()) << hex;
  return parsed.ok() ? *parsed : Bytes{};
}

// Bytes i % 251 for i in [0, size): no period that lines up with the 136-byte block.
Bytes counting_bytes(size_t size) {
  Bytes out(size);
  for (size_t i = 0; i < size; ++i) out[i] = static_cast<uint8_t>(i % 251);
  return out;
}

TEST(KeccakF1600, MatchesPublishedPermutationOfZeroState) {
  // The Keccak team's KeccakF-1600-IntermediateValues: f applied once, then twice,
  // to the all-zero state.
  uint64_t state[25] = {};
  keccak_f1600(state);
  const uint64_t once[25] = {
      0xF1258F7940E1DDE7, 0x84D5CCF933C0478A, 0xD598261EA65AA9EE, 0xBD1547306F80494D,
      0x8B284E056253D057, 0xFF97A42D7F8E6FD4, 0x90FEE5A0A44647C4, 0x8C5BDA0CD6192E76,
      0xAD30A6F71B19059C, 0x30935AB7D08FFC64, 0xEB5AA93F2317D635, 0xA9A6E6260D712103,
      0x81A57C16DBCF555F, 0x43B831CD0347C826, 0x01F22F1A11A5569F, 0x05E5635A21D9AE61,
      0x64BEFEF28CC970F2, 0x613670957BC46611, 0xB87C5A554FD00ECB, 0x8C3EE88A1CCF32C8,
      0x940C7922AE3A2614, 0x1841F924A2C509E4, 0x16F53526E70465C2, 0x75F644E97F30A13B,
      0xEAF1FF7B5CECA249};
  for (int i = 0; i < 25; ++i) EXPECT_EQ(state[i], once[i]) << "lane " << i;
  keccak_f1600(state);
  EXPECT_EQ(state[0], 0x2D5C954DF96ECB3CULL);
  EXPECT_EQ(state[1], 0x6A332CD07057B56DULL);
  EXPECT_EQ(state[2], 0x093D8D1270D76B6CULL);
}

TEST(Keccak256, EmptyAndAbc) {
  EXPECT_EQ(keccak256({}).hex(),
            "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  EXPECT_EQ(keccak256(as_view("abc")).hex(),
            "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
}

struct KnownAnswer {
  const char* message_hex;
  const char* digest_hex;
};

// Entries of the Keccak team's ShortMsgKAT_256 (the SHA-3 round 3 submission,
// original 0x01 padding), byte-aligned lengths; 135, 136 and 137 bytes straddle
// the 136-byte rate, 168 bytes needs two blocks.
const KnownAnswer kShortMsgKat256[] = {
    {"6b", "f3d0adcb6a1c70832365e9da0a6b2f5199422f6a53c67cfad171114e3442aa0f"},
    {"8fab", "cfa23daaffd3966973461c1a50d47d2fa73e4f77df6538c5e2938149d63d2dc3"},
    {"0a565975e5044d92", "4b9466bcec67148295a0f49b387341e9c1d4880d6007d8cb0a5a981276135333"},
    {"77e7c9e159123bb53f72288f9dadca5c69644b9c73eba932ceb9ed8544ed4bbc",
     "eadd507f941fdbffee2beeb9d2435e9f494c5f2d1c334390fcbec838e34cd97f"},
    {"5a06e093dccec48437334c1893f493f945a3f9dc383250b4ce2dcac7d74707314ee7c52ab689afedbdfb0650f099"
     "4a353d43127676632a4590f40d673c14998a",
     "ee639ccb52114d54f1ac35e56715f09fd240c48ea913d5850f2f351ec24bd0ca"},
    // 135 bytes
    {"2f3fb9e6321405869ff0e6271369357ee08c9c27837fe300adf3766a61979591d64e7809627e8f026e762982df"
     "5f00bfeb9ce76f1ccb70c9bee6331f7dc8b15417295d7aa7ec7c1662a69842059901f136e96052b4d01b72b64f"
     "92331744872f6de4a915d0262b33ccc375d25d77c3936023e514f30187a9501adc685e6497cc4841e119670d4d",
     "0484f02cc16415e7e9f28f95b6bb77209e1b25ec35015de84facbc8f9605b39e"},
    // 136 bytes
    {"33d0c3052e3ac8c19beca6b0dfa73888f753655fb2c9f77e1238602c9f6d7ad33e3dd96c78a22e148ed4c46d7c"
     "fdf674505bd40325cb813804e264a450de778f1c50fc94f32aa881fe6def7b6ae6efbb42c3be678f40a0932205"
     "3773e3af020000fe94f3283c7527aa64a2144b92cf8d568df4e6cd957af09ab1637e61667e616412558d4fcab4f9",
     "b30ad6fc320c0d70309dc39953895cb7cf3fbedec7d86a5f7aa9f2bb760f6dba"},
    // 137 bytes
    {"2f570e7aeadd07406bfc263992a0292c528daab4f32816573b6be58a36998465f192e0db70e81cdbe5431477e4"
     "3ea437cb4eebbe760116b26dfb3ca395c1098753e962c3d27f9fb8c2b32fa6f1d3debd22c97b99cb924b388d87"
     "db2348e5aa9ccf0d60a18cff594eb389f5a55dd362809dde19687064a0feec7c213561cbd130d832d264312cb3"
     "e4b6",
     "6cf9e0e9008f6b5b2d28fb38c47a0212e7b28f6a7f44815f10c53141c2f1c84d"},
    // 168 bytes
    {"75f8d7b5d6610d38826bca037ff2ae35b9c5fb9df569f8182850c930a3c6b019bf88cf95e9ddce6c48986fc88b"
     "1dfd44e3f9e2d863dbf18b2bbabbcf816be840f3b7d5dd94a449dd3cb9a5c7d6a30cba9cee92ffca838af53e46"
     "c4bfb1adffa565d583fa79ccd7b6857c7e5c1f8a16bc79a9bb432d46396b8dfe2a3eac2ae411ff670b7834e32f"
     "b960ad167f382c3cb2d6f7f6033e2f6ecb2e980adac3efecc256f83b8bdb6a453b",
     "8e60c5ab5186a36ec8856a7a9574e62c40c062ccfb56e199c0067e22ea6c5029"},
};

TEST(Keccak256, ShortMsgKat) {
  for (const KnownAnswer& known : kShortMsgKat256) {
    Bytes message = bytes_of_hex(known.message_hex);
    EXPECT_EQ(to_hex(keccak256(message).view(), false), known.digest_hex)
        << message.size() << " bytes";
  }
}

// Digests from a second, independent Keccak (a plain Python transcription of the
// Keccak reference, checked against the published vectors above) for lengths around
// one and two blocks, where padding and block handling go wrong first.
TEST(Keccak256, BlockBoundariesMatchIndependentImplementation) {
  const std::pair<size_t, const char*> expected[] = {
      {135, "cbdfd9dee5faad3818d6b06f95a219fd290b0e1706f6a82e5a595b9ce9faca62"},
      {136, "7ce759f1ab7f9ce437719970c26b0a66ff11fe3e38e17df89cf5d29c7d7f807e"},
      {137, "ac73d4fae68b8453f764007c1a20ce95994187861f0c3227a3a8e99a73a3b1db"},
      {271, "27eceb59ebc3dc8a04a5b135be641591a7278540e4556a2ba9f408194e666ec3"},
      {272, "8e2476e65823b24d96ebe239f2c1534cdf763e689e2410c3b1cb0c74e6177bfc"},
      {273, "3f02f134370e4debb95140ef49ddd3aed8c65ff1ed83a43f1b269421f179c5f9"},
      {1000, "af692982e84a5a9688359025660a7857cd28ee7c8d867cfa1677baf2e6d1f63b"},
  };
  for (const auto& [size, digest] : expected) {
    EXPECT_EQ(to_hex(keccak256(counting_bytes(size)).view(), false), digest) << size << " bytes";
  }
  EXPECT_EQ(to_hex(keccak256(Bytes(200, 0xa3)).view(), false),
            "3a57666b048777f2c953dc4456f45a2588e1cb6f2da760122d530ac2ce607d4a");
}

TEST(Keccak256, IncrementalInRandomChunksEqualsOneShot) {
  std::mt19937 rng(20240607);
  for (size_t size : {0, 1, 31, 32, 135, 136, 137, 271, 272, 273, 500, 1000, 4096}) {
    Bytes message(size);
    for (auto& b : message) b = static_cast<uint8_t>(rng());
    Hash one_shot = keccak256(message);
    for (int trial = 0; trial < 20; ++trial) {
      Keccak256 hasher;
      size_t offset = 0;
      while (offset < size) {
        // Chunks of 0 to 300 bytes: empty updates, partial blocks, several blocks at once.
        size_t chunk = std::min<size_t>(size - offset, rng() % 301);
        hasher.update(BytesView(message).subspan(offset, chunk));
        offset += chunk;
      }
      EXPECT_EQ(hasher.finalize(), one_shot) << size << " bytes, trial " << trial;
    }
  }
}

TEST(Keccak256, EmptyUpdatesChangeNothing) {
  Keccak256 hasher;
  hasher.update(as_view("ab"));
  hasher.update({});
  hasher.update(BytesView());
  hasher.update(as_view("c"));
  hasher.update({});
  EXPECT_EQ(hasher.finalize(), keccak256(as_view("abc")));
}

TEST(Keccak256, IncrementalByteByByte) {
  Bytes message = counting_bytes(300);
  Keccak256 hasher;
  for (uint8_t b : message) hasher.update(BytesView(&b, 1));
  EXPECT_EQ(hasher.finalize(), keccak256(message));
}

TEST(Keccak256, DiffersFromSha3) {
  // SHA3-256("") is a7ffc6f8...; Ethereum's Keccak must not be it.
  EXPECT_NE(to_hex(keccak256({}).view(), false),
            "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
}

}  // namespace
}  // namespace pel
