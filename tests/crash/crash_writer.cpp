// Commits blocks to the chain store in DATADIR until killed, appending each
// committed block's number to PROGRESS_FILE after its commit returned (so the
// test knows which blocks were acknowledged before it killed this process).
//
//   crash_writer DATADIR PROGRESS_FILE
#include <cstdio>
#include <fstream>
#include <iostream>

#include "tests/crash/crash_genesis.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: crash_writer DATADIR PROGRESS_FILE\n";
    return 2;
  }
  auto store = pel::ChainStore::open_with_genesis(argv[1], pel::crash::genesis());
  if (!store) {
    std::cerr << "crash_writer: " << store.error().message << "\n";
    return 1;
  }
  std::ofstream progress(argv[2], std::ios::app);
  for (;;) {
    const pel::ChainHead head = *(*store)->head();
    pel::crash::BlockContents contents = pel::crash::next_block(head);
    auto committed = (*store)->commit_block(std::move(contents.block), std::move(contents.receipts),
                                            contents.changes, pel::RootsMode::kFill);
    if (!committed) {
      std::cerr << "crash_writer: " << committed.error().message << "\n";
      return 1;
    }
    progress << committed->header.number << "\n" << std::flush;
  }
}
