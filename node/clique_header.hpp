#pragma once
// Clique headers as a signer prepares them and as an importer checks them (EIP-225
// with geth's conventions). Pel's chains have a fixed signer set, the one the
// genesis lists: votes (beneficiary and nonce) are neither cast nor counted.

#include <span>

#include "core/block_header.hpp"
#include "core/chain_config.hpp"
#include "core/result.hpp"

namespace pel {

// The next block's header before execution: number, parent, time (at least the
// parent's plus the clique period), difficulty (in-turn or not for `signer`), gas
// limit (the parent's), base fee (EIP-1559), no vote, the signer list on epoch
// checkpoints, and the later forks' fields. Gas used, roots, bloom and the seal
// (zeroed in extraData) are filled when the block is committed. An error when
// `signer` is not in `signers` or the config has no clique.
Result<BlockHeader> clique_child_header(const BlockHeader& parent, const Hash& parent_hash,
                                        const ChainConfig& config, uint64_t timestamp,
                                        const Address& signer, std::span<const Address> signers);

// What import checks of a sealed header against its parent: sealed by one of
// `signers` with the matching difficulty, time at least the parent's plus the
// period, gas limit within the bound, the EIP-1559 base fee, extraData's layout. The
// error names the block and the field.
Status verify_clique_header(const BlockHeader& header, const BlockHeader& parent,
                            const ChainConfig& config, std::span<const Address> signers);

}  // namespace pel
