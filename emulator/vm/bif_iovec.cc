// erlang:iolist_to_iovec/1: an iolist as a list of binaries whose bytes,
// in order, are the iolist's.
//
// Only the bytes are the contract; how they are cut into binaries follows
// BEAM's policy, so that ling hands drivers and files similar pieces:
// bytes and binaries under kSmall bytes are copied together into an
// accumulator; a binary of kSmall bytes or more is passed on as it is
// (no copy) when the accumulator is empty or already kSmall bytes long;
// otherwise it fills the accumulator up to kSmall bytes and its rest is
// passed on as a sub-binary, unless the two together are under 2 * kSmall
// bytes (then all of it is copied). An accumulator is let grow, doubling,
// to kMaxAccumulator bytes; past that it is passed on and a new one begun.
//
// Concurrency: as every BIF, on the calling process's terms only.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "emulator/vm/bif.h"
#include "emulator/vm/bif_util.h"
#include "runtime/term/atoms.h"
#include "runtime/term/binary.h"
#include "runtime/term/build.h"

namespace ling::vm {
namespace {

constexpr size_t kSmall = 256;  // BEAM: four times its heap binary limit
constexpr size_t kMaxAccumulator = 32 * kSmall;

class IovecBuilder {
 public:
  explicit IovecBuilder(TermAllocator& heap) : heap_(heap) {}

  // Walks `iolist` (a list or a binary), as BEAM does: depth first, each
  // run of bytes in one list taken at once. False if it is not an iolist
  // of binaries.
  bool Walk(Term iolist) {
    std::vector<Term> rest;  // the tails still to walk, innermost last
    Term it = iolist;
    for (;;) {
      while (IsList(it)) {
        Term head = Head(it);
        if (IsSmall(head)) {
          if (!TakeBytes(it)) return false;
        } else if (IsBitstring(head)) {
          if (!IsBinary(head)) return false;
          Binary(head);
          it = Tail(it);
        } else if (IsList(head) || IsNil(head)) {
          if (!IsNil(Tail(it))) rest.push_back(Tail(it));
          it = head;
        } else {
          return false;
        }
      }
      if (IsBitstring(it)) {
        if (!IsBinary(it)) return false;
        Binary(it);
      } else if (!IsNil(it)) {
        return false;
      }
      if (rest.empty()) return true;
      it = rest.back();
      rest.pop_back();
    }
  }

  Term Finish() {
    Flush();
    return MakeList(heap_, out_);
  }

 private:
  // The run of small integers at the front of the list `it` (at least
  // one), each a byte; `it` moves past them.
  bool TakeBytes(Term& it) {
    size_t n = 0;
    for (Term t = it; IsList(t) && IsSmall(Head(t)); t = Tail(t))
      ++n;
    Reserve(n);
    for (; n > 0; --n, it = Tail(it)) {
      int64_t b = SmallValue(Head(it));
      if (b < 0 || b > 255) return false;
      acc_.push_back(static_cast<char>(b));
    }
    return true;
  }

  void Binary(Term bin) {
    std::span<const uint8_t> bytes = BitstringBytes(bin, scratch_);
    size_t size = bytes.size();
    if (size == 0) return;
    if (size >= kSmall && (acc_.empty() || acc_.size() >= kSmall)) {
      Flush();
      out_.push_back(bin);
    } else if (size < kSmall || acc_.size() + size < 2 * kSmall) {
      Reserve(size);
      acc_.append(Chars(bytes));
    } else {
      size_t spill = kSmall - acc_.size();
      Reserve(spill);
      acc_.append(Chars(bytes.first(spill)));
      Flush();
      out_.push_back(MakeSubBitstring(heap_, bin, spill * 8, (size - spill) * 8));
    }
  }

  // BEAM's accumulator: at least kSmall bytes, doubled as it fills, until
  // kMaxAccumulator, beyond which a full one is passed on instead.
  void Reserve(size_t extra) {
    size_t required = acc_.size() + extra;
    if (capacity_ == 0) {
      capacity_ = std::max(required, kSmall);
    } else if (required > capacity_) {
      if (capacity_ >= kMaxAccumulator) {
        Flush();
        Reserve(extra);
        return;
      }
      capacity_ = std::max(required, capacity_ * 2);
    }
  }

  void Flush() {
    if (acc_.empty()) return;
    out_.push_back(MakeBinary(heap_, acc_));
    acc_.clear();
    capacity_ = 0;
  }

  TermAllocator& heap_;
  std::string acc_;
  size_t capacity_ = 0;
  std::vector<Term> out_;
  std::vector<uint8_t> scratch_;  // a binary's bytes when they start mid-byte
};

Term BifIolistToIovec(BifContext& ctx, const Term* args) {
  Term iolist = args[0];
  if (!IsList(iolist) && !IsNil(iolist) && !IsBitstring(iolist)) return ctx.Fail(atoms::kBadarg);
  IovecBuilder builder(ctx.memory);
  if (!builder.Walk(iolist)) return ctx.Fail(atoms::kBadarg);
  return builder.Finish();
}

constexpr BifEntry kIovecBifs[] = {
    {"erlang", "iolist_to_iovec", 1, BifIolistToIovec},
};

}  // namespace

std::span<const BifEntry> IovecBifs() {
  return kIovecBifs;
}

}  // namespace ling::vm
