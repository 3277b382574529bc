#include "emulator/vm/specialise.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "emulator/loader/frame_check.h"
#include "emulator/loader/malformed.h"
#include "emulator/vm/interpreter.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/bignum.h"
#include "runtime/term/bit_build.h"
#include "runtime/term/bit_match.h"
#include "runtime/term/external.h"

namespace ling::vm {
namespace {

using loader::GenericInstr;
using loader::GenOp;
using loader::Operand;
using loader::OperandKind;

// An operand's form for the handlers specialised by it: an x register, a y
// register, or a constant (anything else a source can be).
enum Form { kXForm, kYForm, kCForm };
Form FormOf(OperandKind k) {
  return k == OperandKind::kX ? kXForm : k == OperandKind::kY ? kYForm : kCForm;
}

// A handler chosen by its two operands' forms, from a table by [first][second]
// form; the entry for two constants is the general handler.
using FormTable = Op[3][3];
Op ByForms(const FormTable& table, OperandKind a, OperandKind b) {
  return table[FormOf(a)][FormOf(b)];
}
constexpr FormTable kPlusForms = {{Op::kPlusXX, Op::kPlusXY, Op::kPlusXC},
                                  {Op::kPlusYX, Op::kPlusYY, Op::kPlusYC},
                                  {Op::kPlusCX, Op::kPlusCY, Op::kGcBif}};
constexpr FormTable kMinusForms = {{Op::kMinusXX, Op::kMinusXY, Op::kMinusXC},
                                   {Op::kMinusYX, Op::kMinusYY, Op::kMinusYC},
                                   {Op::kMinusCX, Op::kMinusCY, Op::kGcBif}};
// Two constants: no code builds a constant list at run time.
constexpr FormTable kPutListForms = {{Op::kPutListXX, Op::kPutListXY, Op::kPutListXC},
                                     {Op::kPutListYX, Op::kPutListYY, Op::kPutListYC},
                                     {Op::kPutListCX, Op::kPutListCY, Op::kPutList}};
constexpr FormTable kHeapPutListForms = {
    {Op::kHeapPutListXX, Op::kHeapPutListXY, Op::kHeapPutListXC},
    {Op::kHeapPutListYX, Op::kHeapPutListYY, Op::kHeapPutListYC},
    {Op::kHeapPutListCX, Op::kHeapPutListCY, Op::kHeapPutList}};

// The instruction doing register moves `first` then `second` (each one of
// MoveXX, MoveXY, MoveYX, MoveYY).
// Instructions that run straight on into the next one, Call or Return: the
// handler of `first` when followed by the other (see FuseWithPrevious), and
// the words `first` takes.
struct Fusion {
  Op first;
  Op fused;
  size_t words;
};
constexpr Fusion kMovesThenCall[] = {
    {Op::kMoveXX, Op::kMoveXXCall, 3},     {Op::kMoveXY, Op::kMoveXYCall, 3},
    {Op::kMoveYX, Op::kMoveYXCall, 3},     {Op::kMoveYY, Op::kMoveYYCall, 3},
    {Op::kMoveXXXX, Op::kMoveXXXXCall, 5}, {Op::kMoveXXXY, Op::kMoveXXXYCall, 5},
    {Op::kMoveXXYX, Op::kMoveXXYXCall, 5}, {Op::kMoveXXYY, Op::kMoveXXYYCall, 5},
    {Op::kMoveXYXX, Op::kMoveXYXXCall, 5}, {Op::kMoveXYXY, Op::kMoveXYXYCall, 5},
    {Op::kMoveXYYX, Op::kMoveXYYXCall, 5}, {Op::kMoveXYYY, Op::kMoveXYYYCall, 5},
    {Op::kMoveYXXX, Op::kMoveYXXXCall, 5}, {Op::kMoveYXXY, Op::kMoveYXXYCall, 5},
    {Op::kMoveYXYX, Op::kMoveYXYXCall, 5}, {Op::kMoveYXYY, Op::kMoveYXYYCall, 5},
    {Op::kMoveYYXX, Op::kMoveYYXXCall, 5}, {Op::kMoveYYXY, Op::kMoveYYXYCall, 5},
    {Op::kMoveYYYX, Op::kMoveYYYXCall, 5}, {Op::kMoveYYYY, Op::kMoveYYYYCall, 5},
};
constexpr Fusion kMoveThenReturn[] = {{Op::kMoveXX, Op::kMoveXXReturn, 3}};
constexpr Fusion kMoveThenCallOnly[] = {{Op::kMoveXX, Op::kMoveXXCallOnly, 3}};
constexpr Fusion kMoveThenCallLast[] = {{Op::kMoveYX, Op::kMoveYXCallLast, 3}};
constexpr Fusion kListTestThenGetList[] = {
    {Op::kIsNonemptyListX, Op::kIsNonemptyListXGetListXXX, 3}};
constexpr Fusion kListTestThenAllocate[] = {
    {Op::kIsNonemptyListX, Op::kIsNonemptyListXAllocate, 3}};

Op MovePair(Op first, Op second) {
  static constexpr Op kPairs[4][4] = {{Op::kMoveXXXX, Op::kMoveXXXY, Op::kMoveXXYX, Op::kMoveXXYY},
                                      {Op::kMoveXYXX, Op::kMoveXYXY, Op::kMoveXYYX, Op::kMoveXYYY},
                                      {Op::kMoveYXXX, Op::kMoveYXXY, Op::kMoveYXYX, Op::kMoveYXYY},
                                      {Op::kMoveYYXX, Op::kMoveYYXY, Op::kMoveYYYX, Op::kMoveYYYY}};
  auto form = [](Op move) {
    return move == Op::kMoveXX ? 0 : move == Op::kMoveXY ? 1 : move == Op::kMoveYX ? 2 : 3;
  };
  return kPairs[form(first)][form(second)];
}

// A comparison test's handler: its own for x-register and constant operands
// (XX, XC, CX), the general one for the rest.
Op CompareOp(GenOp test, OperandKind a, OperandKind b) {
  Form fa = FormOf(a), fb = FormOf(b);
  bool decoded = fa == kYForm || fb == kYForm || (fa == kCForm && fb == kCForm);
  int form = fa == kXForm && fb == kXForm ? 0 : fa == kXForm ? 1 : 2;
  switch (test) {
    case GenOp::kIsLt:
      return decoded ? Op::kIsLt : std::array{Op::kIsLtXX, Op::kIsLtXC, Op::kIsLtCX}[form];
    case GenOp::kIsGe:
      return decoded ? Op::kIsGe : std::array{Op::kIsGeXX, Op::kIsGeXC, Op::kIsGeCX}[form];
    case GenOp::kIsEqExact:
      return !decoded && form == 1 ? Op::kIsEqExactXC : Op::kIsEqExact;
    default:
      return !decoded && form == 1 ? Op::kIsNeExactXC : Op::kIsNeExact;
  }
}

// The most words a frame or heap need may ask for: far above any real
// code's, and low enough that the interpreter's heap test (htop + need
// against the stack) cannot wrap.
constexpr Word kMaxWordsNeeded = Word{1} << 32;
absl::Status NeedTooLarge() {
  return loader::Malformed("Code chunk", "a frame or heap need too large");
}

// Whether a select_val's values are small integers close enough together
// for a jump table (at most one hole per value, as BEAM's jump_on_val).
constexpr int64_t kMaxJumpTable = 256;
bool SelectsDenseSmalls(std::span<const Operand> pairs) {
  if (pairs.empty()) return false;
  int64_t lo = INT64_MAX, hi = INT64_MIN;
  for (size_t i = 0; i < pairs.size(); i += 2) {
    const Operand& v = pairs[i];
    if ((v.kind != OperandKind::kInteger && v.kind != OperandKind::kChar) || !FitsSmall(v.value)) {
      return false;
    }
    lo = std::min(lo, v.value);
    hi = std::max(hi, v.value);
  }
  int64_t range = hi - lo + 1;
  return range <= kMaxJumpTable && range <= static_cast<int64_t>(pairs.size());
}

// Writes one module's code: handler words, operands, and label references
// patched once every label's position is known.
class Emitter {
 public:
  Emitter(const loader::BeamModule& m, ExportTable& exports)
      : m_(m),
        exports_(exports),
        label_pos_(m.code.label_count, -1),
        literal_area_(std::make_unique<Heap>()),
        lambdas_(std::make_unique<FunEntry[]>(m.lambdas.size())),
        strings_(m.strings.begin(), m.strings.end()) {}

  // Decodes the literal table into the literal area.
  absl::Status DecodeLiterals();
  // Fills in the lambdas' identities (their code comes with Finish).
  void DescribeLambdas();

  absl::Status Instruction(const GenericInstr& g);
  absl::StatusOr<LoadedCode> Finish();
  bool wrong_kind() const { return wrong_kind_; }

 private:
  void Emit(Op op) {
    before_last_op_ = last_op_;
    before_last_op_at_ = last_op_at_;
    last_op_ = op;
    last_op_at_ = out_.size();
    out_.push_back(HandlerAddress(op));
  }
  void Raw(Word w) { out_.push_back(w); }
  // Whether the last instruction is `op`, `words` long, with no label bound
  // after it: the next one always runs right after it, so the two may fuse.
  bool JustEmitted(Op op, size_t words) const {
    return last_op_ == op && last_op_at_ + words == out_.size() && last_label_at_ != out_.size();
  }
  // Whether the last two instructions are a fun call (a body call: its mode
  // word last) and a Deallocate, with no label after the call.
  bool FunCallThenDeallocate() const {
    if (!JustEmitted(Op::kDeallocate, 2) || last_label_at_ == last_op_at_) return false;
    size_t words = before_last_op_ == Op::kCallFun ? 3 : before_last_op_ == Op::kCallFun2 ? 4 : 0;
    return words != 0 && before_last_op_at_ + words == last_op_at_ &&
           out_[last_op_at_ - 1] == kBodyCall;
  }
  // Before emitting the instruction that `fusions` name as the next: the one
  // just emitted, if it is one of theirs, goes straight on into it.
  void FuseWithPrevious(std::span<const Fusion> fusions) {
    for (const Fusion& f : fusions) {
      if (JustEmitted(f.first, f.words)) {
        out_[last_op_at_] = HandlerAddress(f.fused);
        return;
      }
    }
  }
  // Allocate of `stack` y registers: each is set to [] unless the moves
  // right after write it first (FollowFrameWrites takes it out of the
  // mask then); a frame beyond the mask's 64 also gets InitYregs for the
  // rest.
  void EmitAllocate(Word stack, Word need, Word live) {
    Emit(Op::kAllocate);
    Raw(stack + kFrameHeader);
    Raw(need);
    Raw(live);
    Raw(stack >= 64 ? ~Word{0} : (Word{1} << stack) - 1);
    frame_mask_at_ = stack <= 64 ? out_.size() - 1 : 0;
    if (stack <= 64) return;
    Emit(Op::kInitYregs);
    Raw(stack - 64);
    for (Word y = 64; y < stack; ++y)
      Raw(y);
  }
  // Whether y register `o` is one of the new frame's that Allocate still
  // sets to [] (nothing has written it yet).
  bool Unwritten(const Operand& o) const {
    return o.kind == OperandKind::kY && o.value < 64 && (out_[frame_mask_at_] >> o.value & 1) != 0;
  }
  // Before instruction `g`, while an Allocate's mask is being settled: a
  // move (or get_list) from registers already written that writes a y
  // register takes it out of the mask, as nothing can look at the stack
  // before it is written; anything else ends the settling, the registers
  // still in the mask then set by Allocate.
  void FollowFrameWrites(const GenericInstr& g, std::span<const Operand> a) {
    if (frame_mask_at_ == 0) return;
    auto written = [&](const Operand& o) {
      if (o.kind == OperandKind::kY && o.value < 64) out_[frame_mask_at_] &= ~(Word{1} << o.value);
    };
    switch (g.op) {
      case GenOp::kLine:
        return;
      case GenOp::kMove:
        if (Unwritten(a[0])) break;
        written(a[1]);
        return;
      case GenOp::kGetList:
        if (Unwritten(a[0])) break;
        written(a[1]);
        written(a[2]);
        return;
      case GenOp::kInitYregs:  // when its registers are all still in the mask, it is dropped
        for (const Operand& y : ListAt(a[0])) {
          if (!Unwritten(y)) frame_mask_at_ = 0;
        }
        return;
      default:
        break;
    }
    frame_mask_at_ = 0;
  }
  void Label(const Operand& l) {
    if (l.kind != OperandKind::kLabel) wrong_kind_ = true;
    if (l.kind == OperandKind::kLabel && l.value != 0) {
      refs_.emplace_back(out_.size(), static_cast<uint32_t>(l.value));
    }
    out_.push_back(0);  // no label: nullptr
  }
  // The elements of a list operand, the atom of an atom operand: a file may
  // give an operand of another kind where the instruction wants these, which
  // Instruction then reports as malformed (wrong_kind_).
  std::span<const Operand> ListAt(const Operand& o) {
    if (o.kind == OperandKind::kList) return m_.code.ListOf(o);
    wrong_kind_ = true;
    return {};
  }
  Term AtomAt(const Operand& o) {
    if (o.kind == OperandKind::kAtom) return m_.atom(static_cast<uint32_t>(o.value));
    wrong_kind_ = true;
    return kNil;
  }
  absl::Status Source(const Operand& o);
  absl::Status Destination(const Operand& o);
  // The y register that holds a try's or catch's catch term.
  absl::Status CatchSlot(const Operand& o);
  absl::StatusOr<Export*> ImportAt(const Operand& index);
  // The export entry of an imported BIF, refused if not implemented or if
  // the instruction gives it `args` arguments where its arity says otherwise.
  absl::StatusOr<Export*> BifAt(const Operand& index, size_t args);
  // Heap words an allocation operand asks for (a number or an alloc list).
  absl::StatusOr<Word> HeapNeed(const Operand& o);
  // `bytes` bytes of the string table from `offset`, as a pointer operand.
  absl::Status StringAt(const Operand& offset, uint64_t bytes);
  // select_val over dense small integers (SelectsDenseSmalls) as a table.
  absl::Status JumpOnSmall(const Operand& subject, const Operand& fail,
                           std::span<const Operand> pairs);
  // A bit syntax instruction with its operands (see instructions.def).
  absl::Status BitSyntax(const GenericInstr& g, std::span<const Operand> a);
  // One BsGetFields field (`field` a field word, `dest` nullptr for a
  // skip): joined to the BsGetFields just emitted when that one matches on
  // the same context with the same fail label and the two fit 64 bits.
  absl::Status MatchField(const Operand& fail, const Operand& context, Word field,
                          const Operand* dest);
  absl::Status Unsupported(std::string_view what) {
    return absl::InvalidArgumentError("cannot load " + std::string(AtomName(m_.name)) + ": " +
                                      std::string(what));
  }

  const loader::BeamModule& m_;
  ExportTable& exports_;
  std::vector<Word> out_;
  std::vector<int64_t> label_pos_;
  std::vector<std::pair<size_t, uint32_t>> refs_;                   // (word, label)
  std::vector<std::pair<size_t, LoadedCode::Function>> functions_;  // (entry word, ...)
  std::unique_ptr<Heap> literal_area_;
  std::vector<Term> literals_;
  std::unique_ptr<FunEntry[]> lambdas_;
  std::vector<uint8_t> strings_;  // moves into the code: pointers into it stay valid
  std::vector<LoadedCode::LineMark> line_marks_;
  bool wrong_kind_ = false;  // an operand of a kind the instruction cannot take
  // The last instruction emitted and where (for fusing a pair), and where
  // the last label was bound: no jump may land between fused instructions.
  Op last_op_ = Op::kIntCodeEnd;
  size_t last_op_at_ = 0;
  Op before_last_op_ = Op::kIntCodeEnd;  // the one before it (three-instruction fusions)
  size_t before_last_op_at_ = 0;
  size_t last_label_at_ = 0;
  // Where the clear mask of the Allocate just emitted is, while the
  // instructions after it are only moves into its y registers (see
  // FollowFrameWrites); 0 once anything else came.
  size_t frame_mask_at_ = 0;
  // The fail label and context of the last BsGetFields (see MatchField).
  std::pair<uint32_t, Operand> fields_key_;
  // The function being emitted is a BIF's stub (see Instruction).
  Export* bif_function_ = nullptr;
  bool in_bif_stub_ = false;
};

void Emitter::DescribeLambdas() {
  for (size_t i = 0; i < m_.lambdas.size(); ++i) {
    const loader::LambdaEntry& l = m_.lambdas[i];
    FunEntry& f = lambdas_[i];
    f.num_free = l.num_free;
    f.id.module = m_.name;
    f.id.new_uniq = m_.md5;  // as on BEAM: fun_info/2, term order, the external format
    f.id.index = l.index;
    f.id.uniq = l.old_uniq;
    f.id.arity = static_cast<uint8_t>(l.arity - l.num_free);
  }
}

absl::Status Emitter::DecodeLiterals() {
  for (loader::Bytes encoded : m_.literals.encoded) {
    absl::StatusOr<Decoded> d = DecodeExternal(*literal_area_, encoded);
    if (!d.ok()) {
      return loader::Malformed("LitT chunk",
                               "a literal does not decode: " + std::string(d.status().message()));
    }
    literals_.push_back(d->term);
  }
  return absl::OkStatus();
}

// A two's complement, big-endian integer (a wide compact-term operand) as
// an integer term.
absl::StatusOr<Term> WideInteger(Heap& heap, const std::vector<uint8_t>& bytes) {
  bool negative = !bytes.empty() && (bytes[0] & 0x80);
  // The magnitude, little-endian bytes: negate two's complement if needed.
  std::vector<uint8_t> magnitude(bytes.rbegin(), bytes.rend());
  if (negative) {
    unsigned carry = 1;
    for (uint8_t& b : magnitude) {
      unsigned v = static_cast<uint8_t>(~b) + carry;
      b = static_cast<uint8_t>(v);
      carry = v >> 8;
    }
  }
  return MakeIntegerFromBytes(heap, negative, magnitude);
}

absl::Status Emitter::Source(const Operand& o) {
  switch (o.kind) {
    case OperandKind::kX:
      Raw(XRegisterWord(static_cast<uint64_t>(o.value)));
      return absl::OkStatus();
    case OperandKind::kY:
      Raw(YRegisterWord(static_cast<uint64_t>(o.value)));
      return absl::OkStatus();
    case OperandKind::kAtom:
      Raw(ConstantWord(m_.atom(static_cast<uint32_t>(o.value))));
      return absl::OkStatus();
    case OperandKind::kNil:
      Raw(ConstantWord(kNil));
      return absl::OkStatus();
    case OperandKind::kInteger:
    case OperandKind::kChar:
      Raw(ConstantWord(MakeInteger(*literal_area_, o.value)));
      return absl::OkStatus();
    case OperandKind::kBigInteger: {
      absl::StatusOr<Term> big =
          WideInteger(*literal_area_, m_.code.pools.big_integers[static_cast<size_t>(o.value)]);
      if (!big.ok()) return loader::Malformed("Code chunk", "an integer operand out of range");
      Raw(ConstantWord(*big));
      return absl::OkStatus();
    }
    case OperandKind::kLiteral:
      Raw(ConstantWord(literals_[static_cast<size_t>(o.value)]));
      return absl::OkStatus();
    default:
      return loader::Malformed("Code chunk", "an operand that is not a value");
  }
}

absl::Status Emitter::CatchSlot(const Operand& o) {
  if (o.kind != OperandKind::kY) return loader::Malformed("Code chunk", "a catch outside a y slot");
  return Source(o);
}

absl::Status Emitter::Destination(const Operand& o) {
  if (!o.IsRegister()) return loader::Malformed("Code chunk", "a destination that is no register");
  return Source(o);
}

absl::StatusOr<Export*> Emitter::ImportAt(const Operand& index) {
  if (index.kind != OperandKind::kUnsigned ||
      index.value >= static_cast<int64_t>(m_.imports.size())) {
    return loader::Malformed("Code chunk", "import index out of range");
  }
  const loader::Import& i = m_.imports[static_cast<size_t>(index.value)];
  return exports_.Get(m_.atom(i.module), m_.atom(i.function), i.arity);
}

absl::StatusOr<Export*> Emitter::BifAt(const Operand& index, size_t args) {
  absl::StatusOr<Export*> e = ImportAt(index);
  if (!e.ok()) return e.status();
  // The BIF reads as many arguments as its arity says.
  if ((*e)->arity != args) return loader::Malformed("Code chunk", "a BIF given another arity");
  if ((*e)->bif == nullptr) {
    return Unsupported("the BIF " + std::string(AtomName((*e)->module)) + ":" +
                       std::string(AtomName((*e)->function)) + "/" + std::to_string((*e)->arity) +
                       " is not implemented");
  }
  return *e;
}

absl::StatusOr<Word> Emitter::HeapNeed(const Operand& o) {
  if (o.kind == OperandKind::kUnsigned) {
    if (static_cast<Word>(o.value) > kMaxWordsNeeded) return NeedTooLarge();
    return static_cast<Word>(o.value);
  }
  if (o.kind != OperandKind::kAllocList) return loader::Malformed("Code chunk", "bad heap need");
  std::span<const Operand> pairs = m_.code.ListOf(o);
  Word words = 0;
  for (size_t i = 0; i < pairs.size(); i += 2) {
    int64_t kind = pairs[i].value, n = pairs[i + 1].value;
    if (n < 0 || static_cast<Word>(n) > kMaxWordsNeeded) return NeedTooLarge();
    if (kind == 0) {
      words += static_cast<Word>(n);
    } else if (kind == 1) {
      words += 2 * static_cast<Word>(n);  // a float: header and value
    } else if (kind == 2) {
      words += kLocalFunFixedWords * static_cast<Word>(n);  // free variables are in `words`
    } else {
      return loader::Malformed("Code chunk", "an allocation list of an unknown kind");
    }
  }
  if (words > kMaxWordsNeeded) return NeedTooLarge();
  return words;
}

absl::Status Emitter::StringAt(const Operand& offset, uint64_t bytes) {
  if ((offset.kind != OperandKind::kUnsigned && offset.kind != OperandKind::kInteger) ||
      offset.value < 0 || static_cast<uint64_t>(offset.value) > strings_.size() ||
      bytes > strings_.size() - static_cast<uint64_t>(offset.value)) {
    return loader::Malformed("Code chunk", "a string outside the string table");
  }
  Raw(reinterpret_cast<Word>(strings_.data() + offset.value));
  return absl::OkStatus();
}

absl::Status Emitter::JumpOnSmall(const Operand& subject, const Operand& fail,
                                  std::span<const Operand> pairs) {
  int64_t lo = INT64_MAX, hi = INT64_MIN;
  for (size_t i = 0; i < pairs.size(); i += 2) {
    lo = std::min(lo, pairs[i].value);
    hi = std::max(hi, pairs[i].value);
  }
  // A value listed twice goes to its first target, as in a linear select.
  std::vector<const Operand*> targets(static_cast<size_t>(hi - lo + 1), &fail);
  for (size_t i = pairs.size(); i >= 2; i -= 2)
    targets[static_cast<size_t>(pairs[i - 2].value - lo)] = &pairs[i - 1];
  Emit(subject.kind == OperandKind::kX ? Op::kJumpOnSmallX : Op::kJumpOnSmall);
  if (absl::Status st = Source(subject); !st.ok()) return st;
  Label(fail);
  Raw(static_cast<Word>(lo));
  Raw(targets.size());
  for (const Operand* target : targets)
    Label(*target);
  return absl::OkStatus();
}

// The handler that computes integer BIF `f` on two smalls in place; GcBif
// for any other BIF.
Op SmallIntegerOp(const Export& f) {
  static const std::pair<Term, Op> kOps[] = {
      {InternAtom("*"), Op::kTimesSmall}, {InternAtom("div"), Op::kDivSmall},
      {InternAtom("rem"), Op::kRemSmall}, {InternAtom("band"), Op::kBandSmall},
      {InternAtom("bor"), Op::kBorSmall}, {InternAtom("bxor"), Op::kBxorSmall},
      {InternAtom("bsr"), Op::kBsrSmall},
  };
  if (f.module != atoms::kErlang || f.arity != 2) return Op::kGcBif;
  for (auto [name, op] : kOps) {
    if (f.function == name) return op;
  }
  return Op::kGcBif;
}

// Size * Unit when Size is a constant and the product at most `limit`.
std::optional<uint64_t> ConstantBits(const Operand& size, const Operand& unit, uint64_t limit) {
  if (size.kind != OperandKind::kInteger || size.value < 0 || unit.value < 0) return std::nullopt;
  auto bits = static_cast<unsigned __int128>(size.value) * static_cast<uint64_t>(unit.value);
  if (bits > limit) return std::nullopt;
  return static_cast<uint64_t>(bits);
}

// Whether bs_create_bin's segments (6 operands each) are integers of
// constant sizes of at most 64 bits after an optional leading append: the
// shape BsCreateIntegers builds.
bool OnlyConstantIntegers(const loader::BeamModule& m, std::span<const Operand> segs) {
  for (size_t i = 0; i < segs.size(); i += 6) {
    if (segs[i].kind != OperandKind::kAtom) return false;
    std::optional<SegmentType> type =
        SegmentTypeFromAtom(m.atom(static_cast<uint32_t>(segs[i].value)));
    bool append = type == SegmentType::kAppend || type == SegmentType::kPrivateAppend;
    if (i == 0 && append) continue;
    if (type != SegmentType::kInteger || !ConstantBits(segs[i + 5], segs[i + 2], 64)) return false;
  }
  return true;
}

absl::Status Emitter::MatchField(const Operand& fail, const Operand& context, Word field,
                                 const Operand* dest) {
  Word bits = field & kFieldBitsMask;
  size_t at = last_op_at_;
  bool joins = last_op_ == Op::kBsGetFields &&
               JustEmitted(Op::kBsGetFields, 5 + 2 * out_[at + 4]) &&
               fail.kind == OperandKind::kLabel && fields_key_.first == fail.value &&
               fields_key_.second.kind == context.kind &&
               fields_key_.second.value == context.value && out_[at + 3] + bits <= 64;
  if (joins) {
    out_[at + 3] += bits;
    out_[at + 4] += 1;
  } else {
    Emit(Op::kBsGetFields);
    Label(fail);
    if (absl::Status st = Source(context); !st.ok()) return st;
    Raw(bits);
    Raw(1);
    fields_key_ = {static_cast<uint32_t>(fail.value), context};
  }
  Raw(field);
  if (dest == nullptr) {
    Raw(0);
    return absl::OkStatus();
  }
  return Destination(*dest);
}

absl::Status Emitter::BitSyntax(const GenericInstr& g, std::span<const Operand> a) {
  auto u = [&](size_t i) { return static_cast<Word>(a[i].value); };
  absl::Status st;
  auto sources = [&](std::initializer_list<size_t> which) -> absl::Status {
    for (size_t i : which) {
      if (absl::Status s = Source(a[i]); !s.ok()) return s;
    }
    return absl::OkStatus();
  };
  switch (g.op) {
    case GenOp::kBsStartMatch3:  // Fail Bin Live Dst
    case GenOp::kBsStartMatch4:  // Fail Live Src Dst; Fail may be no_fail or resume
    {
      bool three = g.op == GenOp::kBsStartMatch3;
      Emit(Op::kBsStartMatch);
      if (a[0].kind == OperandKind::kLabel) {
        Label(a[0]);
      } else {
        Raw(0);
      }
      Raw(u(three ? 2 : 1));
      if (st = Source(a[three ? 1 : 2]); !st.ok()) return st;
      return Destination(a[3]);
    }
    case GenOp::kBsGetInteger2:  // Fail Ctx Live Size Unit Flags Dst
      if (std::optional<uint64_t> bits = ConstantBits(a[3], a[4], SmallSegmentLimit(u(5)))) {
        return MatchField(a[0], a[1], *bits | (u(5) & 0xffff) << kFieldFlagsShift, &a[6]);
      }
      [[fallthrough]];
    case GenOp::kBsGetFloat2:
    case GenOp::kBsGetBinary2:
      Emit(g.op == GenOp::kBsGetInteger2 ? Op::kBsGetInteger
           : g.op == GenOp::kBsGetFloat2 ? Op::kBsGetFloat
                                         : Op::kBsGetBinary);
      Label(a[0]);
      if (st = Source(a[1]); !st.ok()) return st;
      Raw(u(2));
      if (st = Source(a[3]); !st.ok()) return st;
      Raw(u(4));
      Raw(u(5));
      return Destination(a[6]);
    case GenOp::kBsSkipBits2:  // Fail Ctx Size Unit Flags
      if (std::optional<uint64_t> bits = ConstantBits(a[2], a[3], 64)) {
        return MatchField(a[0], a[1], *bits | kSkipField, nullptr);
      }
      if (std::optional<uint64_t> bits = ConstantBits(a[2], a[3], UINT32_MAX)) {
        Emit(Op::kBsSkipConst);
        Label(a[0]);
        if (st = Source(a[1]); !st.ok()) return st;
        Raw(*bits);
        return absl::OkStatus();
      }
      Emit(Op::kBsSkipBits);
      Label(a[0]);
      if (st = sources({1, 2}); !st.ok()) return st;
      Raw(u(3));
      Raw(u(4));
      return absl::OkStatus();
    case GenOp::kBsTestTail2:  // Fail Ctx Bits
    case GenOp::kBsTestUnit:   // Fail Ctx Unit
      Emit(g.op == GenOp::kBsTestTail2 ? Op::kBsTestTail : Op::kBsTestUnit);
      Label(a[0]);
      if (st = Source(a[1]); !st.ok()) return st;
      Raw(u(2));
      return absl::OkStatus();
    case GenOp::kBsMatchString:  // Fail Ctx Bits Offset
      Emit(Op::kBsMatchString);
      Label(a[0]);
      if (st = Source(a[1]); !st.ok()) return st;
      Raw(u(2));
      return StringAt(a[3], (u(2) + 7) / 8);
    case GenOp::kBsGetPosition:  // Ctx Dst Live
    case GenOp::kBsGetTail:
      Emit(g.op == GenOp::kBsGetPosition ? Op::kBsGetPosition : Op::kBsGetTail);
      if (st = Source(a[0]); !st.ok()) return st;
      if (st = Destination(a[1]); !st.ok()) return st;
      Raw(u(2));
      return absl::OkStatus();
    case GenOp::kBsSetPosition:  // Ctx Pos
      Emit(Op::kBsSetPosition);
      return sources({0, 1});
    case GenOp::kBsGetUtf8:  // Fail Ctx Live Flags Dst
    case GenOp::kBsGetUtf16:
    case GenOp::kBsGetUtf32:
    case GenOp::kBsSkipUtf8:  // Fail Ctx Live Flags
    case GenOp::kBsSkipUtf16:
    case GenOp::kBsSkipUtf32: {
      bool get =
          g.op == GenOp::kBsGetUtf8 || g.op == GenOp::kBsGetUtf16 || g.op == GenOp::kBsGetUtf32;
      Word width = g.op == GenOp::kBsGetUtf8 || g.op == GenOp::kBsSkipUtf8     ? 8
                   : g.op == GenOp::kBsGetUtf16 || g.op == GenOp::kBsSkipUtf16 ? 16
                                                                               : 32;
      Emit(get ? Op::kBsGetUtf : Op::kBsSkipUtf);
      Label(a[0]);
      if (st = Source(a[1]); !st.ok()) return st;
      Raw(u(2));
      Raw(width);
      Raw(u(3));
      return get ? Destination(a[4]) : absl::OkStatus();
    }
    case GenOp::kBsCreateBin: {  // Fail Alloc Live Unit Dst {list, 6 per segment}
      std::span<const Operand> segs = ListAt(a[5]);
      if (segs.size() % 6 != 0) return loader::Malformed("Code chunk", "a bs_create_bin list");
      bool integers = OnlyConstantIntegers(m_, segs);
      Emit(integers ? Op::kBsCreateIntegers : Op::kBsCreateBin);
      Label(a[0]);
      Raw(u(1));
      Raw(u(2));
      if (st = Destination(a[4]); !st.ok()) return st;
      Raw(segs.size() / 6);
      for (size_t i = 0; i < segs.size(); i += 6) {
        std::optional<SegmentType> type =
            segs[i].kind == OperandKind::kAtom
                ? SegmentTypeFromAtom(m_.atom(static_cast<uint32_t>(segs[i].value)))
                : std::nullopt;
        if (!type) return loader::Malformed("Code chunk", "a bs_create_bin segment type");
        Term flags = kNil;
        if (segs[i + 3].kind == OperandKind::kLiteral) {
          flags = literals_[static_cast<size_t>(segs[i + 3].value)];
        }
        Raw(static_cast<Word>(*type));
        Raw(static_cast<Word>(segs[i + 1].value));
        Raw(static_cast<Word>(segs[i + 2].value));
        Raw(SegmentFlagsFromList(flags));
        if (*type == SegmentType::kString) {
          Raw(ConstantWord(kNil));
          Raw(static_cast<Word>(segs[i + 5].value));  // the length in bytes
          if (st = StringAt(segs[i + 4], static_cast<uint64_t>(segs[i + 5].value)); !st.ok()) {
            return st;
          }
          continue;
        }
        if (st = Source(segs[i + 4]); !st.ok()) return st;
        if (st = Source(segs[i + 5]); !st.ok()) return st;
        bool sized = integers && *type == SegmentType::kInteger;
        Raw(sized ? *ConstantBits(segs[i + 5], segs[i + 2], 64) : 0);
      }
      return absl::OkStatus();
    }
    case GenOp::kBsInitWritable:
      Emit(Op::kBsInitWritable);
      return absl::OkStatus();
    case GenOp::kBsAdd:  // Fail Src1 Src2 Unit Dst (code older than OTP 22)
      Emit(Op::kBsAdd);
      Label(a[0]);
      if (st = Source(a[1]); !st.ok()) return st;
      if (st = Source(a[2]); !st.ok()) return st;
      Raw(u(3));
      return Destination(a[4]);
    default:
      return Unsupported("a bit syntax instruction");
  }
}

absl::Status Emitter::Instruction(const GenericInstr& g) {
  std::span<const Operand> a = m_.code.OperandsOf(g);
  auto u = [&](size_t i) { return static_cast<Word>(a[i].value); };
  auto sources = [&](std::span<const Operand> list) -> absl::Status {
    for (const Operand& o : list) {
      if (absl::Status s = Source(o); !s.ok()) return s;
    }
    return absl::OkStatus();
  };
  absl::Status st;
  FollowFrameWrites(g, a);
  // A function a BIF implements (lists:reverse/2...) has a stub body in
  // its module: its code becomes a call of the BIF, so local calls reach
  // the BIF as external ones do.
  if (bif_function_ != nullptr && g.op != GenOp::kLabel && g.op != GenOp::kLine &&
      g.op != GenOp::kFuncInfo && g.op != GenOp::kIntCodeEnd) {
    if (!in_bif_stub_) {
      Emit(Op::kCallExtOnly);
      Raw(bif_function_->arity);
      Raw(reinterpret_cast<Word>(bif_function_));
      in_bif_stub_ = true;
    }
    return absl::OkStatus();
  }
  switch (g.op) {
    case GenOp::kLabel:
      label_pos_[u(0)] = static_cast<int64_t>(out_.size());
      last_label_at_ = out_.size();
      return absl::OkStatus();
    case GenOp::kNifStart:
      // Marks a function a NIF may replace (-nifs); ling's native functions
      // are BIFs in its export table, so the marker does nothing here.
      return absl::OkStatus();
    case GenOp::kLine:  // the loader checked the item exists
      line_marks_.push_back(
          {static_cast<uint32_t>(out_.size()), static_cast<uint32_t>(a[0].value)});
      return absl::OkStatus();
    case GenOp::kFuncInfo:
      Emit(Op::kFuncInfo);
      Raw(ConstantWord(AtomAt(a[0])));
      Raw(ConstantWord(AtomAt(a[1])));
      Raw(u(2));
      functions_.push_back(
          {out_.size(), {AtomAt(a[1]), static_cast<uint32_t>(a[2].value), nullptr}});
      if (Export* e = exports_.Find(m_.name, AtomAt(a[1]), static_cast<uint32_t>(a[2].value));
          e != nullptr && e->bif != nullptr) {
        bif_function_ = e;
      } else {
        bif_function_ = nullptr;
      }
      in_bif_stub_ = false;
      return absl::OkStatus();
    case GenOp::kIntCodeEnd:
      Emit(Op::kIntCodeEnd);
      return absl::OkStatus();
    case GenOp::kMove: {
      if (!a[1].IsRegister())
        return loader::Malformed("Code chunk", "a destination that is no register");
      bool to_x = a[1].kind == OperandKind::kX;
      if (!a[0].IsRegister() && to_x) {
        Emit(Op::kMoveCX);
        if (st = Source(a[0]); !st.ok()) return st;
        Raw(u(1));
        return absl::OkStatus();
      }
      if (!a[0].IsRegister()) {
        Emit(Op::kMoveCY);
        if (st = Source(a[0]); !st.ok()) return st;
        Raw(u(1));
        return absl::OkStatus();
      }
      bool from_x = a[0].kind == OperandKind::kX;
      Op move = from_x ? (to_x ? Op::kMoveXX : Op::kMoveXY) : (to_x ? Op::kMoveYX : Op::kMoveYY);
      // Right after another register move: the two become one instruction.
      for (Op first : {Op::kMoveXX, Op::kMoveXY, Op::kMoveYX, Op::kMoveYY}) {
        if (JustEmitted(first, 3)) {
          out_[last_op_at_] = HandlerAddress(MovePair(first, move));
          last_op_ = MovePair(first, move);  // fuses with no third move
          Raw(u(0));
          Raw(u(1));
          return absl::OkStatus();
        }
      }
      Emit(move);
      Raw(u(0));
      Raw(u(1));
      return absl::OkStatus();
    }
    case GenOp::kSwap:
      Emit(Op::kSwap);
      if (st = Destination(a[0]); !st.ok()) return st;
      return Destination(a[1]);
    case GenOp::kCall:
      FuseWithPrevious(kMovesThenCall);
      Emit(Op::kCall);
      Raw(u(0));
      Label(a[1]);
      return absl::OkStatus();
    case GenOp::kCallLast:
      FuseWithPrevious(kMoveThenCallLast);
      Emit(Op::kCallLast);
      Raw(u(0));
      Label(a[1]);
      Raw(u(2));
      return absl::OkStatus();
    case GenOp::kCallOnly:
      FuseWithPrevious(kMoveThenCallOnly);
      Emit(Op::kCallOnly);
      Raw(u(0));
      Label(a[1]);
      return absl::OkStatus();
    case GenOp::kCallExt:
    case GenOp::kCallExtLast:
    case GenOp::kCallExtOnly: {
      absl::StatusOr<Export*> e = ImportAt(a[1]);
      if (!e.ok()) return e.status();
      // A call_ext_last of a BIF that never returns is called in place,
      // dropping no frame: erlc's frame count on it may be stale
      // (loader/frame_check.h).
      GenOp op = g.op == GenOp::kCallExtLast &&
                         loader::NeverReturns((*e)->module, (*e)->function, (*e)->arity)
                     ? GenOp::kCallExt
                     : g.op;
      Word mode = op == GenOp::kCallExt       ? kBodyCall
                  : op == GenOp::kCallExtLast ? u(2) + kFrameHeader
                                              : 0;
      // erlang:apply/2,3 are instructions: they call on from this process.
      if ((*e)->module == atoms::kErlang && (*e)->function == atoms::kApply &&
          ((*e)->arity == 2 || (*e)->arity == 3)) {
        Emit((*e)->arity == 3 ? Op::kApplyList : Op::kApplyFunList);
        Raw(mode);
        return absl::OkStatus();
      }
      Emit(op == GenOp::kCallExt       ? Op::kCallExt
           : op == GenOp::kCallExtLast ? Op::kCallExtLast
                                       : Op::kCallExtOnly);
      Raw(u(0));
      Raw(reinterpret_cast<Word>(*e));
      if (op == GenOp::kCallExtLast) Raw(u(2));
      return absl::OkStatus();
    }
    case GenOp::kReturn:
      if (FunCallThenDeallocate()) {
        // call_fun, deallocate, return: the fun is called as a tail call
        // (its mode word drops the frame), so a loop through funs runs in
        // constant stack, as on BEAM.
        out_[last_op_at_ - 1] = out_[last_op_at_ + 1] + kFrameHeader;  // the call's mode
        out_.resize(last_op_at_);
        last_op_ = before_last_op_;
        last_op_at_ = before_last_op_at_;
        return absl::OkStatus();
      }
      if (JustEmitted(Op::kDeallocate, 2)) {
        out_[last_op_at_] = HandlerAddress(Op::kDeallocateReturn);
        // A list cell built right before (HeapPutListYX: a TestHeap fused
        // into the PutListYX after it) goes on into the return too.
        size_t heap_at = before_last_op_at_ - 3;
        if (before_last_op_ == Op::kPutListYX && before_last_op_at_ + 4 == last_op_at_ &&
            before_last_op_at_ >= 3 && out_[heap_at] == HandlerAddress(Op::kHeapPutListYX) &&
            last_label_at_ <= heap_at) {
          out_[heap_at] = HandlerAddress(Op::kHeapPutListYXDeallocateReturn);
        }
        last_op_ = Op::kDeallocateReturn;
        return absl::OkStatus();
      }
      FuseWithPrevious(kMoveThenReturn);
      Emit(Op::kReturn);
      return absl::OkStatus();
    case GenOp::kApply:
    case GenOp::kApplyLast:
      Emit(Op::kApply);
      Raw(u(0));
      Raw(g.op == GenOp::kApply ? kBodyCall : u(1) + kFrameHeader);
      return absl::OkStatus();
    case GenOp::kCallFun:
      Emit(Op::kCallFun);
      Raw(u(0));
      Raw(kBodyCall);
      return absl::OkStatus();
    case GenOp::kCallFun2:  // Tag (safe or unsafe: both are checked here), Arity, Fun
      Emit(Op::kCallFun2);
      Raw(u(1));
      if (st = Source(a[2]); !st.ok()) return st;
      Raw(kBodyCall);
      return absl::OkStatus();
    case GenOp::kMakeFun3: {
      if (a[0].kind != OperandKind::kUnsigned ||
          a[0].value >= static_cast<int64_t>(m_.lambdas.size())) {
        return loader::Malformed("Code chunk", "make_fun3 of a lambda out of range");
      }
      const FunEntry& lambda = lambdas_[static_cast<size_t>(a[0].value)];
      std::span<const Operand> free = ListAt(a[2]);
      if (free.size() != lambda.num_free) {
        return loader::Malformed("Code chunk", "make_fun3 with the wrong number of free variables");
      }
      Emit(Op::kMakeFun);
      Raw(reinterpret_cast<Word>(&lambda));
      if (st = Destination(a[1]); !st.ok()) return st;
      Raw(free.size());
      return sources(free);
    }
    case GenOp::kMakeFun2: {
      // The form before OTP 24 (still emitted under -compile(r22)): the
      // free variables are x0.., the fun goes to x0, and the instruction
      // makes its own room on the heap.
      if (a[0].kind != OperandKind::kUnsigned ||
          a[0].value >= static_cast<int64_t>(m_.lambdas.size())) {
        return loader::Malformed("Code chunk", "make_fun2 of a lambda out of range");
      }
      const FunEntry& lambda = lambdas_[static_cast<size_t>(a[0].value)];
      Emit(Op::kTestHeap);
      Raw(LocalFunWords(lambda.num_free));
      Raw(lambda.num_free);
      Emit(Op::kMakeFun);
      Raw(reinterpret_cast<Word>(&lambda));
      Operand x{.kind = OperandKind::kX};
      if (st = Destination(x); !st.ok()) return st;
      Raw(lambda.num_free);
      for (uint32_t i = 0; i < lambda.num_free; ++i) {
        x.value = i;
        if (st = Source(x); !st.ok()) return st;
      }
      return absl::OkStatus();
    }
    case GenOp::kAllocate:
    case GenOp::kAllocateZero:
      if (u(0) > kMaxWordsNeeded) return NeedTooLarge();
      FuseWithPrevious(kListTestThenAllocate);
      EmitAllocate(u(0), u(0) + kFrameHeader, u(1));
      return absl::OkStatus();
    case GenOp::kAllocateHeap:
    case GenOp::kAllocateHeapZero: {
      absl::StatusOr<Word> need = HeapNeed(a[1]);
      if (!need.ok()) return need.status();
      if (u(0) > kMaxWordsNeeded) return NeedTooLarge();
      FuseWithPrevious(kListTestThenAllocate);
      EmitAllocate(u(0), u(0) + kFrameHeader + *need, u(2));
      return absl::OkStatus();
    }
    case GenOp::kTestHeap: {
      absl::StatusOr<Word> need = HeapNeed(a[0]);
      if (!need.ok()) return need.status();
      Emit(Op::kTestHeap);
      Raw(*need);
      Raw(u(1));
      return absl::OkStatus();
    }
    case GenOp::kDeallocate:
      Emit(Op::kDeallocate);
      Raw(u(0));
      return absl::OkStatus();
    case GenOp::kInitYregs: {
      std::span<const Operand> ys = ListAt(a[0]);
      // Allocate sets them to [] (see FollowFrameWrites).
      if (frame_mask_at_ != 0) return absl::OkStatus();
      Emit(Op::kInitYregs);
      Raw(ys.size());
      for (const Operand& y : ys)
        Raw(static_cast<Word>(y.value));
      return absl::OkStatus();
    }
    case GenOp::kInit:  // the one-register form older compilers emit
      if (a[0].kind != OperandKind::kY)
        return loader::Malformed("Code chunk", "init of no y register");
      Emit(Op::kInitYregs);
      Raw(1);
      Raw(static_cast<Word>(a[0].value));
      return absl::OkStatus();
    case GenOp::kTrim:
      Emit(Op::kTrim);
      Raw(u(0));
      return absl::OkStatus();
    case GenOp::kJump:
      Emit(Op::kJump);
      Label(a[0]);
      return absl::OkStatus();
    case GenOp::kIsNonemptyList:
    case GenOp::kIsNil:
      if (a[1].kind == OperandKind::kX) {
        Emit(g.op == GenOp::kIsNil ? Op::kIsNilX : Op::kIsNonemptyListX);
        Label(a[0]);
        Raw(u(1));
        return absl::OkStatus();
      }
      Emit(g.op == GenOp::kIsNil ? Op::kIsNil : Op::kIsNonemptyList);
      Label(a[0]);
      return sources(a.subspan(1));
    case GenOp::kIsLt:
    case GenOp::kIsGe:
    case GenOp::kIsEqExact:
    case GenOp::kIsNeExact:
      Emit(CompareOp(g.op, a[1].kind, a[2].kind));
      Label(a[0]);
      return sources(a.subspan(1));
#define TEST2(generic, op) \
  case GenOp::generic:     \
    Emit(Op::op);          \
    Label(a[0]);           \
    return sources(a.subspan(1));
      TEST2(kIsEq, kIsEq)
      TEST2(kIsNe, kIsNe)
      TEST2(kIsInteger, kIsInteger)
      TEST2(kIsFloat, kIsFloat)
      TEST2(kIsNumber, kIsNumber)
      TEST2(kIsAtom, kIsAtom)
      TEST2(kIsPid, kIsPid)
      TEST2(kIsReference, kIsReference)
      TEST2(kIsPort, kIsPort)
      TEST2(kIsBinary, kIsBinary)
      TEST2(kIsList, kIsList)
      TEST2(kIsTuple, kIsTuple)
      TEST2(kIsBoolean, kIsBoolean)
      TEST2(kIsMap, kIsMap)
      TEST2(kIsFunction, kIsFunction)
      TEST2(kIsBitstr, kIsBitstr)
      TEST2(kIsFunction2, kIsFunction2)
#undef TEST2
    case GenOp::kTestArity:
      Emit(Op::kTestArity);
      Label(a[0]);
      if (st = Source(a[1]); !st.ok()) return st;
      Raw(u(2));
      return absl::OkStatus();
    case GenOp::kIsTaggedTuple:
      Emit(Op::kIsTaggedTuple);
      Label(a[0]);
      if (st = Source(a[1]); !st.ok()) return st;
      Raw(u(2));
      return Source(a[3]);
    case GenOp::kSelectVal:
    case GenOp::kSelectTupleArity: {
      std::span<const Operand> pairs = ListAt(a[2]);
      if (pairs.size() % 2 != 0) return loader::Malformed("Code chunk", "odd select list");
      bool by_arity = g.op == GenOp::kSelectTupleArity;
      bool immediates = true;
      for (size_t i = 0; i < pairs.size(); i += 2) {
        OperandKind k = pairs[i].kind;
        bool immediate =
            k == OperandKind::kAtom || k == OperandKind::kNil ||
            ((k == OperandKind::kInteger || k == OperandKind::kChar) && FitsSmall(pairs[i].value));
        immediates = immediates && immediate;
      }
      if (!by_arity && SelectsDenseSmalls(pairs)) return JumpOnSmall(a[0], a[1], pairs);
      Emit(by_arity ? Op::kSelectTupleArity : immediates ? Op::kSelectImmediate : Op::kSelectVal);
      if (st = Source(a[0]); !st.ok()) return st;
      Label(a[1]);
      Raw(pairs.size() / 2);
      for (size_t i = 0; i < pairs.size(); i += 2) {
        if (by_arity) {
          Raw(static_cast<Word>(pairs[i].value));
        } else if (st = Source(pairs[i]); !st.ok()) {
          return st;
        }
        Label(pairs[i + 1]);
      }
      return absl::OkStatus();
    }
    case GenOp::kGetList:
      if (a[0].kind == OperandKind::kX && a[1].IsRegister() && a[2].kind == OperandKind::kX) {
        if (a[1].kind == OperandKind::kX) FuseWithPrevious(kListTestThenGetList);
        // The list test and Allocate right before, fused already, go on
        // into it too.
        if (a[1].kind == OperandKind::kY && JustEmitted(Op::kAllocate, 5) &&
            before_last_op_at_ + 3 == last_op_at_ &&
            out_[before_last_op_at_] == HandlerAddress(Op::kIsNonemptyListXAllocate)) {
          out_[before_last_op_at_] = HandlerAddress(Op::kIsNonemptyListXAllocateGetListXYX);
        }
        Emit(a[1].kind == OperandKind::kX ? Op::kGetListXXX : Op::kGetListXYX);
        Raw(u(0));
        Raw(u(1));
        Raw(u(2));
        return absl::OkStatus();
      }
      Emit(Op::kGetList);
      return sources(a);
    case GenOp::kGetHd:
      Emit(Op::kGetHd);
      return sources(a);
    case GenOp::kGetTl:
      Emit(Op::kGetTl);
      return sources(a);
    case GenOp::kPutList:
      // Right after a heap test: the test's handler goes straight on to
      // the put_list's.
      if (JustEmitted(Op::kTestHeap, 3)) {
        out_[last_op_at_] = HandlerAddress(ByForms(kHeapPutListForms, a[0].kind, a[1].kind));
      }
      Emit(ByForms(kPutListForms, a[0].kind, a[1].kind));
      return sources(a);
    case GenOp::kPutTuple2: {
      std::span<const Operand> elements = ListAt(a[1]);
      Emit(Op::kPutTuple2);
      if (st = Destination(a[0]); !st.ok()) return st;
      Raw(elements.size());
      return sources(elements);
    }
    case GenOp::kGetTupleElement:
      Emit(Op::kGetTupleElement);
      if (st = Source(a[0]); !st.ok()) return st;
      Raw(u(1));
      return Destination(a[2]);
    case GenOp::kSetTupleElement:
      Emit(Op::kSetTupleElement);
      if (st = Source(a[0]); !st.ok()) return st;
      if (st = Destination(a[1]); !st.ok()) return st;
      Raw(u(2));
      return absl::OkStatus();
    case GenOp::kGetMapElements:
    case GenOp::kHasMapFields: {
      std::span<const Operand> list = ListAt(a[2]);
      bool get = g.op == GenOp::kGetMapElements;
      if (get && list.size() % 2 != 0) return loader::Malformed("Code chunk", "odd map list");
      Emit(get ? Op::kGetMapElements : Op::kHasMapFields);
      Label(a[0]);
      if (st = Source(a[1]); !st.ok()) return st;
      Raw(get ? list.size() / 2 : list.size());
      for (size_t i = 0; i < list.size(); ++i) {
        st = get && i % 2 == 1 ? Destination(list[i]) : Source(list[i]);
        if (!st.ok()) return st;
      }
      return absl::OkStatus();
    }
    case GenOp::kPutMapAssoc:
    case GenOp::kPutMapExact: {
      // Fail Src Dst Live {list, [K, V...]}
      std::span<const Operand> list = ListAt(a[4]);
      if (list.size() % 2 != 0) return loader::Malformed("Code chunk", "odd map list");
      Emit(g.op == GenOp::kPutMapAssoc ? Op::kPutMapAssoc : Op::kPutMapExact);
      Label(a[0]);
      if (st = Source(a[1]); !st.ok()) return st;
      if (st = Destination(a[2]); !st.ok()) return st;
      Raw(u(3));
      Raw(list.size() / 2);
      return sources(list);
    }
    case GenOp::kFmove: {
      bool from_fr = a[0].kind == OperandKind::kFloatRegister;
      bool to_fr = a[1].kind == OperandKind::kFloatRegister;
      if (from_fr && to_fr) {
        Emit(Op::kFloatMove);
        Raw(u(0));
        Raw(u(1));
        return absl::OkStatus();
      }
      if (from_fr) {
        Emit(Op::kFloatStore);
        Raw(u(0));
        return Destination(a[1]);
      }
      if (!to_fr) return loader::Malformed("Code chunk", "fmove without a float register");
      Emit(Op::kFloatLoad);
      if (st = Source(a[0]); !st.ok()) return st;
      Raw(u(1));
      return absl::OkStatus();
    }
    case GenOp::kFconv:
      Emit(Op::kFloatConvert);
      if (st = Source(a[0]); !st.ok()) return st;
      Raw(u(1));
      return absl::OkStatus();
    case GenOp::kFadd:
    case GenOp::kFsub:
    case GenOp::kFmul:
    case GenOp::kFdiv:  // Fail (always none since OTP 24: errors raise) A B Dst
      Emit(g.op == GenOp::kFadd   ? Op::kFloatAdd
           : g.op == GenOp::kFsub ? Op::kFloatSub
           : g.op == GenOp::kFmul ? Op::kFloatMul
                                  : Op::kFloatDiv);
      Raw(u(1));
      Raw(u(2));
      Raw(u(3));
      return absl::OkStatus();
    case GenOp::kFnegate:  // Fail A Dst
      Emit(Op::kFloatNegate);
      Raw(u(1));
      Raw(u(2));
      return absl::OkStatus();
    case GenOp::kBsStartMatch3:
    case GenOp::kBsStartMatch4:
    case GenOp::kBsGetInteger2:
    case GenOp::kBsGetFloat2:
    case GenOp::kBsGetBinary2:
    case GenOp::kBsSkipBits2:
    case GenOp::kBsTestTail2:
    case GenOp::kBsTestUnit:
    case GenOp::kBsMatchString:
    case GenOp::kBsGetPosition:
    case GenOp::kBsGetTail:
    case GenOp::kBsSetPosition:
    case GenOp::kBsGetUtf8:
    case GenOp::kBsGetUtf16:
    case GenOp::kBsGetUtf32:
    case GenOp::kBsSkipUtf8:
    case GenOp::kBsSkipUtf16:
    case GenOp::kBsSkipUtf32:
    case GenOp::kBsCreateBin:
    case GenOp::kBsInitWritable:
    case GenOp::kBsAdd:
      return BitSyntax(g, a);
    case GenOp::kLoopRec:
      if (a[1].kind != OperandKind::kX || a[1].value != 0)
        return loader::Malformed("Code chunk", "loop_rec into a register other than x0");
      Emit(Op::kLoopRec);
      Label(a[0]);
      return absl::OkStatus();
    case GenOp::kLoopRecEnd:
    case GenOp::kWait:
      Emit(g.op == GenOp::kWait ? Op::kWait : Op::kLoopRecEnd);
      Label(a[0]);
      return absl::OkStatus();
    case GenOp::kWaitTimeout:
      Emit(Op::kWaitTimeout);
      Label(a[0]);
      return Source(a[1]);
    case GenOp::kRemoveMessage:
      Emit(Op::kRemoveMessage);
      return absl::OkStatus();
    case GenOp::kTimeout:
      Emit(Op::kTimeout);
      return absl::OkStatus();
    case GenOp::kRecvMarkerReserve:
      Emit(Op::kRecvMarkerReserve);
      return Destination(a[0]);
    case GenOp::kRecvMarkerBind:
      Emit(Op::kRecvMarkerBind);
      return sources(a.first(2));
    case GenOp::kRecvMarkerClear:
    case GenOp::kRecvMarkerUse:
      Emit(g.op == GenOp::kRecvMarkerUse ? Op::kRecvMarkerUse : Op::kRecvMarkerClear);
      return Source(a[0]);
    case GenOp::kSend: {  // x0 ! x1, the message left in x0: erlang:send/2
      const Operand x0{OperandKind::kX, 0, 0}, x1{OperandKind::kX, 0, 1};
      Emit(Op::kBif);
      Raw(reinterpret_cast<Word>(exports_.Get(atoms::kErlang, atoms::kSend, 2)));
      Raw(0);
      if (st = Destination(x0); !st.ok()) return st;
      Raw(2);
      if (st = Source(x0); !st.ok()) return st;
      return Source(x1);
    }
    case GenOp::kBif0:
    case GenOp::kBif1:
    case GenOp::kBif2: {
      // bif0 Bif Dst; bif1 Fail Bif A Dst; bif2 Fail Bif A B Dst
      bool zero = g.op == GenOp::kBif0;
      std::span<const Operand> args = zero ? a.subspan(1, 0) : a.subspan(2, a.size() - 3);
      absl::StatusOr<Export*> f = BifAt(a[zero ? 0 : 1], args.size());
      if (!f.ok()) return f.status();
      Emit(Op::kBif);
      Raw(reinterpret_cast<Word>(*f));
      if (zero) {
        Raw(0);
      } else {
        Label(a[0]);
      }
      if (st = Destination(a.back()); !st.ok()) return st;
      Raw(args.size());
      return sources(args);
    }
    case GenOp::kGcBif1:
    case GenOp::kGcBif2:
    case GenOp::kGcBif3: {
      // gc_bifN Fail Live Bif Args... Dst
      std::span<const Operand> args = a.subspan(3, a.size() - 4);
      absl::StatusOr<Export*> f = BifAt(a[2], args.size());
      if (!f.ok()) return f.status();
      bool to_x = a.back().kind == OperandKind::kX;
      bool plus = to_x && (*f)->bif == BifPlus, minus = to_x && (*f)->bif == BifMinus;
      Emit(plus || minus ? ByForms(plus ? kPlusForms : kMinusForms, args[0].kind, args[1].kind)
                         : SmallIntegerOp(**f));
      Raw(reinterpret_cast<Word>(*f));
      Label(a[0]);
      Raw(u(1));
      if (st = Destination(a.back()); !st.ok()) return st;
      Raw(args.size());
      return sources(args);
    }
    case GenOp::kTry:
    case GenOp::kCatch:
      Emit(Op::kTry);
      if (st = CatchSlot(a[0]); !st.ok()) return st;
      Label(a[1]);
      return absl::OkStatus();
    case GenOp::kTryEnd:
      Emit(Op::kTryEnd);
      return CatchSlot(a[0]);
    case GenOp::kTryCase:
      Emit(Op::kTryCase);
      return CatchSlot(a[0]);
    case GenOp::kCatchEnd:
      Emit(Op::kCatchEnd);
      return CatchSlot(a[0]);
    case GenOp::kTryCaseEnd:
      Emit(Op::kTryCaseEnd);
      return Source(a[0]);
    case GenOp::kRaise:
      Emit(Op::kRaise);
      return sources(a);
    case GenOp::kBuildStacktrace:
      Emit(Op::kBuildStacktrace);
      return absl::OkStatus();
    case GenOp::kBadmatch:
      Emit(Op::kBadmatch);
      return Source(a[0]);
    case GenOp::kCaseEnd:
      Emit(Op::kCaseEnd);
      return Source(a[0]);
    case GenOp::kBadrecord:
      Emit(Op::kBadrecord);
      return Source(a[0]);
    case GenOp::kRawRaise:
      Emit(Op::kRawRaise);
      return absl::OkStatus();
    case GenOp::kIfEnd:
      Emit(Op::kIfEnd);
      return absl::OkStatus();
    default:
      return Unsupported(absl::StrCat("the instruction ",
                                      loader::FindGenOp(static_cast<int>(g.op))->name,
                                      " is not supported yet"));
  }
}

absl::StatusOr<LoadedCode> Emitter::Finish() {
  LoadedCode code;
  code.size = out_.size();
  code.words = std::make_unique<Word[]>(code.size);
  std::memcpy(code.words.get(), out_.data(), code.size * sizeof(Word));
  for (auto [at, label] : refs_) {
    if (label_pos_[label] < 0) return loader::Malformed("Code chunk", "a label with no code");
    code.words[at] = reinterpret_cast<Word>(code.words.get() + label_pos_[label]);
  }
  for (auto& [at, f] : functions_) {
    f.entry = code.words.get() + at;
    code.functions.push_back(f);
  }
  for (size_t i = 0; i < m_.lambdas.size(); ++i) {
    const loader::LambdaEntry& l = m_.lambdas[i];
    if (label_pos_[l.label] < 0) return loader::Malformed("FunT chunk", "a lambda with no code");
    lambdas_[i].code = code.words.get() + label_pos_[l.label];
  }
  code.lambdas = std::move(lambdas_);
  code.strings = std::move(strings_);
  code.module = m_.name;
  code.line_marks = std::move(line_marks_);
  code.lines = m_.lines;
  code.source_file = std::string(AtomName(m_.name)) + ".erl";
  code.literal_area = std::move(literal_area_);
  return code;
}

}  // namespace

const Word* LoadedCode::Find(Term name, uint32_t arity) const {
  for (const Function& f : functions) {
    if (f.name == name && f.arity == arity) return f.entry;
  }
  return nullptr;
}

void PublishExports(const loader::BeamModule& module, const LoadedCode& code,
                    ExportTable& exports) {
  for (const loader::FunctionEntry& e : module.exports) {
    Term name = module.atom(e.function);
    Export* entry = exports.Get(module.name, name, e.arity);
    // A BIF's entry keeps calling the BIF, not the module's stub.
    if (entry->bif == nullptr)
      entry->code.store(code.Find(name, e.arity), std::memory_order_release);
  }
}

absl::StatusOr<LoadedCode> Specialise(const loader::BeamModule& module, ExportTable& exports) {
  Emitter e(module, exports);
  if (absl::Status s = e.DecodeLiterals(); !s.ok()) return s;
  e.DescribeLambdas();
  for (const GenericInstr& g : module.code.instructions) {
    if (absl::Status s = e.Instruction(g); !s.ok()) return s;
    if (e.wrong_kind()) {
      return loader::Malformed("Code chunk",
                               absl::StrCat("an operand of the wrong kind in ",
                                            loader::FindGenOp(static_cast<int>(g.op))->name));
    }
  }
  return e.Finish();
}

}  // namespace ling::vm
