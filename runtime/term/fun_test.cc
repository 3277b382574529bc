#include "runtime/term/fun.h"

#include <gtest/gtest.h>

#include <vector>

#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/build.h"
#include "runtime/term/format.h"

namespace ling {
namespace {

// erl: erlang:fun_info(F) of the fun in t2:main/0 gave module t2, index 0,
// uniq 94035396 and this new_uniq.
LocalFunId T2Fun() {
  LocalFunId id;
  id.module = InternAtom("t2");
  id.index = 0;
  id.uniq = 94035396;
  id.new_uniq = {179, 91, 184, 142, 14, 11, 153, 99, 193, 18, 109, 56, 176, 80, 208, 52};
  id.arity = 1;
  return id;
}

TEST(Fun, ExportFunsHoldModuleFunctionArity) {
  Heap h;
  Term f = MakeExportFun(h, InternAtom("lists"), InternAtom("map"), 2);
  EXPECT_TRUE(IsFun(f));
  EXPECT_TRUE(IsExportFun(f));
  EXPECT_FALSE(IsLocalFun(f));
  EXPECT_EQ(ExportFunModule(f), InternAtom("lists"));
  EXPECT_EQ(ExportFunFunction(f), InternAtom("map"));
  EXPECT_EQ(FunArity(f), 2u);
  EXPECT_EQ(ToString(f), "fun lists:map/2");
  EXPECT_EQ(ToString(MakeExportFun(h, InternAtom("Elixir.Foo"), InternAtom("B"), 255)),
            "fun 'Elixir.Foo':'B'/255");
}

TEST(Fun, LocalFunsHoldTheirIdentityAndFreeVariables) {
  Heap h;
  std::vector<Term> free = {MakeSmall(7), MakeString(h, "env"), atoms::kOk};
  Term f = MakeLocalFun(h, nullptr, T2Fun(), free);
  EXPECT_TRUE(IsFun(f));
  EXPECT_TRUE(IsLocalFun(f));
  EXPECT_FALSE(IsExportFun(f));
  EXPECT_EQ(LocalFunIdOf(f), T2Fun());
  EXPECT_EQ(FunArity(f), 1u);
  EXPECT_EQ(LocalFunEntry(f), nullptr);
  ASSERT_EQ(LocalFunNumFree(f), 3u);
  for (uint32_t i = 0; i < 3; ++i)
    EXPECT_EQ(LocalFunFreeVar(f, i), free[i]);
  // The loader resolves the entry later.
  static const int kEntry = 0;
  SetLocalFunEntry(f, &kEntry);
  EXPECT_EQ(LocalFunEntry(f), &kEntry);
  EXPECT_EQ(LocalFunIdOf(f), T2Fun());
  EXPECT_EQ(ToString(f), "#Fun<t2.0.94035396>");
  Term closed = MakeLocalFun(h, nullptr, T2Fun(), {});
  EXPECT_EQ(LocalFunNumFree(closed), 0u);
  EXPECT_EQ(HeaderArity(*BoxedPointer(closed)), 9u);
  // No creator given: <0.0.0>; one given is kept.
  EXPECT_EQ(LocalFunCreator(closed), MakePid(0));
  Term made = MakeLocalFun(h, nullptr, T2Fun(), {}, MakePid(42));
  EXPECT_EQ(LocalFunCreator(made), MakePid(42));
}

}  // namespace
}  // namespace ling
