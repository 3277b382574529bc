#include "emulator/vm/interpreter.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <optional>
#include <utility>

#include "absl/base/optimization.h"
#include "absl/container/inlined_vector.h"
#include "emulator/vm/bif.h"
#include "emulator/vm/export_table.h"
#include "emulator/vm/specialise.h"
#include "emulator/vm/stacktrace.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/bignum.h"
#include "runtime/term/binary.h"
#include "runtime/term/bit_build.h"
#include "runtime/term/bit_match.h"
#include "runtime/term/build.h"
#include "runtime/term/compare.h"
#include "runtime/term/fun.h"
#include "runtime/term/map.h"

namespace ling::vm {
namespace {

const void* const* g_handlers = nullptr;

// The interpreter's hot state lives in registers reserved for it in this
// file (GCC's global register variables). Left to itself, GCC spills the
// heap top, the return address and the reduction count out of the
// computed-goto loop, which puts a store and a load on every call, return
// and allocation (tak and nrev ran 6-11% slower). All five are callee-saved,
// so the code Interpret calls elsewhere keeps them; no function of this file
// writes them but Interpret, and Run saves and restores them around it for
// its caller. No lambda reading them may be handed to code of another file
// (there they hold that code's values). x86-64 with GCC and the frame
// pointer omitted (rbp is one of them): the project's toolchain.
#if !defined(__x86_64__) || !defined(__GNUC__) || defined(__clang__)
#error "the interpreter reserves x86-64 registers through GCC's global register variables"
#endif
register uint64_t* htop asm("r12");
register const Word* cp asm("r13");
register Word* E asm("r14");  // the current frame
register Term* x asm("r15");  // the x registers (Machine::x)
// Counts down to exactly 0 (the test at calls uses the decrement's flags).
register int64_t reds asm("rbp");

// Interpret's registers as they were before it ran, and again after.
class SavedRegisters {
 public:
  SavedRegisters() : htop_(htop), cp_(cp), E_(E), x_(x), reds_(reds) {}
  ~SavedRegisters() {
    htop = htop_;
    cp = cp_;
    E = E_;
    x = x_;
    reds = reds_;
  }
  SavedRegisters(const SavedRegisters&) = delete;
  SavedRegisters& operator=(const SavedRegisters&) = delete;

 private:
  uint64_t* const htop_;
  const Word* const cp_;
  Word* const E_;
  Term* const x_;
  const int64_t reds_;
};

// A raw word as the code pointer it holds.
inline const Word* CodeAt(Word w) {
  return reinterpret_cast<const Word*>(w);
}

// A catch term: the handler's code pointer in an immediate-2 word tagged
// catch (term.h reserves the tag for the emulator); the collector leaves
// immediates alone, and code pointers fit in 58 bits.
Term MakeCatch(const Word* handler) {
  return Term::FromRaw((reinterpret_cast<uint64_t>(handler) << tag::kImmediate2Bits) | tag::kCatch);
}
bool IsCatch(Term t) {
  return (t.raw() & tag::kImmediate2Mask) == tag::kCatch;
}
const Word* CatchHandler(Term t) {
  return CodeAt(t.raw() >> tag::kImmediate2Bits);
}

// Arithmetic that BEAM's JIT (OTP 25) compiles inline, whose failure has no
// frame for the BIF in the stack trace. Measured on erl: a register plus a
// small integer (either order), a register minus a small integer >= 0, and
// float division on registers and small integers. A sum of two registers,
// a difference from a constant, a bignum constant, or a negative one subtracted
// call the BIF, which has a frame. The operands' source words are `a`, `b`.
bool InlinedArithmetic(const Export& bif, Word a, Word b) {
  static const Term kPlus = InternAtom("+"), kMinus = InternAtom("-"), kDivide = InternAtom("/");
  if (bif.module != atoms::kErlang || bif.arity != 2) return false;
  auto small = [](Word w) { return !IsRegisterWord(w) && IsSmall(Term::FromRaw(w)); };
  bool a_is_register = IsRegisterWord(a), b_is_register = IsRegisterWord(b);
  if (bif.function == kPlus) return (a_is_register && small(b)) || (small(a) && b_is_register);
  if (bif.function == kMinus) {
    return a_is_register && small(b) && SmallValue(Term::FromRaw(b)) >= 0;
  }
  return bif.function == kDivide && (a_is_register || b_is_register) &&
         (a_is_register || small(a)) && (b_is_register || small(b));
}

// A BIF's failure: its own frame comes first in the stack trace, with its
// arguments -- unless it is one of the BIFs whose job is to raise. Of
// those, erlang:error(Reason, Args[, Options]) shows its caller with Args
// (and the error_info Options give).
Fault BifFault(const Export& bif, std::span<const Term> args) {
  static const Term kRaise = InternAtom("raise");
  Term f = bif.function;
  bool raises = bif.module == atoms::kErlang &&
                (f == atoms::kError || f == atoms::kExit || f == atoms::kThrow || f == kRaise);
  if (raises && f == atoms::kError && bif.arity >= 2 && (IsList(args[1]) || args[1] == kNil)) {
    static const Term kErrorInfo = InternAtom("error_info");
    Fault caller_with_args;
    caller_with_args.kind = Fault::Kind::kArgs;
    caller_with_args.arg_list = args[1];
    // error/3's options: {error_info, Map} goes into the location; an
    // error_info that is not a map is ignored, as erts does.
    for (Term o = bif.arity == 3 ? args[2] : kNil; IsList(o); o = Tail(o)) {
      Term opt = Head(o);
      if (IsTuple(opt) && TupleArity(opt) == 2 && TupleElement(opt, 0) == kErrorInfo &&
          IsMap(TupleElement(opt, 1))) {
        caller_with_args.error_info = TupleElement(opt, 1);
      }
    }
    return caller_with_args;
  }
  if (raises) return Fault{};
  return {Fault::Kind::kCall, bif.module, bif.function, args, /*bif_error_info=*/true};
}

// Erlang's largest receive timeout: 2^32 - 1 milliseconds (erts's
// ERTS_TIMER_MAX_MS is larger on 64-bit, but the documented bound of a
// receive's `after` is this one). Larger values raise timeout_value.
constexpr int64_t kMaxTimeoutMs = (int64_t{1} << 32) - 1;

bool IsBoolean(Term t) {
  return t == atoms::kTrue || t == atoms::kFalse;
}

// Small integers are v * 16 + 15 in a word, so the tagged words add and
// subtract directly (taking the tag out of one) and the 64-bit overflow is
// the 60-bit range's: these compute the tagged sum and difference, true if
// it does not fit.
bool SmallSumOverflows(Term a, Term b, int64_t* tagged) {
  return __builtin_add_overflow(static_cast<int64_t>(a.raw()),
                                static_cast<int64_t>(b.raw() - tag::kSmall), tagged);
}
bool SmallDifferenceOverflows(Term a, Term b, int64_t* tagged) {
  return __builtin_sub_overflow(static_cast<int64_t>(a.raw()),
                                static_cast<int64_t>(b.raw() - tag::kSmall), tagged);
}

// Integer BIFs on two smalls, computed in the handler: false when the
// result is not a small or the BIF decides (division by zero, a negative
// shift), and the handler calls it.
bool FitsSmall(int64_t r) {
  return r >= kSmallMin && r <= kSmallMax;
}
bool SmallTimes(int64_t a, int64_t b, int64_t* r) {
  return !__builtin_mul_overflow(a, b, r) && FitsSmall(*r);
}
bool SmallDiv(int64_t a, int64_t b, int64_t* r) {
  return b != 0 && FitsSmall(*r = a / b);  // kSmallMin div -1 does not fit
}
bool SmallRem(int64_t a, int64_t b, int64_t* r) {
  return b != 0 && (*r = a % b, true);
}
bool SmallBand(int64_t a, int64_t b, int64_t* r) {
  return *r = a & b, true;
}
bool SmallBor(int64_t a, int64_t b, int64_t* r) {
  return *r = a | b, true;
}
bool SmallBxor(int64_t a, int64_t b, int64_t* r) {
  return *r = a ^ b, true;
}
bool SmallBsr(int64_t a, int64_t b, int64_t* r) {
  return b >= 0 && (*r = a >> (b < 63 ? b : 63), true);
}

// bs_add's A + B * Unit: a small, else the reason it fails (an atom):
// badarg for anything but two integers from 0, system_limit when they are
// (or the sum is) beyond the small range, as BEAM's 64-bit JIT.
Term BitSizeSum(Term a, Term b, uint64_t unit) {
  if (!IsInteger(a) || !IsInteger(b) || IntegerCompare(a, MakeSmall(0)) < 0 ||
      IntegerCompare(b, MakeSmall(0)) < 0) {
    return atoms::kBadarg;
  }
  uint64_t scaled, sum;
  if (!IsSmall(a) || !IsSmall(b) ||
      __builtin_mul_overflow(static_cast<uint64_t>(SmallValue(b)), unit, &scaled) ||
      __builtin_add_overflow(static_cast<uint64_t>(SmallValue(a)), scaled, &sum) ||
      sum > static_cast<uint64_t>(kSmallMax)) {
    return atoms::kSystemLimit;
  }
  return MakeSmall(static_cast<int64_t>(sum));
}

Term ReadSource(Word w, Word* E, Term* x) {
  if (!IsRegisterWord(w)) return Term::FromRaw(w);
  return Term::FromRaw(RegisterAt(w, E, x));
}

// Writes bs_create_bin's small integer segments (seven words each) from
// `first` up to `end` at `out`. Not inlined: the writer's code inside
// Interpret would crowd the registers its hot paths keep.
[[gnu::noinline]] void WriteSmallSegments(const NewAppend& out, const Word* first, const Word* end,
                                          Word* E, Term* x) {
  SegmentWordWriter writer(out.bytes, out.at);
  for (const Word* seg = first; seg < end; seg += 7) {
    writer.Add(static_cast<uint64_t>(SmallValue(ReadSource(seg[4], E, x))),
               static_cast<unsigned>(seg[6]), static_cast<uint32_t>(seg[3]));
  }
  writer.Finish();
}

void WriteDestination(Word w, Term t, Word* E, Term* x) {
  RegisterAt(w, E, x) = t.raw();
}

// BsGetFields: every field, or none (false: the match fails, nothing
// stored). Not inlined, as WriteSmallSegments.
[[gnu::noinline]] bool MatchFields(const Word* pc, Word* E, Term* x) {
  auto total = static_cast<unsigned>(pc[3]);
  std::optional<uint64_t> word = MatchWord(ReadSource(pc[2], E, x), total);
  if (!word.has_value()) return false;
  unsigned left = total;
  const Word* field = pc + 5;
  for (Word n = pc[4]; n > 0; --n, field += 2) {
    auto bits = static_cast<unsigned>(field[0] & kFieldBitsMask);
    left -= bits;
    if ((field[0] & kSkipField) != 0) continue;
    uint64_t raw = bits == 0 ? 0 : (*word >> left) & LowMask(bits);
    uint64_t value =
        SegmentWordValue(raw, bits, static_cast<uint32_t>(field[0] >> kFieldFlagsShift));
    WriteDestination(field[1], MakeSmall(static_cast<int64_t>(value)), E, x);
  }
  return true;
}

// A BIF's result `r`, moved into the block with x[0 .. live) when the BIF
// built into overflow chunks or made binaries past their limit: collecting
// now keeps a loop of BIF calls from piling chunks or dead binaries up. Also
// makes `need` words free after it, for an instruction whose code goes on
// building without a heap test (bs_create_bin's Alloc). The interpreter is
// swapped out around it.
Term Settle(ProcessMemory& memory, Term* x, Term r, int live, size_t need = 0) {
  if (r == kNonValue) return r;
  if (!memory.collection_due() && memory.free_words() >= need) return r;
  x[live] = r;
  memory.EnsureFree(need, x, live + 1);
  return x[live];
}

// The list of the arguments x[0 .. n) of a call that failed, on the heap,
// with `extra` more words free after it; x[0 .. live) survive.
Term ArgumentsList(ProcessMemory& memory, Term* x, uint32_t n, size_t extra, int live) {
  memory.EnsureFree(2 * n + extra, x, live);
  Term list = kNil;
  for (uint32_t i = n; i-- > 0; memory.htop += 2) {
    memory.htop[0] = x[i].raw();
    memory.htop[1] = list.raw();
    list = MakeList(memory.htop);
  }
  return list;
}

Term Tuple2(uint64_t* hp, Term a, Term b) {
  hp[0] = MakeHeader(tag::Subtag::kTuple, 2);
  hp[1] = a.raw();
  hp[2] = b.raw();
  return MakeBoxed(hp);
}

// {A, B} on the heap while raising, when no x register is live: A, B and
// `*reason` are the collector's roots besides the stack.
Term RaisedPair(ProcessMemory& memory, Term a, Term b, Term* reason) {
  Term roots[3] = {a, b, *reason};
  memory.EnsureFree(3, roots, 3);
  *reason = roots[2];
  Term pair = Tuple2(memory.htop, roots[0], roots[1]);
  memory.htop += 3;
  return pair;
}

RunResult Interpret(ErlangState* s, Machine* m, int reductions) {
  static const void* const kHandlers[] = {
#define LING_OP(name, operands) &&op_##name,
#include "emulator/vm/instructions.def"
#undef LING_OP
  };
  if (s == nullptr) {  // asked for the handler table only
    g_handlers = kHandlers;
    return {};
  }

  const Word* pc = s->pc;
  cp = s->cp;
  x = m->x.data();
  double* fr = m->fr.data();
  htop = s->memory.htop;
  E = s->memory.stop;
  reds = std::max(reductions, 1);
  Term reason = kNonValue;
  Term reason_class = atoms::kError;
  Term raw_trace = kNonValue;  // a raw stack trace being re-raised
  std::copy(s->saved_x.begin(), s->saved_x.end(), x);
  s->saved_x.clear();

#define DISPATCH() goto* reinterpret_cast<const void*>(*pc)
#define REDUCTIONS_USED() static_cast<int>(reductions - reds)
  // A test's two ways on, each with a dispatch of its own: one indirect
  // jump per outcome predicts better than one shared by both.
#define TEST_THEN(ok, size) \
  do {                      \
    if (ok) {               \
      pc += (size);         \
      DISPATCH();           \
    }                       \
    pc = CodeAt(pc[1]);     \
    DISPATCH();             \
  } while (0)
#define SWAPOUT() (s->memory.htop = htop, s->memory.stop = E)
#define SWAPIN() (htop = s->memory.htop, E = s->memory.stop)
  // The interpreter's state lives in registers (see above) and locals that
  // no closure or pointer reaches, so that the compiler keeps pc in one too:
  // the helpers below are macros over them, or functions given what they
  // need.
#define SRC(w) ReadSource((w), E, x)
#define STORE(w, t) WriteDestination((w), (t), E, x)
  // A source word read by a handler specialised on its form (specialise.cc):
  // an x register, a y register, a constant.
#define X_OPERAND(w) XRegisterAt(x, w)
#define Y_OPERAND(w) Term::FromRaw(YRegisterAt(E, w))
#define C_OPERAND(w) Term::FromRaw(w)
  // Makes `need` words free; x[0 .. live) survive a collection.
#define ENSURE(need, live)                                     \
  do {                                                         \
    if (ABSL_PREDICT_FALSE(htop + (need) > E)) {               \
      SWAPOUT();                                               \
      s->memory.EnsureFree((need), x, static_cast<int>(live)); \
      SWAPIN();                                                \
    }                                                          \
  } while (0)
  // The export entry a run-time call names, loading its module if that
  // has no code yet; nullptr if there is no such function.
  auto find_export = [m](Term module, Term function, uint32_t arity) -> Export* {
    if (Export* e = m->exports->Find(module, function, arity); e != nullptr) return e;
    if (m->host == nullptr || !m->host->EnsureLoaded(module)) return nullptr;
    return m->exports->Find(module, function, arity);
  };
  // A call whose callee was found at run time continues as `call_mode`
  // says; `next` is the instruction after the call.
#define ENTER(call_mode, next)      \
  do {                              \
    if ((call_mode) == kBodyCall) { \
      cp = (next);                  \
    } else if ((call_mode) != 0) {  \
      cp = CodeAt(E[0]);            \
      E += (call_mode);             \
    }                               \
  } while (0)
  // A proper list's elements into x[0 ..), its length into `arity`; false
  // for anything else (or a list longer than the registers).
  uint32_t arity;
  auto unpack_arguments = [&arity](Term list) {
    uint32_t n = 0;
    for (; IsList(list); list = Tail(list)) {
      if (n == 255) return false;
      x[n++] = Head(list);
    }
    arity = n;
    return list == kNil;
  };
  // Jumps to a function, or yields there when the slice is used up (its
  // `arity` argument registers are what is live).
#define CALL_TO(target, arity)                                     \
  do {                                                             \
    const Word* call_target = (target);                            \
    if (ABSL_PREDICT_FALSE(--reds == 0)) {                         \
      s->saved_x.assign(x, x + (arity));                           \
      s->pc = call_target;                                         \
      s->cp = cp;                                                  \
      SWAPOUT();                                                   \
      return {RunOutcome::kYielded, kNonValue, REDUCTIONS_USED()}; \
    }                                                              \
    pc = call_target;                                              \
    DISPATCH();                                                    \
  } while (0)
  // Raises error:{Tag, Value}.
#define RAISE_WITH(tag, value)                                    \
  do {                                                            \
    Term raised_value = (value);                                  \
    SWAPOUT();                                                    \
    reason = RaisedPair(s->memory, (tag), raised_value, &reason); \
    SWAPIN();                                                     \
    goto raise_error;                                             \
  } while (0)
  Export* callee = nullptr;
  Term callee_module = kNonValue, callee_function = kNonValue;  // for undef
  Word call_mode = kBodyCall;
  const Word* next = nullptr;
  Term fun = kNonValue;
  Fault fault;  // what the exception being raised adds to its stack trace
  // A bif or gc_bif instruction's BIF and arguments, kept for its stack
  // trace should it fail (nullptr: no frame of its own).
  const Export* bif_export = nullptr;
  Term bif_args[3];
  bool exact_keys = false;  // put_map_exact rather than put_map_assoc
  bool utf_get = false;     // bs_get_utf* rather than bs_skip_utf*
  struct {                  // a failed BIF's error, and where the code goes on (0: raise)
    Term error, error_class, error_trace;
    Word fail;
  } bif{};

  DISPATCH();

op_FuncInfo:  // no clause matched: the arguments go into the stack trace
  fault = {Fault::Kind::kArgs, kNonValue, kNonValue,
           std::span<const Term>(x, static_cast<size_t>(pc[3]))};
  reason = atoms::kFunctionClause;
  goto raise_error;

op_IntCodeEnd:
  reason = atoms::kUndef;  // unreachable in validated code
  goto raise_error;

op_Move:
  STORE(pc[2], SRC(pc[1]));
  pc += 3;
  DISPATCH();

  // One move between registers by its form, from index `s` to index `d`;
  // a handler for each form, and for each pair of them in a row.
#define MOVE_XX(s, d) x[d] = x[s]
#define MOVE_XY(s, d) E[kFrameHeader + (d)] = x[s].raw()
#define MOVE_YX(s, d) x[d] = Term::FromRaw(E[kFrameHeader + (s)])
#define MOVE_YY(s, d) E[kFrameHeader + (d)] = E[kFrameHeader + (s)]
#define MOVE(a)                              \
  op_Move##a : MOVE_##a(pc[1], pc[2]);       \
  pc += 3;                                   \
  DISPATCH();                                \
  op_Move##a##Call : MOVE_##a(pc[1], pc[2]); \
  pc += 3;                                   \
  goto op_Call;
#define MOVE_PAIR(a, b)                         \
  op_Move##a##b : MOVE_##a(pc[1], pc[2]);       \
  MOVE_##b(pc[3], pc[4]);                       \
  pc += 5;                                      \
  DISPATCH();                                   \
  op_Move##a##b##Call : MOVE_##a(pc[1], pc[2]); \
  MOVE_##b(pc[3], pc[4]);                       \
  pc += 5;                                      \
  goto op_Call;
#define MOVE_PAIRS(a) MOVE_PAIR(a, XX) MOVE_PAIR(a, XY) MOVE_PAIR(a, YX) MOVE_PAIR(a, YY)
  MOVE(XX)
  MOVE(XY)
  MOVE(YX)
  MOVE(YY)
  MOVE_PAIRS(XX)
  MOVE_PAIRS(XY)
  MOVE_PAIRS(YX)
  MOVE_PAIRS(YY)
op_MoveXXReturn:
  MOVE_XX(pc[1], pc[2]);
  pc += 3;
  goto op_Return;
op_MoveXXCallOnly:
  MOVE_XX(pc[1], pc[2]);
  pc += 3;
  goto op_CallOnly;
op_MoveYXCallLast:
  MOVE_YX(pc[1], pc[2]);
  pc += 3;
  goto op_CallLast;
#undef MOVE_PAIRS
#undef MOVE_PAIR
#undef MOVE
#undef MOVE_XX
#undef MOVE_XY
#undef MOVE_YX
#undef MOVE_YY

op_MoveCX:
  x[pc[2]] = Term::FromRaw(pc[1]);
  pc += 3;
  DISPATCH();

op_MoveCY:
  E[kFrameHeader + pc[2]] = pc[1];
  pc += 3;
  DISPATCH();

op_Swap : {
  Term a = SRC(pc[1]), b = SRC(pc[2]);
  STORE(pc[1], b);
  STORE(pc[2], a);
  pc += 3;
  DISPATCH();
}

op_Call:
  cp = pc + 3;
  CALL_TO(CodeAt(pc[2]), static_cast<int>(pc[1]));

op_CallLast:
  cp = CodeAt(E[0]);
  E += pc[3] + kFrameHeader;
  CALL_TO(CodeAt(pc[2]), static_cast<int>(pc[1]));

op_CallOnly:
  CALL_TO(CodeAt(pc[2]), static_cast<int>(pc[1]));

op_CallExt:
  callee = reinterpret_cast<Export*>(pc[2]);
  cp = pc + 3;
  call_mode = kBodyCall;
  goto call_export;

op_CallExtLast:
  callee = reinterpret_cast<Export*>(pc[2]);
  cp = CodeAt(E[0]);
  E += pc[3] + kFrameHeader;
  call_mode = 0;
  goto call_export;

op_CallExtOnly:
  callee = reinterpret_cast<Export*>(pc[2]);
  call_mode = 0;
  goto call_export;

call_export : {
  const Word* code = callee->code.load(std::memory_order_acquire);
  // The error_handler rule: a call to a module without code loads it.
  if (code == nullptr && callee->bif == nullptr && m->host != nullptr &&
      m->host->EnsureLoaded(callee->module)) {
    code = callee->code.load(std::memory_order_acquire);
  }
  if (code != nullptr) CALL_TO(code, static_cast<int>(callee->arity));
  if (callee->bif == nullptr) {
    callee_module = callee->module;
    callee_function = callee->function;
    arity = callee->arity;
    goto undef;
  }
  SWAPOUT();
  BifContext ctx{s->memory,  m->host, s->self,
                 s->process, pc,      call_mode == kBodyCall ? nullptr : cp};
  ctx.reductions_left = reds;
  Term r = Settle(s->memory, x, callee->bif(ctx, x), 0);
  SWAPIN();
  reds = std::clamp<int64_t>(ctx.reductions_left, 1, reductions);
  if (r == kNonValue && ctx.trap_module != kNonValue) {  // on in Erlang code, in its place
    std::copy(ctx.trap_args.begin(), ctx.trap_args.begin() + ctx.trap_arity, x);
    callee_module = ctx.trap_module;
    callee_function = ctx.trap_function;
    arity = ctx.trap_arity;
    callee = find_export(callee_module, callee_function, arity);
    if (callee == nullptr) goto undef;
    goto call_export;
  }
  if (r == kNonValue && ctx.call_again) {
    // The BIF suspended the process (a busy port): once it resumes, the
    // same call runs again, with the frame as it is now (a tail call has
    // dropped its frame already).
    s->call_stub = {HandlerAddress(Op::kCallExtOnly), callee->arity,
                    reinterpret_cast<Word>(callee)};
    s->saved_x.assign(x, x + callee->arity);
    s->pc = s->call_stub.data();
    s->cp = cp;
    SWAPOUT();
    return {RunOutcome::kWaiting, kNonValue, REDUCTIONS_USED()};
  }
  if (r == kNonValue) {
    bif = {ctx.error, ctx.error_class, ctx.error_trace, 0};
    fault = BifFault(*callee, std::span<const Term>(x, callee->arity));
    // As in BEAM, where a BIF runs in its caller's place, the call site is
    // the caller's frame, tail call or not; a body call's return address
    // names that same call site.
    if (call_mode == kBodyCall) cp = nullptr;
    goto bif_failed;
  }
  x[0] = r;
  goto op_Return;
}

undef : {  // callee names the function, x[0 .. arity) are the arguments
  fault = {Fault::Kind::kCall,       callee_module,
           callee_function,          std::span<const Term>(x, arity),
           /*bif_error_info=*/false, /*frame_at_pc=*/false};
  reason = atoms::kUndef;
  goto raise_error;
}

op_Return:
  pc = cp;
  cp = nullptr;  // the function returned to has a frame (see CaptureTrace)
  DISPATCH();

  // ---- apply and funs: the callee is found at run time ----
  // `call_mode` (see code_words.h) says how the call continues, `next` is
  // the instruction after; `arity` arguments are in x registers.

op_Apply:
  arity = static_cast<uint32_t>(pc[1]);
  call_mode = pc[2];
  next = pc + 3;
  goto apply;

op_ApplyList:  // erlang:apply(Module, Function, Arguments)
  call_mode = pc[1];
  next = pc + 2;
  {
    Term module = x[0], function = x[1], arguments = x[2];
    if (!unpack_arguments(arguments)) {
      x[0] = module;
      x[1] = function;
      x[2] = arguments;
      arity = 3;
      goto apply_badarg;
    }
    x[arity] = module;
    x[arity + 1] = function;
  }
  goto apply;

op_ApplyFunList:  // erlang:apply(Fun, Arguments)
  call_mode = pc[1];
  next = pc + 2;
  fun = x[0];
  if (!unpack_arguments(x[1])) {
    reason = atoms::kBadarg;
    goto raise_error;
  }
  goto call_fun;

op_CallFun:
  arity = static_cast<uint32_t>(pc[1]);
  fun = x[arity];
  call_mode = pc[2];
  next = pc + 3;
  goto call_fun;

op_CallFun2:
  arity = static_cast<uint32_t>(pc[1]);
  fun = SRC(pc[2]);
  call_mode = pc[3];
  next = pc + 4;
  goto call_fun;

apply : {  // x[arity] module, x[arity + 1] function
  callee_module = x[arity];
  callee_function = x[arity + 1];
  if (!IsAtom(callee_module) || !IsAtom(callee_function)) {
    // erlang:apply(Module, Function, Arguments) is what failed.
    x[arity + 2] = kNil;
    SWAPOUT();
    Term arguments = ArgumentsList(s->memory, x, arity, 0, static_cast<int>(arity) + 3);
    SWAPIN();
    x[0] = x[arity];
    x[1] = x[arity + 1];
    x[2] = arguments;
    arity = 3;
    goto apply_badarg;
  }
  callee = find_export(callee_module, callee_function, arity);
  if (callee == nullptr) goto undef;
  ENTER(call_mode, next);
  goto call_export;
}

apply_badarg:  // x[0 .. 3) are erlang:apply/3's arguments
  fault = {Fault::Kind::kCall, atoms::kErlang, atoms::kApply, std::span<const Term>(x, 3),
           /*bif_error_info=*/true};
  reason = atoms::kBadarg;
  goto raise_error;

call_fun : {
  if (!IsFun(fun)) RAISE_WITH(atoms::kBadfun, fun);
  if (FunArity(fun) != arity) {
    x[arity] = fun;
    SWAPOUT();
    Term args = ArgumentsList(s->memory, x, arity, 3, static_cast<int>(arity) + 1);
    SWAPIN();
    Term what = Tuple2(htop, x[arity], args);
    htop += 3;
    RAISE_WITH(atoms::kBadarity, what);
  }
  if (IsExportFun(fun)) {
    callee_module = ExportFunModule(fun);
    callee_function = ExportFunFunction(fun);
    callee = find_export(callee_module, callee_function, arity);
    if (callee == nullptr) goto undef;
    ENTER(call_mode, next);
    goto call_export;
  }
  auto* lambda = static_cast<const FunEntry*>(LocalFunEntry(fun));
  // A fun decoded from the external format has no code until the loader
  // resolves it.
  if (lambda == nullptr) RAISE_WITH(atoms::kBadfun, fun);
  for (uint32_t i = 0; i < lambda->num_free; ++i)
    x[arity + i] = LocalFunFreeVar(fun, i);
  ENTER(call_mode, next);
  CALL_TO(lambda->code, static_cast<int>(arity + lambda->num_free));
}

op_MakeFun : {
  auto* lambda = reinterpret_cast<const FunEntry*>(pc[1]);
  size_t n = pc[3];
  // The free variables go straight to their place in the fun.
  Term* free = reinterpret_cast<Term*>(htop + kLocalFunFixedWords);
  for (size_t i = 0; i < n; ++i)
    free[i] = SRC(pc[4 + i]);
  Term made = WriteLocalFun(htop, lambda, lambda->id, std::span<const Term>(free, n), s->self);
  htop += LocalFunWords(n);
  STORE(pc[2], made);
  pc += 4 + n;
  DISPATCH();
}

// Allocate at pc, then `next`.
#define ALLOCATE_THEN(next)                                                       \
  do {                                                                            \
    ENSURE(pc[2], pc[3]);                                                         \
    E -= pc[1];                                                                   \
    E[0] = reinterpret_cast<Word>(cp);                                            \
    cp = nullptr; /* the return address is in the frame now (see CaptureTrace) */ \
    /* Every slot holds a term before anything can look at the stack: those       \
       the instructions right after do not write first are set here. */           \
    Word unwritten = pc[4];                                                       \
    pc += 5;                                                                      \
    if (unwritten == 0) next;                                                     \
    do {                                                                          \
      E[kFrameHeader + std::countr_zero(unwritten)] = kNil.raw();                 \
      unwritten &= unwritten - 1;                                                 \
    } while (unwritten != 0);                                                     \
    next;                                                                         \
  } while (0)
op_Allocate:
  ALLOCATE_THEN(DISPATCH());

op_Deallocate:
  cp = CodeAt(E[0]);
  E += pc[1] + kFrameHeader;
  pc += 2;
  DISPATCH();

op_DeallocateReturn : {
  const Word* return_to = CodeAt(E[0]);
  E += pc[1] + kFrameHeader;
  pc = return_to;
  DISPATCH();
}

op_TestHeap:
  ENSURE(pc[1], static_cast<int>(pc[2]));
  pc += 3;
  DISPATCH();

op_InitYregs : {
  size_t n = pc[1];
  for (size_t i = 0; i < n; ++i)
    E[kFrameHeader + pc[2 + i]] = kNil.raw();
  pc += 2 + n;
  DISPATCH();
}

op_Trim : {
  Word continuation = E[0];
  E += pc[1];
  E[0] = continuation;
  pc += 2;
  DISPATCH();
}

op_Jump:
  pc = CodeAt(pc[1]);
  DISPATCH();

#define COMPARE_TEST_FORM(name, a_operand, b_operand, small_test, general_test)              \
  op_##name : {                                                                              \
    Term a = a_operand, b = b_operand;                                                       \
    bool ok = ABSL_PREDICT_TRUE(BothSmall(a, b))                                             \
                  ? (static_cast<int64_t>(a.raw()) small_test static_cast<int64_t>(b.raw())) \
                  : (general_test);                                                          \
    TEST_THEN(ok, 4);                                                                        \
  }
#define COMPARE_TEST(name, small_test, general_test) \
  COMPARE_TEST_FORM(name, SRC(pc[2]), SRC(pc[3]), small_test, general_test)
  COMPARE_TEST(IsLt, <, Compare(a, b) < 0)
  COMPARE_TEST(IsGe, >=, Compare(a, b) >= 0)
  COMPARE_TEST(IsEq, ==, Equal(a, b))
  COMPARE_TEST(IsNe, !=, !Equal(a, b))
  COMPARE_TEST(IsEqExact, ==, ExactEqual(a, b))
  COMPARE_TEST(IsNeExact, !=, !ExactEqual(a, b))
#define COMPARE_TEST_FORMS(name, small_test, general_test)                                  \
  COMPARE_TEST_FORM(name##XX, X_OPERAND(pc[2]), X_OPERAND(pc[3]), small_test, general_test) \
  COMPARE_TEST_FORM(name##XC, X_OPERAND(pc[2]), C_OPERAND(pc[3]), small_test, general_test) \
  COMPARE_TEST_FORM(name##CX, C_OPERAND(pc[2]), X_OPERAND(pc[3]), small_test, general_test)
  COMPARE_TEST_FORMS(IsLt, <, Compare(a, b) < 0)
  COMPARE_TEST_FORMS(IsGe, >=, Compare(a, b) >= 0)
  COMPARE_TEST_FORM(IsEqExactXC, X_OPERAND(pc[2]), C_OPERAND(pc[3]), ==, ExactEqual(a, b))
  COMPARE_TEST_FORM(IsNeExactXC, X_OPERAND(pc[2]), C_OPERAND(pc[3]), !=, !ExactEqual(a, b))
#undef COMPARE_TEST_FORMS
#undef COMPARE_TEST
#undef COMPARE_TEST_FORM

#define TYPE_TEST(name, test) \
  op_##name : {               \
    Term t = SRC(pc[2]);      \
    TEST_THEN((test), 3);     \
  }
  TYPE_TEST(IsInteger, IsInteger(t))
  TYPE_TEST(IsFloat, IsFloat(t))
  TYPE_TEST(IsNumber, IsNumber(t))
  TYPE_TEST(IsAtom, IsAtom(t))
  TYPE_TEST(IsPid, IsPid(t))
  TYPE_TEST(IsReference, IsReference(t))
  TYPE_TEST(IsPort, IsPort(t))
  TYPE_TEST(IsNil, IsNil(t))
  TYPE_TEST(IsBinary, IsBinary(t))
  TYPE_TEST(IsList, IsList(t) || IsNil(t))
  TYPE_TEST(IsNonemptyList, IsList(t))
  TYPE_TEST(IsTuple, IsTuple(t))
  TYPE_TEST(IsBoolean, IsBoolean(t))
  TYPE_TEST(IsMap, IsMap(t))
  TYPE_TEST(IsFunction, IsFun(t))
  TYPE_TEST(IsBitstr, IsBitstring(t))
#undef TYPE_TEST

op_IsFunction2 : {
  Term f = SRC(pc[2]), arity = SRC(pc[3]);
  bool ok = IsFun(f) && IsSmall(arity) && SmallValue(arity) == FunArity(f);
  TEST_THEN(ok, 4);
}

op_TestArity : {
  Term t = SRC(pc[2]);
  TEST_THEN(IsTuple(t) && TupleArity(t) == pc[3], 4);
}

op_IsTaggedTuple : {
  Term t = SRC(pc[2]);
  bool ok = IsTuple(t) && TupleArity(t) == pc[3] && TupleElement(t, 0).raw() == pc[4];
  TEST_THEN(ok, 5);
}

op_SelectImmediate : {  // an immediate equals only itself; a boxed term none of them
  Word v = SRC(pc[1]).raw();
  size_t n = pc[3];
  const Word* pairs = pc + 4;
  for (size_t i = 0; i < n; ++i) {
    if (pairs[2 * i] == v) {
      pc = CodeAt(pairs[2 * i + 1]);
      DISPATCH();
    }
  }
  pc = CodeAt(pc[2]);
  DISPATCH();
}

op_SelectVal : {
  Term v = SRC(pc[1]);
  size_t n = pc[3];
  const Word* pairs = pc + 4;
  for (size_t i = 0; i < n; ++i) {
    Term candidate = Term::FromRaw(pairs[2 * i]);
    if (v == candidate || (!IsImmediate(v) && ExactEqual(v, candidate))) {
      pc = CodeAt(pairs[2 * i + 1]);
      DISPATCH();
    }
  }
  pc = CodeAt(pc[2]);
  DISPATCH();
}

// A jump table over small integers (a select_val of dense values).
#define JUMP_ON_SMALL(name, subject)                                               \
  op_##name : {                                                                    \
    Term v = subject;                                                              \
    if (IsSmall(v)) {                                                              \
      auto i = static_cast<uint64_t>(SmallValue(v) - static_cast<int64_t>(pc[3])); \
      if (i < pc[4]) {                                                             \
        pc = CodeAt(pc[5 + i]);                                                    \
        DISPATCH();                                                                \
      }                                                                            \
    }                                                                              \
    pc = CodeAt(pc[2]);                                                            \
    DISPATCH();                                                                    \
  }
  JUMP_ON_SMALL(JumpOnSmall, SRC(pc[1]))
  JUMP_ON_SMALL(JumpOnSmallX, X_OPERAND(pc[1]))
#undef JUMP_ON_SMALL

op_SelectTupleArity : {
  Term v = SRC(pc[1]);
  size_t n = pc[3];
  const Word* pairs = pc + 4;
  if (IsTuple(v)) {
    uint64_t arity = TupleArity(v);
    for (size_t i = 0; i < n; ++i) {
      if (pairs[2 * i] == arity) {
        pc = CodeAt(pairs[2 * i + 1]);
        DISPATCH();
      }
    }
  }
  pc = CodeAt(pc[2]);
  DISPATCH();
}

op_GetList : {
  Term list = SRC(pc[1]);
  Term head = Head(list), tail = Tail(list);
  STORE(pc[2], head);
  STORE(pc[3], tail);
  pc += 4;
  DISPATCH();
}

op_GetListXXX : {
  Term list = x[pc[1]];
  Term head = Head(list), tail = Tail(list);
  x[pc[2]] = head;
  x[pc[3]] = tail;
  pc += 4;
  DISPATCH();
}

op_GetListXYX : {
  Term list = x[pc[1]];
  Term head = Head(list), tail = Tail(list);
  E[kFrameHeader + pc[2]] = head.raw();
  x[pc[3]] = tail;
  pc += 4;
  DISPATCH();
}

op_IsNonemptyListX:
  TEST_THEN(IsList(x[pc[2]]), 3);

#define IS_NONEMPTY_LIST_THEN(name, then)             \
  op_IsNonemptyListX##name : if (!IsList(x[pc[2]])) { \
    pc = CodeAt(pc[1]);                               \
    DISPATCH();                                       \
  }                                                   \
  pc += 3;                                            \
  then;
  IS_NONEMPTY_LIST_THEN(GetListXXX, goto op_GetListXXX)
  IS_NONEMPTY_LIST_THEN(Allocate, goto op_Allocate)
  IS_NONEMPTY_LIST_THEN(AllocateGetListXYX, ALLOCATE_THEN(goto op_GetListXYX))
#undef IS_NONEMPTY_LIST_THEN
#undef ALLOCATE_THEN

op_IsNilX:
  TEST_THEN(x[pc[2]] == kNil, 3);

op_GetHd:
  STORE(pc[2], Head(SRC(pc[1])));
  pc += 3;
  DISPATCH();

op_GetTl:
  STORE(pc[2], Tail(SRC(pc[1])));
  pc += 3;
  DISPATCH();

#define PUT_LIST_CELL(head, tail) \
  htop[0] = (head).raw();         \
  htop[1] = (tail).raw();         \
  STORE(pc[3], MakeList(htop));   \
  htop += 2;                      \
  pc += 4;
#define PUT_LIST(name, head, tail)       \
  op_##name : PUT_LIST_CELL(head, tail); \
  DISPATCH();
#define HEAP_PUT_LIST(form)                    \
  op_HeapPutList##form : ENSURE(pc[1], pc[2]); \
  pc += 3;                                     \
  goto op_PutList##form;
  HEAP_PUT_LIST()
  HEAP_PUT_LIST(XX)
  HEAP_PUT_LIST(XY)
  HEAP_PUT_LIST(XC)
  HEAP_PUT_LIST(YX)
  HEAP_PUT_LIST(YY)
  HEAP_PUT_LIST(YC)
  HEAP_PUT_LIST(CX)
  HEAP_PUT_LIST(CY)
#undef HEAP_PUT_LIST
op_HeapPutListYXDeallocateReturn:
  ENSURE(pc[1], pc[2]);
  pc += 3;
  PUT_LIST_CELL(Y_OPERAND(pc[1]), X_OPERAND(pc[2]));
  goto op_DeallocateReturn;
#define PUT_LIST_FORM(h, t) PUT_LIST(PutList##h##t, h##_OPERAND(pc[1]), t##_OPERAND(pc[2]))
  PUT_LIST(PutList, SRC(pc[1]), SRC(pc[2]))
  PUT_LIST_FORM(X, X)
  PUT_LIST_FORM(X, Y)
  PUT_LIST_FORM(X, C)
  PUT_LIST_FORM(Y, X)
  PUT_LIST_FORM(Y, Y)
  PUT_LIST_FORM(Y, C)
  PUT_LIST_FORM(C, X)
  PUT_LIST_FORM(C, Y)
#undef PUT_LIST_FORM
#undef PUT_LIST
#undef PUT_LIST_CELL

op_PutTuple2 : {
  size_t n = pc[2];
  uint64_t* tuple = htop;
  tuple[0] = MakeHeader(tag::Subtag::kTuple, n);
  for (size_t i = 0; i < n; ++i)
    tuple[1 + i] = SRC(pc[3 + i]).raw();
  htop += 1 + n;
  STORE(pc[1], MakeBoxed(tuple));
  pc += 3 + n;
  DISPATCH();
}

op_GetTupleElement:
  STORE(pc[3], TupleElement(SRC(pc[1]), pc[2]));
  pc += 4;
  DISPATCH();

op_SetTupleElement:  // the compiler's in-place update of a tuple it has just copied
  BoxedPointer(SRC(pc[2]))[1 + pc[3]] = SRC(pc[1]).raw();
  pc += 4;
  DISPATCH();

op_GetMapElements : {  // every key present, or the fail label
  Term map = SRC(pc[2]);
  size_t n = pc[3];
  const Word* pair = pc + 4;
  if (!IsMap(map)) {
    pc = CodeAt(pc[1]);
    DISPATCH();
  }
  for (size_t i = 0; i < n; ++i, pair += 2) {
    std::optional<Term> value = MapFind(map, SRC(pair[0]));
    if (!value) {
      pc = CodeAt(pc[1]);
      DISPATCH();
    }
    STORE(pair[1], *value);
  }
  pc = pair;
  DISPATCH();
}

op_HasMapFields : {
  Term map = SRC(pc[2]);
  size_t n = pc[3];
  for (size_t i = 0; i < n; ++i) {
    if (!MapFind(map, SRC(pc[4 + i]))) {
      pc = CodeAt(pc[1]);
      DISPATCH();
    }
  }
  pc += 4 + n;
  DISPATCH();
}

op_PutMapAssoc:
  exact_keys = false;
  goto put_map;

op_PutMapExact:
  exact_keys = true;
  goto put_map;

put_map : {
  Term map = SRC(pc[2]);
  int live = static_cast<int>(pc[4]);
  size_t n = pc[5];
  if (!IsMap(map)) {
    if (pc[1] != 0) {
      pc = CodeAt(pc[1]);
      DISPATCH();
    }
    RAISE_WITH(atoms::kBadmap, map);
  }
  absl::InlinedVector<std::pair<Term, Term>, 8> pairs(n);
  for (size_t i = 0; i < n; ++i)
    pairs[i] = {SRC(pc[6 + 2 * i]), SRC(pc[7 + 2 * i])};
  SWAPOUT();
  Term updated =
      exact_keys ? MapUpdateAll(s->memory, map, pairs) : MapPutAll(s->memory, map, pairs);
  SWAPIN();
  if (updated == kNonValue) {
    if (pc[1] != 0) {
      pc = CodeAt(pc[1]);
      DISPATCH();
    }
    for (const auto& [key, value] : pairs) {
      if (!MapFind(map, key)) RAISE_WITH(atoms::kBadkey, key);
    }
  }
  SWAPOUT();
  updated = Settle(s->memory, x, updated, live);
  SWAPIN();
  STORE(pc[3], updated);
  pc += 6 + 2 * n;
  DISPATCH();
}

op_FloatLoad:
  fr[pc[2]] = FloatValue(SRC(pc[1]));
  pc += 3;
  DISPATCH();

op_FloatStore:
  htop[0] = MakeHeader(tag::Subtag::kFloat, 1);
  std::memcpy(htop + 1, &fr[pc[1]], sizeof(double));
  STORE(pc[2], MakeBoxed(htop));
  htop += 2;
  pc += 3;
  DISPATCH();

op_FloatMove:
  fr[pc[2]] = fr[pc[1]];
  pc += 3;
  DISPATCH();

op_FloatConvert : {
  Term n = SRC(pc[1]);
  if (IsFloat(n)) {
    fr[pc[2]] = FloatValue(n);
  } else {
    absl::StatusOr<double> d =
        IsInteger(n) ? IntegerToDouble(n) : absl::InvalidArgumentError("not a number");
    if (!d.ok()) {
      reason = atoms::kBadarith;
      goto raise_error;
    }
    fr[pc[2]] = *d;
  }
  pc += 3;
  DISPATCH();
}

#define FLOAT_OP(name, expr)             \
  op_##name : {                          \
    double a = fr[pc[1]], b = fr[pc[2]]; \
    double r = (expr);                   \
    if (!std::isfinite(r)) {             \
      reason = atoms::kBadarith;         \
      goto raise_error;                  \
    }                                    \
    fr[pc[3]] = r;                       \
    pc += 4;                             \
    DISPATCH();                          \
  }
  FLOAT_OP(FloatAdd, a + b)
  FLOAT_OP(FloatSub, a - b)
  FLOAT_OP(FloatMul, a * b)
  FLOAT_OP(FloatDiv, a / b)
#undef FLOAT_OP

op_FloatNegate:
  fr[pc[2]] = -fr[pc[1]];
  pc += 3;
  DISPATCH();

  // ---- bit syntax: the matching and building is in runtime/term ----
  // Results are built on the process memory; `settle` collects afterwards
  // with the instruction's live registers if they went into overflow.

op_BsStartMatch : {
  SWAPOUT();
  Term context = Settle(s->memory, x, StartMatch(s->memory, SRC(pc[3])), static_cast<int>(pc[2]));
  SWAPIN();
  if (context == kNonValue) {
    if (pc[1] == 0) {  // the compiler said it cannot fail
      reason = atoms::kBadarg;
      goto raise_error;
    }
    pc = CodeAt(pc[1]);
    DISPATCH();
  }
  STORE(pc[4], context);
  pc += 5;
  DISPATCH();
}

#define BS_GET(name, match)                                          \
  op_##name : {                                                      \
    Term context = SRC(pc[2]), size = SRC(pc[4]);                    \
    uint32_t unit = static_cast<uint32_t>(pc[5]);                    \
    uint32_t flags = static_cast<uint32_t>(pc[6]);                   \
    (void)flags;                                                     \
    std::optional<uint64_t> bits = SegmentBits(size, unit);          \
    SWAPOUT();                                                       \
    Term got = Settle(s->memory, x, match, static_cast<int>(pc[3])); \
    SWAPIN();                                                        \
    if (got == kNonValue) {                                          \
      pc = CodeAt(pc[1]);                                            \
      DISPATCH();                                                    \
    }                                                                \
    STORE(pc[7], got);                                               \
    pc += 8;                                                         \
    DISPATCH();                                                      \
  }
  BS_GET(BsGetInteger, bits ? MatchInteger(s->memory, context, *bits, flags) : kNonValue)
  BS_GET(BsGetFloat, bits ? MatchFloat(s->memory, context, *bits, flags) : kNonValue)
  BS_GET(BsGetBinary, size == atoms::kAll ? MatchRest(s->memory, context, unit)
                      : bits              ? MatchBitstring(s->memory, context, *bits)
                                          : kNonValue)
#undef BS_GET

op_BsSkipBits : {
  Term context = SRC(pc[2]), size = SRC(pc[3]);
  uint32_t unit = static_cast<uint32_t>(pc[4]);
  bool skipped;
  if (size == atoms::kAll) {
    skipped = SkipRest(context, unit);
  } else {
    std::optional<uint64_t> bits = SegmentBits(size, unit);
    skipped = bits && SkipBits(context, *bits);
  }
  TEST_THEN(skipped, 6);
}

op_BsGetFields:
  pc = MatchFields(pc, E, x) ? pc + 5 + 2 * pc[4] : CodeAt(pc[1]);
  DISPATCH();

op_BsSkipConst:
  TEST_THEN(SkipBits(SRC(pc[2]), pc[3]), 4);

op_BsTestTail:
  TEST_THEN(TestTail(SRC(pc[2]), pc[3]), 4);

op_BsTestUnit:
  TEST_THEN(TestUnit(SRC(pc[2]), static_cast<uint32_t>(pc[3])), 4);

op_BsMatchString : {
  std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(pc[4]), (pc[3] + 7) / 8);
  TEST_THEN(MatchString(SRC(pc[2]), bytes, pc[3]), 5);
}

op_BsGetPosition:
  STORE(pc[2], GetMatchPosition(SRC(pc[1])));
  pc += 4;
  DISPATCH();

op_BsSetPosition:
  SetMatchPosition(SRC(pc[1]), SRC(pc[2]));
  pc += 3;
  DISPATCH();

op_BsGetTail : {
  SWAPOUT();
  Term tail = Settle(s->memory, x, MatchTail(s->memory, SRC(pc[1])), static_cast<int>(pc[3]));
  SWAPIN();
  STORE(pc[2], tail);
  pc += 4;
  DISPATCH();
}

op_BsGetUtf:
  utf_get = true;
  goto bs_utf;

op_BsSkipUtf:
  utf_get = false;
  goto bs_utf;

bs_utf : {  // the two share their layout; only BsGetUtf has a destination
  Term context = SRC(pc[2]);
  uint32_t flags = static_cast<uint32_t>(pc[5]);
  Term code_point = pc[4] == 8    ? MatchUtf8(context)
                    : pc[4] == 16 ? MatchUtf16(context, flags)
                                  : MatchUtf32(context, flags);
  if (code_point == kNonValue) {
    pc = CodeAt(pc[1]);
    DISPATCH();
  }
  if (utf_get) {
    STORE(pc[6], code_point);
    pc += 7;
  } else {
    pc += 6;
  }
  DISPATCH();
}

op_BsCreateIntegers : {  // anything but small values: BsCreateBin builds it, or fails
  const Word* w = pc + 6;
  const Word* end = w + 7 * pc[5];
  Term base = kNonValue;
  uint32_t base_unit = 1;
  if (static_cast<SegmentType>(w[0]) != SegmentType::kInteger) {
    base = SRC(w[4]);
    base_unit = static_cast<uint32_t>(w[2]);
    w += 7;
  }
  uint64_t total = 0;
  for (const Word* seg = w; seg < end; seg += 7) {
    if (!IsSmall(SRC(seg[4]))) goto op_BsCreateBin;
    total += seg[6];
  }
  SWAPOUT();
  std::optional<NewAppend> out = StartIntegerBuild(s->memory, base, base_unit, total);
  if (!out.has_value()) {
    SWAPIN();
    goto op_BsCreateBin;
  }
  WriteSmallSegments(*out, w, end, E, x);
  Term built = Settle(s->memory, x, out->term, static_cast<int>(pc[3]), pc[2]);
  SWAPIN();
  STORE(pc[4], built);
  pc = end;
  DISPATCH();
}

op_BsCreateBin : {
  size_t n = pc[5];
  const Word* w = pc + 6;
  absl::InlinedVector<BinSegment, 8> segments(n);
  for (size_t i = 0; i < n; ++i, w += 7) {
    BinSegment& seg = segments[i];
    seg.type = static_cast<SegmentType>(w[0]);
    seg.number = static_cast<uint32_t>(w[1]);
    seg.unit = static_cast<uint32_t>(w[2]);
    seg.flags = static_cast<uint32_t>(w[3]);
    if (seg.type == SegmentType::kString) {
      seg.string = {reinterpret_cast<const uint8_t*>(w[6]), static_cast<size_t>(w[5])};
    } else {
      seg.value = SRC(w[4]);
      seg.size = SRC(w[5]);
    }
  }
  BuildError error;
  SWAPOUT();
  Term built = Settle(s->memory, x, BuildBitstring(s->memory, segments, &error),
                      static_cast<int>(pc[3]), pc[2]);
  SWAPIN();
  if (built == kNonValue) {
    if (pc[1] != 0) {
      pc = CodeAt(pc[1]);
      DISPATCH();
    }
    SWAPOUT();
    fault.error_info = MakeBuildErrorInfo(s->memory, error);
    SWAPIN();
    reason = error.reason;
    goto raise_error;
  }
  STORE(pc[4], built);
  pc = w;
  DISPATCH();
}

op_BsAdd : {  // what OTP 21 and older compiled for a size: a small, or it fails
  Term sum = BitSizeSum(SRC(pc[2]), SRC(pc[3]), pc[4]);
  if (IsAtom(sum)) {  // the error's reason
    if (pc[1] != 0) {
      pc = CodeAt(pc[1]);
      DISPATCH();
    }
    reason = sum;
    goto raise_error;
  }
  STORE(pc[5], sum);
  pc += 6;
  DISPATCH();
}

op_BsInitWritable:
  SWAPOUT();
  x[0] = MakeBinary(s->memory, std::span<const uint8_t>());
  SWAPIN();
  pc += 1;
  DISPATCH();

op_Bif : {
  bif_export = reinterpret_cast<const Export*>(pc[1]);
  size_t n = pc[4];
  for (size_t i = 0; i < n; ++i)
    bif_args[i] = SRC(pc[5 + i]);
  SWAPOUT();
  BifContext ctx{s->memory, m->host, s->self, s->process, pc};
  Term r = bif_export->bif(ctx, bif_args);
  SWAPIN();
  if (r != kNonValue) {
    STORE(pc[3], r);
    pc += 5 + n;
    DISPATCH();
  }
  bif = {ctx.error, ctx.error_class, ctx.error_trace, pc[2]};
  goto bif_error;
}

// The general way of an inline integer form: its GcBif's BIF on `a`, `b`.
#define CALL_GC_BIF_WITH(a, b) \
  do {                         \
    bif_args[0] = (a);         \
    bif_args[1] = (b);         \
    goto gc_bif_call;          \
  } while (0)

// Small-integer + and -, without leaving the handler unless an operand is
// not a small or the result overflows the 60-bit range; then as gc_bif. One
// handler per operand form; the destination is an x register.
#define SMALL_ARITH(name, overflows, a_form, b_form)                   \
  op_##name##a_form##b_form : {                                        \
    Term a = a_form##_OPERAND(pc[6]), b = b_form##_OPERAND(pc[7]);     \
    int64_t r;                                                         \
    if (ABSL_PREDICT_TRUE(BothSmall(a, b) && !overflows(a, b, &r))) {  \
      XRegisterAt(x, pc[4]) = Term::FromRaw(static_cast<uint64_t>(r)); \
      pc += 8;                                                         \
      DISPATCH();                                                      \
    }                                                                  \
    CALL_GC_BIF_WITH(a, b);                                            \
  }
#define SMALL_ARITH_FORMS(name, overflows) \
  SMALL_ARITH(name, overflows, X, X)       \
  SMALL_ARITH(name, overflows, X, Y)       \
  SMALL_ARITH(name, overflows, Y, X)       \
  SMALL_ARITH(name, overflows, Y, Y)       \
  SMALL_ARITH(name, overflows, X, C)       \
  SMALL_ARITH(name, overflows, Y, C)       \
  SMALL_ARITH(name, overflows, C, X)       \
  SMALL_ARITH(name, overflows, C, Y)
  SMALL_ARITH_FORMS(Plus, SmallSumOverflows)
  SMALL_ARITH_FORMS(Minus, SmallDifferenceOverflows)
#undef SMALL_ARITH_FORMS
#undef SMALL_ARITH

// Other integer BIFs on two smalls (GcBif's layout, two arguments).
#define SMALL_BINOP(name, compute)                                                         \
  op_##name : {                                                                            \
    Term a = SRC(pc[6]), b = SRC(pc[7]);                                                   \
    int64_t r;                                                                             \
    if (ABSL_PREDICT_TRUE(BothSmall(a, b) && compute(SmallValue(a), SmallValue(b), &r))) { \
      STORE(pc[4], MakeSmall(r));                                                          \
      pc += 8;                                                                             \
      DISPATCH();                                                                          \
    }                                                                                      \
    CALL_GC_BIF_WITH(a, b);                                                                \
  }
  SMALL_BINOP(TimesSmall, SmallTimes)
  SMALL_BINOP(DivSmall, SmallDiv)
  SMALL_BINOP(RemSmall, SmallRem)
  SMALL_BINOP(BandSmall, SmallBand)
  SMALL_BINOP(BorSmall, SmallBor)
  SMALL_BINOP(BxorSmall, SmallBxor)
  SMALL_BINOP(BsrSmall, SmallBsr)
#undef SMALL_BINOP
#undef CALL_GC_BIF_WITH

op_GcBif : {
  size_t n = pc[5];
  for (size_t i = 0; i < n; ++i)
    bif_args[i] = SRC(pc[6 + i]);
  goto gc_bif_call;
}

gc_bif_call : {  // pc: GcBif or a form of it (Plus, RemSmall...); bif_args hold its arguments
  auto* e = reinterpret_cast<const Export*>(pc[1]);
  int live = static_cast<int>(pc[3]);
  SWAPOUT();
  BifContext ctx{s->memory, m->host, s->self, s->process, pc};
  Term r = Settle(s->memory, x, e->bif(ctx, bif_args), live);
  SWAPIN();
  if (r != kNonValue) {
    STORE(pc[4], r);
    pc += 6 + pc[5];
    DISPATCH();
  }
  bool inlined = pc[5] == 2 && InlinedArithmetic(*e, pc[6], pc[7]);
  bif_export = inlined ? nullptr : e;
  bif = {ctx.error, ctx.error_class, ctx.error_trace, pc[2]};
  goto bif_error;
}

bif_error:  // a BIF failed: its fail label, else its error raised
  if (bif.fail != 0) {
    pc = CodeAt(bif.fail);
    DISPATCH();
  }
  if (bif_export != nullptr) {
    fault = BifFault(*bif_export, std::span<const Term>(bif_args, bif_export->arity));
  }
bif_failed:  // `bif` holds the error
  reason = bif.error;
  reason_class = bif.error_class;
  raw_trace = bif.error_trace;
  goto raise;

op_Badmatch:
  RAISE_WITH(atoms::kBadmatch, SRC(pc[1]));

op_Badrecord:
  RAISE_WITH(atoms::kBadrecord, SRC(pc[1]));

op_CaseEnd:
  RAISE_WITH(atoms::kCaseClause, SRC(pc[1]));

op_IfEnd:
  reason = atoms::kIfClause;
  goto raise_error;

op_Try:
  YRegisterAt(E, pc[1]) = MakeCatch(CodeAt(pc[2])).raw();
  pc += 3;
  DISPATCH();

op_TryEnd:
  YRegisterAt(E, pc[1]) = kNil.raw();
  pc += 2;
  DISPATCH();

op_TryCase:  // the handler receives class, reason and raw stack trace
  YRegisterAt(E, pc[1]) = kNil.raw();
  x[0] = x[1];
  x[1] = x[2];
  x[2] = x[3];
  pc += 2;
  DISPATCH();

op_CatchEnd:  // `catch Expr`: the value, or what the exception makes of it
  YRegisterAt(E, pc[1]) = kNil.raw();
  if (x[0] == kNonValue) {
    if (x[1] == atoms::kThrow) {
      x[0] = x[2];
    } else {  // built without collecting: the live registers are not known here
      SWAPOUT();
      Term what = x[2];
      if (x[1] == atoms::kError) {
        what = MakeTuple(s->memory, {x[2], BuildStacktrace(s->memory, m->code_index, x[3])});
      }
      x[0] = MakeTuple(s->memory, {atoms::kEXIT, what});
      SWAPIN();
    }
  }
  pc += 2;
  DISPATCH();

op_TryCaseEnd:
  RAISE_WITH(atoms::kTryClause, SRC(pc[1]));

op_Raise:  // re-raise: the class travels in the raw stack trace
  raw_trace = SRC(pc[1]);
  reason = SRC(pc[2]);
  reason_class =
      IsTuple(raw_trace) && TupleArity(raw_trace) == 2 ? TupleElement(raw_trace, 0) : atoms::kError;
  goto raise;

op_RawRaise:  // re-raise from registers; a bad class is badarg, as in BEAM
  if (x[0] != atoms::kError && x[0] != atoms::kExit && x[0] != atoms::kThrow) {
    reason = atoms::kBadarg;
    goto raise_error;
  }
  // The class travels in the raw trace, where erlang:raise/2 (an `after`
  // re-raising) reads it: a re-raise in another class changes it there.
  if (IsTuple(x[2]) && TupleArity(x[2]) == 2 && TupleElement(x[2], 0) != x[0]) {
    ENSURE(3, 3);
    x[2] = Tuple2(htop, x[0], TupleElement(x[2], 1));
    htop += 3;
  }
  reason_class = x[0];
  reason = x[1];
  raw_trace = x[2];
  goto raise;

op_BuildStacktrace:
  SWAPOUT();
  x[0] = BuildStacktrace(s->memory, m->code_index, x[0]);
  SWAPIN();
  pc += 1;
  DISPATCH();

// Receive. The save position lives in the process (ProcessContext); the
// message at it is looked at in x0. Without a process the mailbox is empty.
op_RecvMarkerReserve:
  STORE(pc[1], s->process != nullptr ? s->process->ReserveReceiveMarker() : kNil);
  pc += 2;
  DISPATCH();

op_RecvMarkerBind:
  if (s->process != nullptr) s->process->BindReceiveMarker(SRC(pc[1]), SRC(pc[2]));
  pc += 3;
  DISPATCH();

op_RecvMarkerUse:
  if (s->process != nullptr) s->process->UseReceiveMarker(SRC(pc[1]));
  pc += 2;
  DISPATCH();

op_RecvMarkerClear:
  if (s->process != nullptr) s->process->ClearReceiveMarker(SRC(pc[1]));
  pc += 2;
  DISPATCH();

op_LoopRec : {
  Term message = s->process != nullptr ? s->process->MessageAtSave() : kNonValue;
  if (message == kNonValue) {
    pc = CodeAt(pc[1]);
    DISPATCH();
  }
  x[0] = message;
  pc += 2;
  DISPATCH();
}

op_LoopRecEnd:
  s->process->SkipMessage();
  CALL_TO(CodeAt(pc[1]), 0);

op_RemoveMessage:
  s->process->RemoveMessage(s->memory);
  pc += 1;
  DISPATCH();

op_Timeout:
  if (s->process != nullptr) s->process->EndTimeout();
  pc += 1;
  DISPATCH();

  // A receive without clauses (`receive after T -> ok end`, timer:sleep)
  // is a wait whose label is itself: no loop_rec looks at the messages, so
  // they are passed over here, or the process would wake for them at once.
#define PASS_OVER_MESSAGES_IF_NO_CLAUSES()            \
  if (s->process != nullptr && CodeAt(pc[1]) == pc) { \
    while (s->process->MessageAtSave() != kNonValue)  \
      s->process->SkipMessage();                      \
  }

op_Wait:
  PASS_OVER_MESSAGES_IF_NO_CLAUSES()
  s->pc = CodeAt(pc[1]);
  if (s->process != nullptr) s->process->Wait(-1);
  goto wait;

op_WaitTimeout : {
  PASS_OVER_MESSAGES_IF_NO_CLAUSES()
  // Run again after a wait too: a message that came goes first, as in
  // BEAM, then the `after` clause if the timer fired meanwhile.
  if (s->process != nullptr) {
    if (s->process->MessageAtSave() != kNonValue) {
      pc = CodeAt(pc[1]);
      DISPATCH();
    }
    if (s->process->TimedOut()) {
      pc += 3;
      DISPATCH();
    }
    if (s->process->WaitedBefore()) {  // the timer runs, if there is one
      s->pc = pc;
      s->process->Wait(-1);
      goto wait;
    }
  }
  Term after = SRC(pc[2]);
  int64_t ms;
  if (after == atoms::kInfinity) {
    ms = -1;
  } else if (IsSmall(after) && SmallValue(after) >= 0 && SmallValue(after) <= kMaxTimeoutMs) {
    ms = SmallValue(after);
  } else {
    reason = atoms::kTimeoutValue;
    goto raise_error;
  }
  if (ms == 0) {
    pc += 3;
    DISPATCH();
  }
  s->pc = pc;
  if (s->process != nullptr) s->process->Wait(ms);
  goto wait;
}
#undef PASS_OVER_MESSAGES_IF_NO_CLAUSES

wait:  // s->pc is where the process goes on; no x register is live
  s->cp = cp;
  SWAPOUT();
  return {RunOutcome::kWaiting, kNonValue, REDUCTIONS_USED()};

op_NormalExit:
  SWAPOUT();
  s->pc = pc;
  return {RunOutcome::kFinished, x[0], REDUCTIONS_USED()};

raise_error:
  reason_class = atoms::kError;
raise : {
  if (raw_trace == kNonValue) {
    SWAPOUT();
    raw_trace = CaptureTrace(s->memory, reason_class, &reason, fault, pc, cp);
    SWAPIN();
  }
  fault = Fault{};
  // The innermost catch on the stack: its frame is the one whose
  // continuation word was seen last before it.
  Word* frame = nullptr;
  for (Word* p = E; p < s->memory.stack_end(); ++p) {
    if ((*p & tag::kPrimaryMask) == tag::kHeader) {
      frame = p;
    } else if (IsCatch(Term::FromRaw(*p))) {
      E = frame;
      x[0] = kNonValue;
      x[1] = reason_class;
      x[2] = reason;
      x[3] = raw_trace;
      raw_trace = kNonValue;
      cp = nullptr;  // the handler's function has a frame
      pc = CatchHandler(Term::FromRaw(*p));
      DISPATCH();
    }
  }
  // Uncaught. From here on nothing collects: the terms are built with the
  // process memory's allocator.
  SWAPOUT();
  Term stacktrace = BuildStacktrace(s->memory, m->code_index, raw_trace);
  if (reason_class == atoms::kThrow) {  // an uncaught throw is error {nocatch, V}
    reason = MakeTuple(s->memory, {atoms::kNocatch, reason});
    reason_class = atoms::kError;
  }
  s->pc = pc;
  return {RunOutcome::kError, reason, REDUCTIONS_USED(), reason_class, stacktrace};
}

#undef RAISE_WITH
#undef CALL_TO
#undef X_OPERAND
#undef Y_OPERAND
#undef C_OPERAND
#undef SRC
#undef STORE
#undef ENSURE
#undef ENTER
#undef SWAPIN
#undef SWAPOUT
#undef DISPATCH
#undef REDUCTIONS_USED
#undef TEST_THEN
}

const void* const* Handlers() {
  static const void* const* table = [] {
    SavedRegisters saved;
    Interpret(nullptr, nullptr, 0);
    return g_handlers;
  }();
  return table;
}

}  // namespace

Word HandlerAddress(Op op) {
  return reinterpret_cast<Word>(Handlers()[static_cast<size_t>(op)]);
}

void StartCall(ErlangState& s, const Word* entry, std::span<const Term> args) {
  static const Word kFinish[1] = {HandlerAddress(Op::kNormalExit)};
  s.saved_x.assign(args.begin(), args.end());
  s.pc = entry;
  s.cp = kFinish;
}

void StartCall(ErlangState& s, Export* function, std::span<const Term> args) {
  // erlang:apply/2,3 are instructions (a spawned process starts with one).
  bool apply = function->module == atoms::kErlang && function->function == atoms::kApply;
  if (apply && (function->arity == 2 || function->arity == 3)) {
    s.call_stub = {HandlerAddress(function->arity == 3 ? Op::kApplyList : Op::kApplyFunList), 0};
  } else {
    s.call_stub = {HandlerAddress(Op::kCallExtOnly), function->arity,
                   reinterpret_cast<Word>(function)};
  }
  StartCall(s, s.call_stub.data(), args);
}

RunResult Run(ErlangState& s, Machine& m, int reductions) {
  SavedRegisters saved;
  return Interpret(&s, &m, reductions);
}

}  // namespace ling::vm
