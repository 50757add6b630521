#include "state/trie_node.hpp"

#include "core/rlp.hpp"

namespace pel::trie_detail {
namespace {

Result<NodePtr> decode_child(BytesView item) {
  auto header = rlp::Decoder(item).peek_header();
  if (!header) return header.error();
  if (header->is_list) {
    if (item.size() >= 32) return make_error("trie: embedded node of 32 bytes or more");
    return decode_node(item);
  }
  rlp::Decoder decoder(item);
  auto payload = decoder.read_bytes();
  if (!payload) return payload.error();
  if (payload->empty()) return NodePtr{};
  if (payload->size() != 32)
    return make_error("trie: child reference is neither a hash nor a node");
  return NodePtr(std::make_unique<StubNode>(Hash::from_view(*payload)));
}

Result<Bytes> read_value(BytesView item) {
  rlp::Decoder decoder(item);
  auto payload = decoder.read_bytes();
  if (!payload) return payload.error();
  return Bytes(payload->begin(), payload->end());
}

Result<NodePtr> decode_short(BytesView path_item, BytesView second) {
  rlp::Decoder path_decoder(path_item);
  auto encoded_path = path_decoder.read_bytes();
  if (!encoded_path) return encoded_path.error();
  auto path = decode_hex_prefix(*encoded_path);
  if (!path) return path.error();
  if (path->is_leaf) {
    auto value = read_value(second);
    if (!value) return value.error();
    if (value->empty()) return make_error("trie: leaf with an empty value");
    return NodePtr(std::make_unique<LeafNode>(std::move(path->path), std::move(*value)));
  }
  if (path->path.empty()) return make_error("trie: extension with an empty path");
  auto child = decode_child(second);
  if (!child) return child.error();
  if (!*child) return make_error("trie: extension without a child");
  return NodePtr(std::make_unique<ExtensionNode>(std::move(path->path), std::move(*child)));
}

Result<NodePtr> decode_branch(const std::array<BytesView, 17>& items) {
  auto branch = std::make_unique<BranchNode>();
  for (size_t i = 0; i < 16; ++i) {
    auto child = decode_child(items[i]);
    if (!child) return child.error();
    branch->children[i] = std::move(*child);
  }
  auto value = read_value(items[16]);
  if (!value) return value.error();
  branch->value = std::move(*value);
  return NodePtr(std::move(branch));
}

}  // namespace

Result<NodePtr> decode_node(BytesView rlp, const TrieNodeRef* known_ref) {
  auto list = rlp::decode_list(rlp);
  if (!list) return list.error();
  std::array<BytesView, 17> items;
  size_t count = 0;
  while (!list->empty()) {
    if (count == items.size()) return make_error("trie: node with more than 17 items");
    auto item = list->read_raw();
    if (!item) return item.error();
    items[count++] = *item;
  }
  Result<NodePtr> node = make_error("trie: node with " + std::to_string(count) + " items");
  if (count == 2) node = decode_short(items[0], items[1]);
  if (count == 17) node = decode_branch(items);
  if (!node) return node;
  (*node)->ref = known_ref != nullptr ? *known_ref : make_ref(rlp);
  (*node)->ref_valid = true;
  (*node)->persisted = true;
  return node;
}

}  // namespace pel::trie_detail
