// The BIFs through which OTP's own tests look inside the VM, where ling can
// answer them truthfully: erts_debug:same/2 (the same term in memory, not
// just an equal one), erts_debug:flat_size/1 (the heap words a copy of the
// term takes), erts_internal:cmp_term/2 (the exact term order as -1, 0, 1)
// and erts_internal:term_type/1 (the term's representation, by erts's names;
// ling's terms are laid out as BEAM's, tag for tag).
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

constexpr BifEntry kErtsDebugBifs[] = {
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
