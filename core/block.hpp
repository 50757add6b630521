#pragma once
// Blocks as Ethereum encodes them: rlp([header, transactions, ommers]) with a fourth
// item, the withdrawals, from Shanghai on (EIP-4895). The body is the same without the
// header; stores keep header and body apart.

#include <optional>
#include <vector>

#include "core/block_header.hpp"
#include "core/bytes.hpp"
#include "core/result.hpp"
#include "core/transaction.hpp"

namespace pel {

// A validator withdrawal credited by the consensus layer (EIP-4895).
struct Withdrawal {
  uint64_t index = 0;
  uint64_t validator_index = 0;
  Address address;
  uint64_t amount_gwei = 0;
  friend bool operator==(const Withdrawal&, const Withdrawal&) = default;
};

struct BlockBody {
  std::vector<Transaction> transactions;
  std::vector<BlockHeader> ommers;  // empty since the merge, kept for older blocks
  std::optional<std::vector<Withdrawal>> withdrawals;  // present from Shanghai on
  friend bool operator==(const BlockBody&, const BlockBody&) = default;
};

struct Block {
  BlockHeader header;
  BlockBody body;
  friend bool operator==(const Block&, const Block&) = default;
};

// rlp([index, validatorIndex, address, amount]): also the withdrawals-trie value.
void encode_withdrawal(Bytes& out, const Withdrawal& withdrawal);
Bytes encode_withdrawal(const Withdrawal& withdrawal);

// rlp([transactions, ommers, withdrawals?]).
Bytes encode_block_body(const BlockBody& body);
Result<BlockBody> decode_block_body(BytesView raw);

// rlp([header, transactions, ommers, withdrawals?]).
Bytes encode_block(const Block& block);
// Strict like the other decoders; in addition the withdrawals list must be present
// exactly when the header has a withdrawals root.
Result<Block> decode_block(BytesView raw);

}  // namespace pel
