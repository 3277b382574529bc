#include "emulator/vm/iolist_segments.h"

#include "emulator/vm/bif_util.h"

namespace ling::vm {

bool IolistSegments::Build(Term iodata) {
  if (IsBinary(iodata) && IsAlignedBinary(iodata)) {
    std::span<const uint8_t> bytes = BinaryBytes(iodata);
    if (!bytes.empty()) {
      segments_.push_back(bytes);
      refc_.push_back(RefcData(BitstringOriginal(iodata)));
    }
    return true;
  }
  bool iodata_ok = WalkIolist(
      iodata, [this](uint8_t byte) { CopyByte(byte); },
      [this](Term binary) { return AddBinary(binary); });
  if (!iodata_ok) return false;
  PlaceCopies();
  return true;
}

bool IolistSegments::AddBinary(Term binary) {
  if (!IsBinary(binary)) return false;  // not whole bytes
  if (!IsAlignedBinary(binary)) {
    Copy(BitstringBytes(binary, unaligned_));
    return true;
  }
  std::span<const uint8_t> bytes = BinaryBytes(binary);
  if (bytes.size() < kSmallIoBinLimit) {
    Copy(bytes);
    return true;
  }
  segments_.push_back(bytes);
  refc_.push_back(RefcData(BitstringOriginal(binary)));
  last_copied_ = false;
  return true;
}

void IolistSegments::Copy(std::span<const uint8_t> bytes) {
  if (bytes.empty()) return;
  copied_.insert(copied_.end(), bytes.begin(), bytes.end());
  Copied(bytes.size());
}

void IolistSegments::CopyByte(uint8_t byte) {
  copied_.push_back(byte);
  Copied(1);
}

void IolistSegments::Copied(size_t n) {
  if (last_copied_) {
    run_sizes_.back() += n;
    return;
  }
  segments_.emplace_back();
  refc_.push_back(nullptr);
  run_sizes_.push_back(n);
  last_copied_ = true;
}

void IolistSegments::PlaceCopies() {
  const uint8_t* at = copied_.data();
  size_t run = 0;
  for (std::span<const uint8_t>& s : segments_) {
    if (!s.empty()) continue;
    s = {at, run_sizes_[run]};
    at += run_sizes_[run++];
  }
}

}  // namespace ling::vm
