// The BIFs through which OTP's own tests look inside the VM, where ling can
// answer them truthfully: erts_debug:same/2 (the same term in memory, not
// just an equal one), erts_debug:flat_size/1 (the heap words a copy of the
// term takes), erts_internal:cmp_term/2 (the exact term order as -1, 0, 1)
// and erts_internal:term_type/1 (the term's representation, by erts's names;
// ling's terms are laid out as BEAM's, tag for tag); and of erts_debug's
// internal states, the switch and the process's reductions left
// (reds_left), as erts raises for the rest: undef until the switch is on,
// badarg for an item ling does not keep.
#include <atomic>

#include "emulator/vm/bif.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/compare.h"
#include "runtime/term/copy.h"

namespace ling::vm {
namespace {

Term BifSame(BifContext& ctx, const Term* args) {
  return args[0].raw() == args[1].raw() ? atoms::kTrue : atoms::kFalse;
}

Term BifFlatSize(BifContext& ctx, const Term* args) {
  return MakeSmall(static_cast<int64_t>(FlatSize(args[0])));
}

// The exact order (map keys'): every integer before every float, 2 < 1.0.
Term BifCmpTerm(BifContext& ctx, const Term* args) {
  int c = CompareExact(args[0], args[1]);
  return MakeSmall(c < 0 ? -1 : c > 0 ? 1 : 0);
}

Term BoxedType(Term t) {
  switch (HeaderSubtag(*BoxedPointer(t))) {
    case tag::Subtag::kTuple:
      return InternAtom("tuple");
    case tag::Subtag::kPositiveBignum:
    case tag::Subtag::kNegativeBignum:
      return InternAtom("bignum");
    case tag::Subtag::kReference:
      return InternAtom("reference");
    case tag::Subtag::kFun:
      return InternAtom("fun");
    case tag::Subtag::kFloat:
      return InternAtom("hfloat");
    case tag::Subtag::kExport:
      return InternAtom("export");
    case tag::Subtag::kRefcBinary:
      return InternAtom("refc_binary");
    case tag::Subtag::kHeapBinary:
      return InternAtom("heap_binary");
    case tag::Subtag::kSubBinary:
      return InternAtom("sub_binary");
    case tag::Subtag::kMap:
      return InternAtom("flatmap");
    case tag::Subtag::kHashmap:
      return InternAtom("hashmap");
    case tag::Subtag::kHashmapNode:
      return InternAtom("hashmap_node");
    case tag::Subtag::kMatchContext:
      break;  // lives in registers only: never an argument
  }
  return kNonValue;
}

Term BifTermType(BifContext& ctx, const Term* args) {
  Term t = args[0];
  if (IsSmall(t)) return InternAtom("fixnum");
  if (IsAtom(t)) return InternAtom("atom");
  if (IsNil(t)) return InternAtom("nil");
  if (IsPid(t)) return InternAtom("pid");
  if (IsPort(t)) return InternAtom("port");
  if (IsList(t)) return InternAtom("list");
  Term type = IsBoxed(t) ? BoxedType(t) : kNonValue;
  return type != kNonValue ? type : ctx.Fail(atoms::kBadarg);
}

// erts_debug:set_internal_state(available_internal_state, true) turns the
// other items on: for the whole program, as erts's switch is for the VM.
std::atomic<bool> internal_state_available{false};

Term AvailableInternalState() {
  static const Term atom = InternAtom("available_internal_state");
  return atom;
}
Term RedsLeft() {
  static const Term atom = InternAtom("reds_left");
  return atom;
}

Term BifGetInternalState(BifContext& ctx, const Term* args) {
  if (!internal_state_available.load()) return ctx.Fail(atoms::kUndef);
  if (args[0] == AvailableInternalState()) return atoms::kTrue;
  if (args[0] == RedsLeft()) return MakeSmall(ctx.reductions_left);
  return ctx.Fail(atoms::kBadarg);
}

// Answers the switch's previous position, erts's true for the rest.
Term BifSetInternalState(BifContext& ctx, const Term* args) {
  if (args[0] == AvailableInternalState() &&
      (args[1] == atoms::kTrue || args[1] == atoms::kFalse)) {
    return internal_state_available.exchange(args[1] == atoms::kTrue) ? atoms::kTrue
                                                                      : atoms::kFalse;
  }
  if (!internal_state_available.load()) return ctx.Fail(atoms::kUndef);
  if (args[0] == RedsLeft() && IsSmall(args[1]) && SmallValue(args[1]) >= 0) {
    ctx.reductions_left = SmallValue(args[1]);
    return atoms::kTrue;
  }
  return ctx.Fail(atoms::kBadarg);
}

constexpr BifEntry kErtsDebugBifs[] = {
    {"erts_debug", "get_internal_state", 1, BifGetInternalState},
    {"erts_debug", "set_internal_state", 2, BifSetInternalState},
    {"erts_debug", "same", 2, BifSame},
    {"erts_debug", "flat_size", 1, BifFlatSize},
    {"erts_internal", "cmp_term", 2, BifCmpTerm},
    {"erts_internal", "term_type", 1, BifTermType},
};

}  // namespace

std::span<const BifEntry> ErtsDebugBifs() {
  return kErtsDebugBifs;
}

}  // namespace ling::vm
