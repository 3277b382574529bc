// Real code compiled by erlc runs on the interpreter and gives the results
// erl gives (each expected value below was printed by erl 25 for the same
// call), whether it runs in one slice or is preempted every few calls, and
// while the collector moves its terms.
#include "emulator/vm/interpreter.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "emulator/loader/beam_module.h"
#include "emulator/loader/test_files.h"
#include "emulator/vm/export_table.h"
#include "emulator/vm/specialise.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/bignum.h"
#include "runtime/term/binary.h"
#include "runtime/term/build.h"
#include "runtime/term/format.h"
#include "runtime/term/fun.h"
#include "runtime/term/map.h"

namespace ling::vm {
namespace {

// [{file, F}, {line, N}] as ~w prints them, F being the path the build
// gave erlc.
std::string Location(int line) {
  std::string file;
  for (char c : std::string_view("emulator/vm/testdata/vm_sample.erl"))
    file += (file.empty() ? "" : ",") + std::to_string(c);
  return "[{file,[" + file + "]},{line," + std::to_string(line) + "}]";
}

class InterpreterTest : public ::testing::Test {
 protected:
  // The module the tests call (built from testdata/ by the BUILD file).
  virtual const char* Module() const { return "emulator/vm/testdata/vm_sample.beam"; }

  void SetUp() override {
    machine_.exports = &exports_;
    auto bytes = loader::testing::ReadWholeFile(loader::testing::Runfile(Module()));
    ASSERT_TRUE(bytes.has_value());
    absl::StatusOr<loader::BeamModule> beam = loader::ReadBeam(*bytes);
    ASSERT_TRUE(beam.ok()) << beam.status();
    beam_ = *std::move(beam);
    absl::StatusOr<LoadedCode> code = Specialise(beam_, exports_);
    ASSERT_TRUE(code.ok()) << code.status();
    code_ = *std::move(code);
    PublishExports(beam_, code_, exports_);
    code_index_.Add(code_);
    machine_.code_index = &code_index_;
  }

  // Calls Module:name(args...) to the end, `slice` reductions at a time;
  // returns "ok: <result>" or "error: <reason>".
  std::string Call(std::string_view name, std::vector<Term> args, int slice = 4000) {
    Export* e = exports_.Find(beam_.name, InternAtom(name), static_cast<uint32_t>(args.size()));
    if (e == nullptr || e->code == nullptr) return "no such function";
    ErlangState state;
    StartCall(state, e->code, args);
    for (;;) {
      RunResult r = vm::Run(state, machine_, slice);
      state.memory.CheckInvariants();
      if (r.outcome == RunOutcome::kYielded) {
        ++yields_;
        continue;
      }
      collections_ = state.memory.collections();
      last_stacktrace_ = ToString(r.stacktrace);
      std::string outcome =
          r.outcome == RunOutcome::kFinished ? "ok" : std::string(AtomName(r.error_class));
      return outcome + ": " + ToString(r.value);
    }
  }

  Heap heap_;  // argument terms
  loader::BeamModule beam_;
  ExportTable exports_;
  LoadedCode code_;
  CodeIndex code_index_;
  Machine machine_;
  int yields_ = 0;
  std::string last_stacktrace_;  // of the last call that raised
  uint64_t collections_ = 0;
};

TEST_F(InterpreterTest, RecursionAndLists) {
  EXPECT_EQ(Call("fib", {MakeSmall(20)}), "ok: 6765");
  EXPECT_EQ(Call("tak", {MakeSmall(18), MakeSmall(12), MakeSmall(6)}), "ok: 7");
  EXPECT_EQ(Call("seq", {MakeSmall(1), MakeSmall(5)}), "ok: [1,2,3,4,5]");
  EXPECT_EQ(Call("rotate", {MakeSmall(1), MakeSmall(2), MakeSmall(3)}), "ok: [2,1,3]");
  EXPECT_EQ(Call("swap", {kNil}), "error: function_clause");
  EXPECT_EQ(Call("len", {kNil}), "ok: 0");
}

TEST_F(InterpreterTest, PreemptedEveryFewCallsGivesTheSameResults) {
  EXPECT_EQ(Call("fib", {MakeSmall(15)}, /*slice=*/7), "ok: 610");
  EXPECT_GT(yields_, 100);
  EXPECT_EQ(Call("tak", {MakeSmall(12), MakeSmall(8), MakeSmall(4)}, 3), "ok: 5");
}

TEST_F(InterpreterTest, TheCollectorKeepsWhatIsLive) {
  EXPECT_EQ(Call("churn", {MakeSmall(300), MakeSmall(0)}), "ok: 15000");
  EXPECT_GT(collections_, 10u);
  EXPECT_EQ(Call("churn", {MakeSmall(40), MakeSmall(0)}, 5), "ok: 2000");
}

TEST_F(InterpreterTest, ArithmeticLeavesSmallIntegersAsErlangDoes) {
  EXPECT_EQ(Call("fact", {MakeSmall(30)}), "ok: 265252859812191058636308480000000");
  EXPECT_EQ(Call("add", {MakeSmall(kSmallMax), MakeSmall(1)}), "ok: 576460752303423488");
  EXPECT_EQ(Call("mixed", {MakeSmall(7), MakeSmall(-3)}), "ok: {4,10,-21}");
}

TEST_F(InterpreterTest, LiteralsAndWideIntegerOperands) {
  EXPECT_EQ(Call("consts", {}),
            "ok: {[116,101,120,116],[1,2.5,a],123456789012345678901234567890,"
            "-98765432109876543210,<<98,105,110>>,#{k => v}}");
  EXPECT_EQ(Call("big_sum", {MakeSmall(1)}), "ok: 100000000000000000000");
}

TEST_F(InterpreterTest, BitwiseMapSizeAndTypeTests) {
  EXPECT_EQ(Call("bits", {MakeSmall(12), MakeSmall(-10)}),
            "ok: {4,-2,-6,-13,14167099448608935641088,-5}");
  EXPECT_EQ(Call("msize", {atoms::kOk}), "error: {badmap,ok}");
  EXPECT_EQ(Call("kinds", {atoms::kOk}), "ok: other");
}

TEST_F(InterpreterTest, TryAndCatchSeeEachClass) {
  EXPECT_EQ(Call("t", {MakeSmall(1)}), "ok: {thrown,boom}");
  EXPECT_EQ(Call("t", {MakeSmall(2)}), "ok: {error,bad}");
  EXPECT_EQ(Call("t", {MakeSmall(3)}), "ok: {exit,gone}");
  EXPECT_EQ(Call("t", {MakeSmall(4)}), "ok: fine");
  EXPECT_EQ(Call("t", {MakeSmall(5)}), "ok: {error,badarith}");
  EXPECT_EQ(Call("c", {MakeSmall(1)}), "ok: boom");
  EXPECT_EQ(Call("c", {MakeSmall(3)}), "ok: {'EXIT',gone}");
  EXPECT_EQ(Call("c", {MakeSmall(4)}), "ok: {ok,fine}");
  EXPECT_EQ(Call("c", {MakeSmall(2)}), "ok: {'EXIT',{bad,[{vm_sample,f,1," + Location(82) +
                                           "},{vm_sample,c,1," + Location(75) + "}]}}");
}

TEST_F(InterpreterTest, UncaughtExceptionsKeepTheirClass) {
  EXPECT_EQ(Call("only_throws", {MakeSmall(1)}), "ok: boom");
  EXPECT_EQ(Call("only_throws", {MakeSmall(2)}), "error: bad") << "re-raised as it was";
  EXPECT_EQ(Call("only_throws", {MakeSmall(3)}), "exit: gone");
  EXPECT_EQ(Call("thr", {}), "error: {nocatch,x}");
  EXPECT_EQ(Call("reraise", {}), "ok: {exit,why}");
  EXPECT_EQ(Call("pass_on", {MakeSmall(3)}), "exit: gone");
  EXPECT_EQ(Call("pass_on", {MakeSmall(1)}), "error: {nocatch,boom}");
  EXPECT_EQ(Call("pass_on", {MakeSmall(4)}), "ok: {ok,fine}");
  EXPECT_EQ(Call("rec_a", {atoms::kOk}), "error: {badrecord,ok}");
}

TEST_F(InterpreterTest, ErrorsCarryErlangsReasons) {
  EXPECT_EQ(Call("match_two", {atoms::kOk}), "error: {badmatch,ok}");
  EXPECT_EQ(Call("only_ints", {atoms::kOk}), "error: function_clause");
  EXPECT_EQ(Call("add", {MakeSmall(1), atoms::kOk}), "error: badarith");
  EXPECT_EQ(Call("classify", {MakeSmall(7)}), "error: {case_clause,7}");
  EXPECT_EQ(Call("classify", {InternAtom("b")}), "ok: second");
}

TEST_F(InterpreterTest, FunsCloseOverTheirVariables) {
  EXPECT_EQ(Call("funs", {MakeSmall(10)}), "ok: {[11,12,13],{a,b,10},[55,89],{c,d,10},2}");
  EXPECT_EQ(Call("funs", {MakeSmall(10)}, 3), "ok: {[11,12,13],{a,b,10},[55,89],{c,d,10},2}");
  EXPECT_EQ(Call("call_it", {atoms::kOk, MakeSmall(1)}), "error: {badfun,ok}");
  // The fun prints with its old uniq, which changes with every edit of the
  // module.
  EXPECT_THAT(
      Call("bad_arity", {}),
      ::testing::MatchesRegex(R"(error: \{badarity,\{#Fun<vm_sample\.2\.[0-9]+>,\[1\]\}\})"));
}

TEST_F(InterpreterTest, ClosuresSurviveCollections) {
  EXPECT_EQ(
      Call("fun_churn", {MakeSmall(300), MakeExportFun(heap_, beam_.name, InternAtom("id"), 1)}),
      "ok: 300");
  EXPECT_GT(collections_, 5u);
}

TEST_F(InterpreterTest, ApplyFindsTheFunctionAtRunTime) {
  Term m = beam_.name;
  auto list = [&](std::vector<Term> elements) { return MakeList(heap_, elements); };
  EXPECT_EQ(Call("dyn", {m, InternAtom("fib"), list({MakeSmall(10)})}), "ok: 55");
  EXPECT_EQ(Call("dyn", {m, InternAtom("nope"), list({MakeSmall(10)})}), "error: undef");
  EXPECT_EQ(Call("dyn", {MakeSmall(1), InternAtom("nope"), kNil}), "error: badarg");
  EXPECT_EQ(Call("dyn", {m, InternAtom("fib"), MakeCons(heap_, MakeSmall(1), atoms::kOk)}),
            "error: badarg");
  EXPECT_EQ(Call("dyn_tail", {m, InternAtom("fib"), MakeSmall(12)}), "ok: 144");
  EXPECT_EQ(Call("dyn_body", {m, InternAtom("len"), list({atoms::kOk})}), "ok: {1}");
  EXPECT_EQ(Call("call_it", {MakeExportFun(heap_, m, InternAtom("fib"), 1), MakeSmall(1)}),
            "ok: 1");
  // A BIF reached through apply.
  EXPECT_EQ(Call("dyn", {atoms::kErlang, InternAtom("element"),
                         list({MakeSmall(1), MakeTuple(heap_, {atoms::kOk})})}),
            "ok: ok");
}

TEST_F(InterpreterTest, MapsAreBuiltMatchedAndUpdated) {
  Term m = MakeMap(heap_, std::vector<std::pair<Term, Term>>{{InternAtom("a"), MakeSmall(1)},
                                                             {InternAtom("b"), MakeSmall(2)}});
  EXPECT_EQ(Call("map_ops", {m}),
            "ok: {#{a => 0,b => 2,c => 3},#{a => 0,b => 20,c => 3},0,3,yes,{none,zz}}");
  EXPECT_EQ(Call("map_exact", {m}), "error: {badkey,nope}");
  EXPECT_EQ(Call("not_a_map", {MakeSmall(5)}), "error: {badmap,5}");
  EXPECT_EQ(Call("map_count", {MakeSmall(300)}), "ok: 300");
  EXPECT_EQ(Call("map_count", {MakeSmall(300)}, 5), "ok: 300");
  EXPECT_EQ(Call("rec_update", {MakeTuple(heap_, {InternAtom("r"), atoms::kOk, atoms::kOk})}),
            "ok: {r,1,2}");
}

TEST_F(InterpreterTest, FloatArithmeticInFloatRegisters) {
  Heap h;
  auto f = [&](double d) { return *MakeFloat(h, d); };
  EXPECT_EQ(Call("flt", {f(2.5), f(0.5)}), "ok: {4.75,-2.5,6.0}");
  EXPECT_EQ(Call("flt", {MakeSmall(3), f(2.0)}), "ok: {6.0}");
  EXPECT_EQ(Call("flt", {atoms::kOk, f(2.0)}), "error: badarith");
  EXPECT_EQ(Call("fdiv0", {f(1.0)}), "error: badarith");
}

// Each expected trace is erl's for the same call, less the frames of the
// shell's own code that called it.
TEST_F(InterpreterTest, StackTracesNameFunctionsArgumentsAndLines) {
  std::string element_error =
      "{erlang,element,[x,{a}],[{error_info,#{module => erl_erts_errors}}]},";
  std::string fail_in = "{vm_sample,fail_in,1," + Location(170) + "},";
  std::string deep = "{vm_sample,deep,2," + Location(168) + "},";
  std::string trace = "{vm_sample,trace,2," + Location(165) + "}";
  // A recursion deep into the same call shows once.
  EXPECT_EQ(Call("trace", {MakeSmall(2), InternAtom("x")}),
            "ok: [" + element_error + fail_in + deep + trace + "]");
  EXPECT_EQ(Call("trace", {MakeSmall(12), InternAtom("x")}, 5),
            "ok: [" + element_error + fail_in + deep + trace + "]");
  EXPECT_EQ(Call("trace_undef", {}),
            "ok: [{vm_sample,missing,[1,2],[]},{vm_sample,trace_undef,0," + Location(172) + "}]");
  EXPECT_EQ(Call("trace_clause", {}), "ok: [{vm_sample,only_ints,[x]," + Location(42) +
                                          "},{vm_sample,trace_clause,0," + Location(174) + "}]");
  EXPECT_EQ(Call("trace_apply", {MakeSmall(7)}),
            "ok: [{erlang,apply,[7,foo,[1]],[{error_info,#{module => erl_erts_errors}}]},"
            "{vm_sample,trace_apply,1," +
                Location(178) + "}]");
  // BEAM's JIT inlines X + 1: no frame of erlang:'+'/2.
  EXPECT_EQ(Call("trace_arith", {InternAtom("x")}),
            "ok: [{vm_sample,trace_arith,1," + Location(176) + "}]");
}

TEST_F(InterpreterTest, TheProcessDictionarySurvivesCollections) {
  EXPECT_EQ(Call("pd_churn", {MakeSmall(5)}), "ok: {[1,2,3,4,5],undefined,[1,2,3,4,5],undefined}");
  std::string many = Call("pd_churn", {MakeSmall(400)}, 50);
  EXPECT_TRUE(many.starts_with("ok: {[1,2,3,4,5,6,7,8,9,10,")) << many;
  EXPECT_GT(collections_, 5u);
}

TEST_F(InterpreterTest, BitSyntaxMatchesWhatItBuilds) {
  const uint8_t bytes[] = {1, 2, 3};
  EXPECT_EQ(Call("bits_roundtrip", {MakeSmall(-77), MakeBinary(heap_, bytes)}),
            "ok: {-77,56,<<1,2,3,5:3>>}");
  // The frame of a failed build carries error_info saying which segment.
  std::string frame = Call("bad_bin", {InternAtom("a")});
  EXPECT_EQ(frame.substr(0, frame.find(",[")), "ok: {vm_sample,bad_bin,1");
  EXPECT_TRUE(
      frame.ends_with("{line,194},{error_info,#{cause => {1,integer,type,a},"
                      "function => format_bs_fail,module => erl_erts_errors}}]}"))
      << frame;
}

TEST_F(InterpreterTest, SkippingACodePointLeavesTheNextInstructionAlone) {
  const uint8_t text[] = {0xc3, 0xa9, 'x', 'y'};  // "\u00e9xy"
  EXPECT_EQ(Call("skip_utf", {MakeBinary(heap_, text)}), "ok: <<120,121>>");
  EXPECT_EQ(Call("skip_utf", {MakeBinary(heap_, std::string_view("\xff"))}), "ok: none");
}

TEST_F(InterpreterTest, AnUncaughtErrorComesWithItsStackTrace) {
  EXPECT_EQ(Call("only_ints", {atoms::kOk}), "error: function_clause");
  EXPECT_EQ(last_stacktrace_, "[{vm_sample,only_ints,[ok]," + Location(42) + "}]");
}

// Instructions erlc no longer emits, from hand-written BEAM assembly.
class OldInstructionsTest : public InterpreterTest {
 protected:
  const char* Module() const override { return "emulator/vm/testdata/vm_asm_sample.beam"; }
};

// bs_add A + B * 8: a small size, else badarg (not two integers from 0) or
// system_limit (beyond a small), raised from the function itself.
TEST_F(OldInstructionsTest, BsAddComputesABitSize) {
  Term big = *MakeIntegerFromLimbs(heap_, false, std::vector<uint64_t>{0, 1});
  EXPECT_EQ(Call("bs_add", {MakeSmall(3), MakeSmall(2)}), "ok: 19");
  EXPECT_EQ(Call("bs_add", {MakeSmall(0), MakeSmall(0)}), "ok: 0");
  EXPECT_EQ(Call("bs_add", {MakeSmall(-1), MakeSmall(2)}), "error: badarg");
  EXPECT_EQ(Call("bs_add", {MakeSmall(2), MakeSmall(-1)}), "error: badarg");
  EXPECT_EQ(Call("bs_add", {atoms::kTrue, MakeSmall(1)}), "error: badarg");
  EXPECT_EQ(Call("bs_add", {big, MakeSmall(1)}), "error: system_limit");
  EXPECT_EQ(Call("bs_add", {MakeSmall(1), big}), "error: system_limit");
  EXPECT_EQ(Call("bs_add", {MakeSmall(kSmallMax), MakeSmall(kSmallMax)}), "error: system_limit");
  EXPECT_EQ(last_stacktrace_, "[{vm_asm_sample,bs_add,2,[]}]");
}

TEST_F(OldInstructionsTest, BsAddGoesToItsFailLabel) {
  EXPECT_EQ(Call("bs_add_or_fail", {MakeSmall(1), MakeSmall(2)}), "ok: 3");
  EXPECT_EQ(Call("bs_add_or_fail", {MakeSmall(-1), MakeSmall(2)}), "ok: failed");
}

}  // namespace
}  // namespace ling::vm
