// make_ref/0 and unique_integer/0,1: values no other call on the node gives,
// from any process on any scheduler thread.
//
// References come from NewMonitorRef (runtime/term/reference.h), which also
// numbers monitors and ports' requests: a make_ref() never equals any of
// those either, as in BEAM.
//
// Unique integers come from one atomic counter shared by every variant: the
// N-th value (from 0) is N - 2^59 (erl likewise starts at its smallest small
// integer, so the first 2^60 are small), or N + 1 with `positive`. Being one
// counter, every value is also monotonic: the adds on one atomic are totally
// ordered, so a call that happens after another (in the same process, or
// after a message from it) gets a greater value. The price is a shared
// atomic add per call where BEAM keeps a counter per scheduler for the
// non-monotonic ones: worth splitting only if contention shows up.
#include <atomic>
#include <cstdint>
#include <optional>
#include <span>

#include "emulator/vm/bif.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/bignum.h"
#include "runtime/term/reference.h"

namespace ling::vm {
namespace {

std::atomic<uint64_t> unique_counter{0};

// unique_integer/1's options: a proper list of positive and monotonic, each
// any number of times; nullopt for anything else (badarg). Monotonic needs
// nothing more (see above), so only `positive` is kept.
std::optional<bool> IsPositive(Term options) {
  // Interned once; bif_util.h's shared BifAtoms is not needed for two atoms
  // no other file uses.
  static const Term kPositive = InternAtom("positive");
  static const Term kMonotonic = InternAtom("monotonic");
  bool positive = false;
  for (; IsList(options); options = Tail(options)) {
    if (Head(options) == kPositive) {
      positive = true;
    } else if (Head(options) != kMonotonic) {
      return std::nullopt;
    }
  }
  if (!IsNil(options)) return std::nullopt;
  return positive;
}

Term UniqueInteger(BifContext& ctx, bool positive) {
  // Relaxed suffices: the counter orders nothing but itself.
  uint64_t n = unique_counter.fetch_add(1, std::memory_order_relaxed);
  if (positive) return MakeUnsignedInteger(ctx.memory, n + 1);
  // N - 2^59 leaves int64 only after 2^63 - 2^59 calls: centuries.
  return MakeInteger(ctx.memory, static_cast<int64_t>(n) + kSmallMin);
}

Term BifMakeRef(BifContext& ctx, const Term*) {
  return MakeReference(ctx.memory);
}

Term BifUniqueInteger0(BifContext& ctx, const Term*) {
  return UniqueInteger(ctx, /*positive=*/false);
}

Term BifUniqueInteger1(BifContext& ctx, const Term* args) {
  std::optional<bool> positive = IsPositive(args[0]);
  if (!positive) return ctx.Fail(atoms::kBadarg);
  return UniqueInteger(ctx, *positive);
}

constexpr BifEntry kUniqueBifs[] = {
    {"erlang", "make_ref", 0, BifMakeRef},
    {"erlang", "unique_integer", 0, BifUniqueInteger0},
    {"erlang", "unique_integer", 1, BifUniqueInteger1},
};

}  // namespace

std::span<const BifEntry> UniqueBifs() {
  return kUniqueBifs;
}

}  // namespace ling::vm
