// Code that would run off its frame is refused before it runs: each case is
// the smallest module breaking one rule, next to the same code kept right.
#include "emulator/loader/frame_check.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <initializer_list>
#include <string>

#include "runtime/term/atom_table.h"

namespace ling::loader {
namespace {

using ::testing::HasSubstr;

Operand U(int64_t v) {
  return {OperandKind::kUnsigned, 0, v};
}
Operand X(int64_t v) {
  return {OperandKind::kX, 0, v};
}
Operand Y(int64_t v) {
  return {OperandKind::kY, 0, v};
}
Operand L(int64_t v) {
  return {OperandKind::kLabel, 0, v};
}
Operand A(int64_t v) {
  return {OperandKind::kAtom, 0, v};
}

// A module `m` whose atoms are m, f, erlang, error, and whose one import is
// erlang:error/1 (import 0).
class Module {
 public:
  Module() {
    for (const char* a : {"m", "f", "erlang", "error"})
      m_.atoms.push_back(InternAtom(a));
    m_.imports.push_back({3, 4, 1});
  }
  Module& Add(GenOp op, std::initializer_list<Operand> operands) {
    m_.code.instructions.push_back({op, static_cast<uint8_t>(operands.size()),
                                    static_cast<uint32_t>(m_.code.operands.size())});
    m_.code.operands.insert(m_.code.operands.end(), operands);
    if (op == GenOp::kLabel)
      m_.code.label_count = std::max<uint32_t>(m_.code.label_count,
                                               static_cast<uint32_t>(operands.begin()->value) + 1);
    return *this;
  }
  // label Info, func_info m f Arity, label Entry.
  Module& Function(int64_t info, int64_t entry, int64_t arity) {
    return Add(GenOp::kLabel, {L(info)})
        .Add(GenOp::kFuncInfo, {A(1), A(2), U(arity)})
        .Add(GenOp::kLabel, {L(entry)});
  }
  Module& Export(uint32_t label) {
    m_.exports.push_back({2, 1, label});
    return *this;
  }
  std::string Check() {
    absl::Status s = CheckFrames(m_);
    return s.ok() ? "ok" : std::string(s.message());
  }

 private:
  BeamModule m_;
};

TEST(FrameCheck, AFrameUsedAsAllocatedPasses) {
  Module m;
  m.Function(1, 2, 1)
      .Add(GenOp::kAllocate, {U(1), U(1)})
      .Add(GenOp::kMove, {X(0), Y(0)})
      .Add(GenOp::kCall, {U(1), L(2)})
      .Add(GenOp::kMove, {Y(0), X(0)})
      .Add(GenOp::kDeallocate, {U(1)})
      .Add(GenOp::kReturn, {})
      .Export(2);
  EXPECT_EQ(m.Check(), "ok");
}

TEST(FrameCheck, AYRegisterOutsideTheFrameIsRefused) {
  Module without_frame;
  without_frame.Function(1, 2, 1).Add(GenOp::kMove, {Y(0), X(0)}).Add(GenOp::kReturn, {});
  EXPECT_THAT(without_frame.Check(), HasSubstr("a y register outside the frame"));

  Module beyond;
  beyond.Function(1, 2, 1)
      .Add(GenOp::kAllocate, {U(1), U(1)})
      .Add(GenOp::kMove, {X(0), Y(1)})
      .Add(GenOp::kDeallocate, {U(1)})
      .Add(GenOp::kReturn, {});
  EXPECT_THAT(beyond.Check(), HasSubstr("a y register outside the frame (move at instruction 4)"));
}

TEST(FrameCheck, DroppingAnotherFrameIsRefused) {
  Module deallocate;
  deallocate.Function(1, 2, 1)
      .Add(GenOp::kAllocate, {U(1), U(1)})
      .Add(GenOp::kDeallocate, {U(15)})
      .Add(GenOp::kReturn, {});
  EXPECT_THAT(deallocate.Check(), HasSubstr("the wrong frame (deallocate"));

  Module returns_with_frame;
  returns_with_frame.Function(1, 2, 1).Add(GenOp::kAllocate, {U(1), U(1)}).Add(GenOp::kReturn, {});
  EXPECT_THAT(returns_with_frame.Check(), HasSubstr("the wrong frame (return"));

  Module call_last;
  call_last.Function(1, 2, 1)
      .Add(GenOp::kAllocate, {U(2), U(1)})
      .Add(GenOp::kCallLast, {U(1), L(2), U(1)});
  EXPECT_THAT(call_last.Check(), HasSubstr("the wrong frame (call_last"));

  Module trim;
  trim.Function(1, 2, 1).Add(GenOp::kAllocate, {U(1), U(1)}).Add(GenOp::kTrim, {U(2), U(0)});
  EXPECT_THAT(trim.Check(), HasSubstr("the wrong frame (trim"));
}

TEST(FrameCheck, CallsNeedTheirFrame) {
  Module body_call;  // its return address would be lost
  body_call.Function(1, 2, 1).Add(GenOp::kCall, {U(1), L(2)}).Add(GenOp::kReturn, {});
  EXPECT_THAT(body_call.Check(), HasSubstr("the wrong frame (call at"));

  Module tail_call;
  tail_call.Function(1, 2, 1)
      .Add(GenOp::kAllocate, {U(0), U(1)})
      .Add(GenOp::kCallOnly, {U(1), L(2)});
  EXPECT_THAT(tail_call.Check(), HasSubstr("the wrong frame (call_only"));
}

// Jumps to label 3 with no frame and with a frame of one; label 3's code is
// `then`.
Module JumpsFromTwoFramesThen(GenOp then, Operand operand) {
  Module m;
  m.Function(1, 2, 1)
      .Add(GenOp::kIsAtom, {L(3), X(0)})
      .Add(GenOp::kAllocate, {U(1), U(1)})
      .Add(GenOp::kIsNil, {L(3), X(0)})
      .Add(GenOp::kDeallocate, {U(1)})
      .Add(GenOp::kReturn, {})
      .Add(GenOp::kLabel, {L(3)})
      .Add(then, {operand});
  return m;
}

TEST(FrameCheck, AJumpBringsTheSameFrameToItsLabel) {
  EXPECT_THAT(JumpsFromTwoFramesThen(GenOp::kJump, L(2)).Check(),
              HasSubstr("a jump to a label with another frame (is_nil at instruction 5)"));
}

TEST(FrameCheck, ALabelThatOnlyRaisesTakesAnyFrameThatHoldsItsRegister) {
  EXPECT_EQ(JumpsFromTwoFramesThen(GenOp::kBadmatch, X(0)).Check(), "ok");

  Module needs_y;
  needs_y.Function(1, 2, 1)
      .Add(GenOp::kIsAtom, {L(3), X(0)})  // no frame, where badmatch reads y0
      .Add(GenOp::kReturn, {})
      .Add(GenOp::kLabel, {L(3)})
      .Add(GenOp::kBadmatch, {Y(0)});
  EXPECT_THAT(needs_y.Check(), HasSubstr("a y register outside the frame (is_atom"));
}

TEST(FrameCheck, ABifThatNeverReturnsTakesAnyFrame) {
  // erlc's frame count on such a call can be stale (stdlib's sofs has one).
  Module m;
  m.Function(1, 2, 1)
      .Add(GenOp::kAllocate, {U(2), U(1)})
      .Add(GenOp::kCallExtLast, {U(1), U(0), U(5)});
  EXPECT_EQ(m.Check(), "ok");
}

TEST(FrameCheck, CallsAndTablesNameFunctionEntries) {
  Module call;
  call.Function(1, 2, 1)
      .Add(GenOp::kAllocate, {U(0), U(1)})
      .Add(GenOp::kCall, {U(1), L(3)})
      .Add(GenOp::kLabel, {L(3)})
      .Add(GenOp::kDeallocate, {U(0)})
      .Add(GenOp::kReturn, {});
  EXPECT_THAT(call.Check(), HasSubstr("a call of no function entry"));

  Module exports;
  exports.Function(1, 2, 1).Add(GenOp::kReturn, {}).Export(1);
  EXPECT_THAT(exports.Check(), HasSubstr("an export names no function entry"));
}

TEST(FrameCheck, CodeNoLabelLeadsToIsNotChecked) {
  Module m;
  m.Function(1, 2, 1).Add(GenOp::kReturn, {}).Add(GenOp::kMove, {Y(7), X(0)});
  EXPECT_EQ(m.Check(), "ok");
}

}  // namespace
}  // namespace ling::loader
