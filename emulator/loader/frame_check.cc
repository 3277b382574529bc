#include "emulator/loader/frame_check.h"

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "emulator/loader/malformed.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"

namespace ling::loader {
namespace {

// A frame: its y register count, or one of these.
constexpr int64_t kNoFrame = -1;
constexpr int64_t kUnreached = -2;  // no checked path leads to the label yet
constexpr int64_t kAnyFrame = -3;   // a function_clause label: it raises, whatever the frame

class FrameChecker {
 public:
  explicit FrameChecker(const BeamModule& m)
      : m_(m),
        code_(m.code),
        label_at_(code_.label_count, -1),
        frame_at_(code_.label_count, kUnreached),
        entry_(code_.label_count, false),
        raise_needs_(code_.label_count, kNoFrame) {}

  absl::Status Check() {
    FindLabelsAndEntries();
    for (const FunctionEntry& e : m_.exports)
      if (!IsEntry(e.label)) return Bad("an export names no function entry");
    for (const FunctionEntry& e : m_.locals)
      if (!IsEntry(e.label)) return Bad("a local function names no function entry");
    for (const LambdaEntry& e : m_.lambdas)
      if (!IsEntry(e.label)) return Bad("a lambda names no function entry");
    for (uint32_t label = 1; label < code_.label_count; ++label) {
      if (entry_[label]) {
        frame_at_[label] = kNoFrame;
        work_.push_back(label);
      }
    }
    while (!work_.empty()) {
      uint32_t label = work_.back();
      work_.pop_back();
      if (absl::Status s = Walk(static_cast<size_t>(label_at_[label]), frame_at_[label]); !s.ok())
        return s;
    }
    return absl::OkStatus();
  }

 private:
  absl::Status Bad(std::string_view what) const { return Malformed("Code chunk", what); }
  absl::Status BadAt(size_t at, std::string_view what) const {
    const GenOpInfo* info = FindGenOp(static_cast<int>(code_.instructions[at].op));
    return Malformed("Code chunk",
                     absl::StrCat(absl::string_view(what.data(), what.size()), " (",
                                  info != nullptr ? info->name : "?", " at instruction ", at, ")"));
  }

  // Whether `g` raises whatever the frame (as long as it holds the y
  // register the raise names): function_clause, badmatch and the like, a
  // call of a BIF that never returns.
  bool RaisesWithAnyFrame(const GenericInstr& g) const {
    std::span<const Operand> a = code_.OperandsOf(g);
    switch (g.op) {
      case GenOp::kFuncInfo:
      case GenOp::kBadmatch:
      case GenOp::kCaseEnd:
      case GenOp::kTryCaseEnd:
      case GenOp::kBadrecord:
      case GenOp::kIfEnd:
        return true;
      case GenOp::kCallExt:
      case GenOp::kCallExtLast:
      case GenOp::kCallExtOnly:
        return NeverReturnsAt(a[1].value);
      default:
        return false;
    }
  }

  bool IsEntry(uint32_t label) const { return label < code_.label_count && entry_[label]; }

  // Where each label is; entries are the labels right after a func_info,
  // and a label whose code is a func_info (after line marks) takes any
  // frame.
  void FindLabelsAndEntries() {
    const auto& code = code_.instructions;
    for (size_t i = 0; i < code.size(); ++i) {
      if (code[i].op != GenOp::kLabel) continue;
      auto label = static_cast<uint32_t>(code_.OperandsOf(code[i])[0].value);
      label_at_[label] = static_cast<int64_t>(i);
      size_t next = i + 1;
      while (next < code.size() && code[next].op == GenOp::kLine)
        ++next;
      if (next < code.size() && RaisesWithAnyFrame(code[next])) {
        frame_at_[label] = kAnyFrame;
        for (const Operand& o : code_.OperandsOf(code[next])) {
          if (o.kind == OperandKind::kY) raise_needs_[label] = o.value + 1;
        }
      }
      if (i > 0 && code[i - 1].op == GenOp::kFuncInfo) entry_[label] = true;
    }
  }

  // A jump to `label` with `frame`.
  absl::Status Reach(uint32_t label, int64_t frame, size_t at) {
    int64_t& known = frame_at_[label];
    if (known == kAnyFrame) {
      return frame >= raise_needs_[label] ? absl::OkStatus()
                                          : BadAt(at, "a y register outside the frame");
    }
    if (known == frame) return absl::OkStatus();
    if (known != kUnreached) return BadAt(at, "a jump to a label with another frame");
    known = frame;
    work_.push_back(label);
    return absl::OkStatus();
  }

  // The y registers an instruction names are in the frame, and the labels
  // it jumps to get its frame (a call's label must be an entry instead).
  absl::Status CheckOperands(size_t at, int64_t frame) {
    const GenericInstr& g = code_.instructions[at];
    bool calls = g.op == GenOp::kCall || g.op == GenOp::kCallLast || g.op == GenOp::kCallOnly;
    auto check = [&](const Operand& o) -> absl::Status {
      if (o.kind == OperandKind::kY && (frame < 0 || o.value >= frame))
        return BadAt(at, "a y register outside the frame");
      if (o.kind != OperandKind::kLabel || o.value == 0) return absl::OkStatus();
      auto label = static_cast<uint32_t>(o.value);
      if (calls)
        return IsEntry(label) ? absl::OkStatus() : BadAt(at, "a call of no function entry");
      return Reach(label, frame, at);
    };
    for (const Operand& o : code_.OperandsOf(g)) {
      if (absl::Status s = check(o); !s.ok()) return s;
      if (o.kind != OperandKind::kList) continue;
      for (const Operand& element : code_.ListOf(o)) {
        if (absl::Status s = check(element); !s.ok()) return s;
      }
    }
    return absl::OkStatus();
  }

  // Whether import `index` is a BIF that never returns.
  bool NeverReturnsAt(int64_t index) const {
    if (index < 0 || index >= static_cast<int64_t>(m_.imports.size())) return false;
    const Import& i = m_.imports[static_cast<size_t>(index)];
    return NeverReturns(m_.atom(i.module), m_.atom(i.function), i.arity);
  }

  // Runs the code from instruction `at` with `frame` until it leaves (a
  // return, an unconditional jump, a raise) or falls into a label checked
  // already.
  absl::Status Walk(size_t at, int64_t frame) {
    const auto& code = code_.instructions;
    for (bool first = true; at < code.size(); ++at, first = false) {
      const GenericInstr& g = code[at];
      std::span<const Operand> a = code_.OperandsOf(g);
      if (g.op == GenOp::kLabel && !first) {  // falling into it
        auto label = static_cast<uint32_t>(a[0].value);
        if (frame_at_[label] == kAnyFrame) return Reach(label, frame, at);
        if (frame_at_[label] != kUnreached) {
          return frame_at_[label] == frame ? absl::OkStatus()
                                           : BadAt(at, "a label reached with another frame");
        }
        frame_at_[label] = frame;
        continue;
      }
      if (absl::Status s = CheckOperands(at, frame); !s.ok()) return s;
      if (RaisesWithAnyFrame(g)) return absl::OkStatus();
      auto u = [&](size_t i) { return a[i].value; };
      auto need_frame = [&](bool ok) {
        return ok ? absl::OkStatus() : BadAt(at, "the wrong frame");
      };
      absl::Status s;
      switch (g.op) {
        case GenOp::kAllocate:
        case GenOp::kAllocateZero:
        case GenOp::kAllocateHeap:
        case GenOp::kAllocateHeapZero:
          if (s = need_frame(frame == kNoFrame); !s.ok()) return s;
          frame = u(0);
          break;
        case GenOp::kDeallocate:
          if (s = need_frame(frame >= 0 && frame == u(0)); !s.ok()) return s;
          frame = kNoFrame;
          break;
        case GenOp::kTrim:
          if (s = need_frame(frame >= 0 && u(0) <= frame); !s.ok()) return s;
          frame -= u(0);
          break;
        case GenOp::kCall:
        case GenOp::kCallExt:
        case GenOp::kApply:
        case GenOp::kCallFun:
        case GenOp::kCallFun2:
          if (s = need_frame(frame >= 0); !s.ok()) return s;
          break;
        case GenOp::kCallLast:
        case GenOp::kCallExtLast:
          return need_frame(frame >= 0 && frame == u(2));
        case GenOp::kApplyLast:
          return need_frame(frame >= 0 && frame == u(1));
        case GenOp::kReturn:
        case GenOp::kCallOnly:
        case GenOp::kCallExtOnly:
          return need_frame(frame == kNoFrame);
        case GenOp::kJump:
        case GenOp::kSelectVal:
        case GenOp::kSelectTupleArity:
        case GenOp::kWait:
        case GenOp::kLoopRecEnd:
        case GenOp::kRaise:
        case GenOp::kRawRaise:
        case GenOp::kIntCodeEnd:
          return absl::OkStatus();  // it goes elsewhere, or raises (see also RaisesWithAnyFrame)
        default:
          break;
      }
    }
    return absl::OkStatus();
  }

  const BeamModule& m_;
  const GenericCode& code_;
  std::vector<int64_t> label_at_;  // instruction index of each label
  std::vector<int64_t> frame_at_;  // each label's frame
  std::vector<bool> entry_;        // function entries
  // For a label that takes any frame, the least it needs (the raise's y
  // register), else kNoFrame.
  std::vector<int64_t> raise_needs_;
  std::vector<uint32_t> work_;  // labels reached, their code not walked yet
};

}  // namespace

bool NeverReturns(Term module, Term function, uint32_t arity) {
  static const Term kRaise = InternAtom("raise"), kNifError = InternAtom("nif_error");
  if (module != atoms::kErlang) return false;
  return (function == atoms::kError && arity >= 1 && arity <= 3) ||
         ((function == atoms::kExit || function == atoms::kThrow) && arity == 1) ||
         (function == kRaise && arity == 3) ||
         (function == kNifError && (arity == 1 || arity == 2));
}

absl::Status CheckFrames(const BeamModule& m) {
  return FrameChecker(m).Check();
}

}  // namespace ling::loader
