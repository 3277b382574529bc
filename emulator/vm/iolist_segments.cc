#include "emulator/vm/iolist_segments.h"

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
  // Tails still to walk, innermost last: no recursion for deep nesting.
  absl::InlinedVector<Term, 16> pending{iodata};
  while (!pending.empty()) {
    Term rest = pending.back();
    pending.pop_back();
    while (IsList(rest)) {
      Term head = Head(rest);
      rest = Tail(rest);
      if (IsSmall(head)) {
        if (SmallValue(head) < 0 || SmallValue(head) > 255) return false;
        CopyByte(static_cast<uint8_t>(SmallValue(head)));
      } else if (IsList(head)) {
        pending.push_back(rest);
        rest = head;
      } else if (IsBitstring(head)) {
        if (!AddBinary(head)) return false;
      } else if (!IsNil(head)) {
        return false;
      }
    }
    if (IsBitstring(rest)) {
      if (!AddBinary(rest)) return false;
    } else if (!IsNil(rest)) {
      return false;
    }
  }
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
