// The match-specification engine on single objects: what erl's
// ets:test_ms/2 (erlang:match_spec_test/3) gives for the same pairs.
#include "emulator/vm/match_spec.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/vm/bif_test_util.h"
#include "emulator/vm/process_memory.h"
#include "runtime/term/build.h"
#include "runtime/term/compare.h"
#include "runtime/term/format.h"

namespace ling::vm {
namespace {

using testing::ParseTerm;

// The result of `spec` on `object` as ~w writes it, "nomatch", or
// "badarg" when the specification does not compile.
std::string RunMs(std::string_view object, std::string_view spec) {
  ProcessMemory memory;
  absl::StatusOr<Term> o = ParseTerm(memory, object), s = ParseTerm(memory, spec);
  if (!o.ok() || !s.ok()) return "bad text";
  std::optional<MatchSpec> ms = MatchSpec::Compile(*s);
  if (!ms) return "badarg";
  BifContext ctx{memory};
  ctx.self = MakePid(5);
  Term result = ms->Run(*o, ctx);
  return result == kNonValue ? "nomatch" : ToString(result);
}

TEST(MatchSpec, Heads) {
  EXPECT_EQ(RunMs("{a, 1, [x]}", "[{{'$1', '_', ['$2']}, [], ['$$']}]"), "[a,x]");
  EXPECT_EQ(RunMs("{a, a}", "[{{'$1', '$1'}, [], ['$1']}]"), "a");
  EXPECT_EQ(RunMs("{a, b}", "[{{'$1', '$1'}, [], ['$1']}]"), "nomatch");
  EXPECT_EQ(RunMs("{1, 1.0}", "[{{'$1', '$1'}, [], ['$1']}]"), "nomatch");
  EXPECT_EQ(RunMs("{1.0}", "[{{1}, [], [yes]}]"), "nomatch");
  EXPECT_EQ(RunMs("{a, b}", "[{'$0', [], ['$0']}]"), "{a,b}");
  EXPECT_EQ(RunMs("{a, b}", "[{'_', [], ['$_']}]"), "{a,b}");
  EXPECT_EQ(RunMs("{k, #{a => 1, b => 2}}", "[{{k, #{a => '$1'}}, [], ['$1']}]"), "1");
  EXPECT_EQ(RunMs("{k, #{b => 2}}", "[{{k, #{a => '$1'}}, [], ['$1']}]"), "nomatch");
  EXPECT_EQ(RunMs("{[1, 2 | 3]}", "[{{[1 | '$1']}, [], ['$1']}]"), "[2|3]");
  EXPECT_EQ(RunMs("{a}", "[{{b}, [], [1]}, {{a}, [], [2]}, {'_', [], [3]}]"), "2");
}

TEST(MatchSpec, Guards) {
  EXPECT_EQ(RunMs("{3}", "[{{'$1'}, [{'>', '$1', 2}, {is_integer, '$1'}], [ok]}]"), "ok");
  EXPECT_EQ(RunMs("{3}", "[{{'$1'}, [{'>', '$1', 4}], [ok]}]"), "nomatch");
  // A guard that raises fails quietly.
  EXPECT_EQ(RunMs("{3}", "[{{'$1'}, [{'>', {'+', '$1', a}, 1}], [ok]}]"), "nomatch");
  EXPECT_EQ(RunMs("{3}", "[{{'$1'}, [{'andalso', {'>', '$1', 1}, true}], [ok]}]"), "ok");
  EXPECT_EQ(RunMs("{3}", "[{{'$1'}, [{'or', {'>', '$1', 1}, foo}], [ok]}]"), "nomatch");
  EXPECT_EQ(RunMs("{3}", "[{{'$1'}, [{'orelse', {'>', '$1', 1}, foo}], [ok]}]"), "ok");
  EXPECT_EQ(RunMs("{3}", "[{{'$1'}, [{'and', true, true, {'<', '$1', 9}}], [ok]}]"), "ok");
  EXPECT_EQ(RunMs("{x}", "[{{'$1'}, [{'not', {is_atom, '$1'}}], [ok]}]"), "nomatch");
  EXPECT_EQ(RunMs("{x}", "[{{'$1'}, [bad], [ok]}]"), "nomatch");
  EXPECT_EQ(RunMs("{x}", "[{{'$1'}, ['$1'], [ok]}]"), "nomatch");
  EXPECT_EQ(RunMs("{{a, b}}", "[{{'$1'}, [{'==', {element, 2, '$1'}, b}], [ok]}]"), "ok");
  EXPECT_EQ(RunMs("{[a, b]}", "[{{'$1'}, [{'==', {length, '$1'}, 2}], [{hd, '$1'}]}]"), "a");
  EXPECT_EQ(RunMs("{x}", "[{{'$1'}, [{'=:=', {self}, {const, '$1'}}], [ok]}]"), "nomatch");
}

TEST(MatchSpec, Bodies) {
  EXPECT_EQ(RunMs("{1, a}", "[{{'$1', '$2'}, [], [{{'$2', '$1', {const, '$1'}}}]}]"), "{a,1,'$1'}");
  EXPECT_EQ(RunMs("{1, a}", "[{{'$1', '$2'}, [], [['$1', x | '$2']]}]"), "[1,x|a]");
  EXPECT_EQ(RunMs("{1, a}", "[{{'$1', '$2'}, [], [#{k => '$1'}]}]"), "#{k => 1}");
  EXPECT_EQ(RunMs("{1, a}", "[{{'$1', '$2'}, [], [{float, '$1'}, '$1']}]"), "1");
  EXPECT_EQ(RunMs("{1, a}", "[{{'$1', '$2'}, [], [{'+', '$1', '$2'}]}]"), "'EXIT'");
  EXPECT_EQ(RunMs("{1, a}", "[{{'$1', '$2'}, [], [{'andalso', '$1', true}]}]"), "'EXIT'");
  EXPECT_EQ(RunMs("{1, a}", "[{'_', [], [{self}]}]"), "<0.5.0>");
  // andalso and orelse give their last operand as it is.
  EXPECT_EQ(RunMs("{1, a}", "[{{'$1', '$2'}, [], [{'andalso', true, '$2'}]}]"), "a");
  EXPECT_EQ(RunMs("{1, a}", "[{{'$1', '$2'}, [], [{'orelse', true, '$2'}]}]"), "true");
}

TEST(MatchSpec, RejectsWhatErlRejects) {
  EXPECT_EQ(RunMs("{1}", "[{{'$1'}, [], ['$2']}]"), "badarg");
  EXPECT_EQ(RunMs("{1}", "[{{'$1'}, [], [{foo, '$1'}]}]"), "badarg");
  EXPECT_EQ(RunMs("{1}", "[{{'$1'}, [], [{'$2'}]}]"), "badarg");
  EXPECT_EQ(RunMs("{1}", "[{'_', [], []}]"), "badarg");
  EXPECT_EQ(RunMs("{1}", "[{'_', []}]"), "badarg");
  EXPECT_EQ(RunMs("{1}", "foo"), "badarg");
  EXPECT_EQ(RunMs("{1}", "[{'_', [], [x]} | y]"), "badarg");
  EXPECT_EQ(RunMs("{1}", "[{'_', [], [{'andalso'}]}]"), "badarg");
  EXPECT_EQ(RunMs("{1}", "[{'_', [], [{'or'}]}]"), "badarg");
  EXPECT_EQ(RunMs("{1}", "[]"), "nomatch");
}

TEST(MatchSpec, LongListsCostNoStackDepth) {
  ProcessMemory memory;
  std::vector<Term> elements;
  for (int i = 0; i < 300000; ++i)
    elements.push_back(MakeSmall(i));
  Term list = MakeList(memory, elements);
  Term object = MakeTuple(memory, {list});
  Term clause = MakeTuple(memory, {MakeTuple(memory, {list}), kNil, MakeCons(memory, list, kNil)});
  std::optional<MatchSpec> ms = MatchSpec::Compile(MakeCons(memory, clause, kNil));
  ASSERT_TRUE(ms);
  BifContext ctx{memory};
  Term result = ms->Run(object, ctx);
  ASSERT_NE(result, kNonValue);
  EXPECT_TRUE(ExactEqual(result, list));
}

TEST(MatchSpec, BoundKey) {
  ProcessMemory memory;
  auto key = [&](std::string_view spec, uint32_t keypos) {
    std::optional<MatchSpec> ms = MatchSpec::Compile(*ParseTerm(memory, spec));
    Term k = ms->BoundKey(keypos);
    return k == kNonValue ? std::string("none") : ToString(k);
  };
  EXPECT_EQ(key("[{{a, '_'}, [], ['$_']}]", 1), "a");
  EXPECT_EQ(key("[{{'_', {b, [1]}, '$1'}, [], ['$_']}]", 2), "{b,[1]}");
  EXPECT_EQ(key("[{{'_', {b, '_'}}, [], ['$_']}]", 2), "none");
  EXPECT_EQ(key("[{{'$1', x}, [], ['$_']}]", 1), "none");
  EXPECT_EQ(key("[{{a}, [], ['$_']}, {{b}, [], ['$_']}]", 1), "none");
  EXPECT_EQ(key("[{'_', [], ['$_']}]", 1), "none");
}

}  // namespace
}  // namespace ling::vm
