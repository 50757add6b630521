#include "node/state_account_reader.hpp"

#include <cassert>

namespace pel {

StateAccountReader::StateAccountReader(const ChainStore& chain) : chain_(chain) {
  refresh();
}

void StateAccountReader::refresh() {
  std::shared_ptr<const FlatStateView> view = chain_.head_state();
  assert(view != nullptr);  // the node initializes the genesis before it builds a reader
  std::lock_guard lock(mutex_);
  view_ = std::move(view);
}

std::shared_ptr<const FlatStateView> StateAccountReader::view() const {
  std::lock_guard lock(mutex_);
  return view_;
}

TxPoolAccount StateAccountReader::account(const Address& address) const {
  std::shared_ptr<const FlatStateView> view = this->view();
  auto account = view->account(address);
  // A read error leaves the account as absent (nonce 0, no balance): a submission is
  // then refused for funds rather than accepted on a guess.
  if (!account || !account->has_value()) return {};
  return TxPoolAccount{(*account)->nonce, (*account)->balance};
}

}  // namespace pel
