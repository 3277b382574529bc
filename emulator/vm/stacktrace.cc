#include "emulator/vm/stacktrace.h"

#include <algorithm>
#include <atomic>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "runtime/base/check.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/build.h"
#include "runtime/term/map.h"

namespace ling::vm {
namespace {

Term AddressTerm(const Word* address) {
  return MakeSmall(static_cast<int64_t>(reinterpret_cast<uintptr_t>(address)));
}
const Word* AddressOf(Term t) {
  return reinterpret_cast<const Word*>(static_cast<uintptr_t>(SmallValue(t)));
}

// Words a fault's first frame takes: {M, F, Args, Location} or
// {Address, Args}, with the Args list and a BIF's error_info location.
constexpr size_t kErrorInfoWords = 2 + 3 + 3 + 4;  // [ {error_info, #{module => ...}} ]
size_t FaultWords(const Fault& fault) {
  size_t args = 2 * fault.args.size();
  switch (fault.kind) {
    case Fault::Kind::kAt:
      return 0;
    case Fault::Kind::kArgs:
      return args + (fault.error_info != kNonValue ? 4 : 3);
    case Fault::Kind::kCall:
      return args + 5 + (fault.bif_error_info ? kErrorInfoWords : 0);
  }
  return 0;
}

// [{error_info, #{module => erl_erts_errors}}]: where erl_erts_errors
// explains a BIF's failure.
Term ErrorInfo(TermAllocator& heap) {
  static const Term kErrorInfo = InternAtom("error_info");
  static const Term kModule = InternAtom("module");
  static const Term kErlErtsErrors = InternAtom("erl_erts_errors");
  const std::pair<Term, Term> entry[] = {{kModule, kErlErtsErrors}};
  return MakeCons(heap, MakeTuple(heap, {kErrorInfo, MakeMap(heap, entry)}), kNil);
}

Term FirstFrame(TermAllocator& heap, const Fault& fault, std::span<const Term> args,
                const Word* pc) {
  Term list = fault.arg_list != kNonValue ? fault.arg_list : MakeList(heap, args);
  if (fault.kind == Fault::Kind::kArgs) {
    if (fault.error_info != kNonValue) {
      return MakeTuple(heap, {AddressTerm(pc), list, fault.error_info});
    }
    return MakeTuple(heap, {AddressTerm(pc), list});
  }
  Term location = fault.bif_error_info ? ErrorInfo(heap) : kNil;
  return MakeTuple(heap, {fault.module, fault.function, list, location});
}

// [{file, "m.erl"}, {line, N}] or [], then {error_info, E} if given.
Term Location(TermAllocator& heap, const CodeLocation& where, Term error_info) {
  static const Term kFile = InternAtom("file");
  static const Term kLine = InternAtom("line");
  static const Term kErrorInfo = InternAtom("error_info");
  std::vector<Term> items;
  if (where.line != 0) {
    items.push_back(MakeTuple(heap, {kFile, MakeString(heap, where.file)}));
    items.push_back(MakeTuple(heap, {kLine, MakeSmall(where.line)}));
  }
  if (error_info != kNonValue) items.push_back(MakeTuple(heap, {kErrorInfo, error_info}));
  return MakeList(heap, items);
}

std::atomic<size_t> backtrace_depth{kDefaultBacktraceDepth};

// Appends to `frames`, up to `depth` of them, the callers: the return
// address in `cp` and every continuation word on the stack (catches and
// terms are not code pointers: their primary tag is not 00). As in BEAM, a
// caller returning to the same place as the one before (`previous` first)
// is left out, so a deep recursion shows once.
template <typename Frames>
void AddCallers(const ProcessMemory& memory, const Word* previous, const Word* cp, size_t depth,
                Frames& frames) {
  auto add_caller = [&](const Word* return_address) {
    const Word* call = return_address - 1;
    if (call == previous || frames.size() >= depth) return;
    frames.push_back(AddressTerm(call));
    previous = call;
  };
  if (cp != nullptr) add_caller(cp);
  for (const Word* p = memory.stop; p < memory.stack_end(); ++p) {
    if ((*p & tag::kPrimaryMask) == tag::kHeader) add_caller(reinterpret_cast<const Word*>(*p));
  }
}

}  // namespace

size_t BacktraceDepth() {
  return backtrace_depth.load(std::memory_order_relaxed);
}

size_t SetBacktraceDepth(size_t depth) {
  return backtrace_depth.exchange(std::min(depth, kMaxBacktraceDepth), std::memory_order_relaxed);
}

Term CaptureTrace(ProcessMemory& memory, Term cls, Term* reason, const Fault& fault, const Word* pc,
                  const Word* cp) {
  // As on BEAM, the first frame is kept even at depth 0.
  const size_t depth = std::max<size_t>(BacktraceDepth(), 1);
  // The reason and the arguments are roots while making room.
  // Every raise passes here (throw is control flow too): no heap allocation
  // for the usual few arguments and frames.
  absl::InlinedVector<Term, 8> roots;
  roots.push_back(*reason);
  roots.push_back(fault.error_info);
  roots.insert(roots.end(), fault.args.begin(), fault.args.end());
  memory.EnsureFree(FaultWords(fault) + 2 * depth + 3 + 4, roots.data(),
                    static_cast<int>(roots.size()));
  *reason = roots[0];
  Term error_info = roots[1];
  std::span<const Term> args(roots.data() + 2, fault.args.size());

  absl::InlinedVector<Term, kDefaultBacktraceDepth + 1> frames;
  if (fault.kind != Fault::Kind::kAt) frames.push_back(FirstFrame(memory, fault, args, pc));
  // The failing function's own frame, unless the first one is it.
  if (fault.kind == Fault::Kind::kAt && error_info != kNonValue) {
    frames.push_back(MakeTuple(memory, {AddressTerm(pc), atoms::kUndefined, error_info}));
  } else if (fault.kind == Fault::Kind::kAt ||
             (fault.kind == Fault::Kind::kCall && fault.frame_at_pc)) {
    frames.push_back(AddressTerm(pc));
  }
  AddCallers(memory, pc, cp, depth, frames);
  if (frames.size() > depth) frames.resize(depth);
  return MakeTuple(memory, {cls, MakeList(memory, frames)});
}

Term CurrentStacktrace(TermAllocator& heap, const ProcessMemory& memory, const CodeIndex* index,
                       const Word* pc, const Word* cp) {
  std::vector<Term> frames = {AddressTerm(pc)};
  AddCallers(memory, pc, cp, std::max<size_t>(BacktraceDepth(), 1), frames);
  return BuildStacktrace(heap, index, MakeTuple(heap, {atoms::kError, MakeList(heap, frames)}));
}

Term BuildStacktrace(TermAllocator& heap, const CodeIndex* index, Term raw) {
  if (!IsTuple(raw) || TupleArity(raw) != 2) return kNil;
  std::vector<Term> built;
  for (Term frames = TupleElement(raw, 1); IsList(frames); frames = Tail(frames)) {
    Term frame = Head(frames);
    bool in_tuple = IsTuple(frame) && (TupleArity(frame) == 2 || TupleArity(frame) == 3);
    Term address = in_tuple ? TupleElement(frame, 0) : frame;
    if (!IsSmall(address)) {  // final already (or given to erlang:raise/3)
      built.push_back(frame);
      continue;
    }
    if (index == nullptr) continue;
    std::optional<CodeLocation> where = index->Find(AddressOf(address));
    if (!where) continue;  // not Erlang code: the end of the first call
    bool with_args = in_tuple && TupleElement(frame, 1) != atoms::kUndefined;
    Term arity = with_args ? TupleElement(frame, 1) : MakeSmall(where->arity);
    Term error_info = in_tuple && TupleArity(frame) == 3 ? TupleElement(frame, 2) : kNonValue;
    built.push_back(MakeTuple(
        heap, {where->module, where->function, arity, Location(heap, *where, error_info)}));
  }
  return MakeList(heap, built);
}

}  // namespace ling::vm
