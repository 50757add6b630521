// ChainStore::init_genesis: block 0 and its state.

#include "crypto/header_hash.hpp"
#include "crypto/keccak.hpp"
#include "state/chain_store.hpp"
#include "state/genesis_block.hpp"

namespace pel {

namespace {

// A large genesis (a benchmark's million accounts) is written in several batches
// of about this size; the head pointer goes last, so an interrupted init leaves a
// store without a head that the next init completes.
constexpr size_t kGenesisBatchBytes = size_t{64} << 20;

}  // namespace

Result<GenesisInit> ChainStore::init_genesis(const Genesis& genesis) {
  std::lock_guard write_lock(write_mutex_);
  const std::optional<ChainHead> current = head();

  auto state = build_genesis_state(genesis, /*collect_nodes=*/!current.has_value());
  if (!state) return make_error("genesis state: " + state.error().message);
  GenesisInit init;
  init.header = make_genesis_header(genesis, state->state_root);
  init.hash = header_hash(init.header);

  if (current) {
    auto stored = canonical_hash(genesis.number);
    if (!stored) return stored.error();
    if (!stored->has_value() || **stored != init.hash) {
      auto stored_genesis = canonical_hash(0);
      const std::string have =
          stored_genesis.ok() && stored_genesis->has_value() ? (*stored_genesis)->hex() : "none";
      return make_error("database in " + db_->path() +
                        " already holds a chain with a different genesis (have " + have +
                        ", genesis file gives " + init.hash.hex() +
                        "); use another --datadir or remove this one");
    }
    return init;
  }

  auto marker = db_->get(Column::kMeta, as_view(schema::kGenesisInitKey));
  if (!marker) return marker.error();
  if (marker->has_value() && **marker != Bytes(init.hash.bytes.begin(), init.hash.bytes.end())) {
    return make_error("database in " + db_->path() +
                      " holds part of an interrupted init with a different genesis (" +
                      Hash::from_view(**marker).hex() + "); remove it or use another --datadir");
  }
  {
    auto batch = db_->make_batch();
    batch.put(Column::kMeta, as_view(schema::kGenesisInitKey), init.hash.view());
    PEL_TRY(db_->write(batch));
  }

  auto batch = db_->make_batch();
  auto flush_if_large = [&]() -> Status {
    if (batch.size_bytes() < kGenesisBatchBytes) return {};
    PEL_TRY(db_->write(batch));
    batch = db_->make_batch();
    return {};
  };
  for (const auto& [address, account] : state->accounts) {
    batch.put(Column::kAccounts, address.view(), schema::encode_account(account));
    const GenesisAccount& alloc = genesis.alloc.at(address);
    if (!alloc.code.empty()) batch.put(Column::kCode, account.code_hash.view(), alloc.code);
    for (const auto& [slot, value] : alloc.storage) {
      auto word = U256::from_be_bytes(value.view());
      if (!word || word->is_zero()) continue;
      batch.put(Column::kStorage, schema::storage_key(address, slot),
                schema::encode_slot_value(*word));
    }
    PEL_TRY(flush_if_large());
  }
  for (const TrieNodeRecord& node : state->nodes) {
    batch.put(Column::kTrieNodes, node.hash.view(), node.rlp);
    PEL_TRY(flush_if_large());
  }
  state->nodes.clear();
  state->nodes.shrink_to_fit();

  const BlockBody body = make_genesis_body(genesis);
  batch.put(Column::kHeaders, init.hash.view(), encode_block_header(init.header));
  batch.put(Column::kBodies, init.hash.view(), encode_block_body(body));
  batch.put(Column::kReceipts, init.hash.view(), schema::encode_receipts({}));
  batch.put(Column::kCanonical, schema::number_key(genesis.number), init.hash.view());
  batch.put(Column::kMeta, as_view(schema::kHeadKey),
            schema::encode_head({genesis.number, init.hash}));
  batch.erase(Column::kMeta, as_view(schema::kGenesisInitKey));
  PEL_TRY(db_->write(batch));

  set_head(ChainHead{genesis.number, init.hash, init.header});
  reset_account_trie();
  init.created = true;
  return init;
}

}  // namespace pel
