// The ETS BIFs give erl 25's results (each expectation below was checked
// on erl). No host: the BIFs use their own registry (ets_access.h), shared
// by every test here, so each test names its tables apart.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "emulator/vm/bif.h"
#include "emulator/vm/bif_test_util.h"
#include "emulator/vm/ets_access.h"
#include "emulator/vm/process_memory.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/build.h"
#include "runtime/term/format.h"

namespace ling::vm {
namespace {

using testing::ParseTerm;

class EtsBifTest : public ::testing::Test {
 protected:
  // ets:Name(Args...) called by `self`, the arguments parsed from "[...]"
  // text, with `table` (when set) in front of them.
  std::string Ets(std::string_view name, std::string_view args_text, Term table = kNonValue,
                  Term self = kOwner) {
    return EtsWith(name, args_text, table, kNonValue, self);
  }
  // The same with a second argument before the parsed ones.
  std::string EtsWith(std::string_view name, std::string_view args_text, Term table, Term second,
                      Term self = kOwner) {
    absl::StatusOr<Term> list = ParseTerm(memory_, args_text);
    if (!list.ok()) return std::string(list.status().message());
    std::vector<Term> args;
    if (table != kNonValue) args.push_back(table);
    if (second != kNonValue) args.push_back(second);
    for (Term l = *list; IsList(l); l = Tail(l))
      args.push_back(Head(l));
    const BifEntry* bif =
        FindBif(InternAtom("ets"), InternAtom(name), static_cast<int>(args.size()));
    if (bif == nullptr) return "no BIF";
    BifContext ctx{memory_};
    ctx.self = self;
    Term result = bif->function(ctx, args.data());
    last_ = result;
    if (result == kNonValue) return FormatAtom(ctx.error_class) + ":" + ToString(ctx.error);
    return ToString(result);
  }
  Term New(std::string_view options) {
    Ets("new", std::string("[t, ") + std::string(options) + "]");
    return last_;
  }
  void Check(Term table) {
    BifContext ctx{memory_};
    ReadAccess t = LockForRead(ctx, table, EtsNeed::kInfo);
    ASSERT_TRUE(t);
    t->CheckInvariants();
  }

  static constexpr Term kOwner = MakePid(11);
  static constexpr Term kOther = MakePid(12);
  ProcessMemory memory_;
  Term last_ = kNonValue;
};

TEST_F(EtsBifTest, SetInsertLookupDelete) {
  Term t = New("[set]");
  EXPECT_EQ(Ets("insert", "[{a, 1}]", t), "true");
  EXPECT_EQ(Ets("insert", "[[{b, 2}, {c, 3}, {a, 4}]]", t), "true");
  EXPECT_EQ(Ets("lookup", "[a]", t), "[{a,4}]");
  EXPECT_EQ(Ets("lookup", "[zz]", t), "[]");
  EXPECT_EQ(Ets("member", "[b]", t), "true");
  EXPECT_EQ(Ets("insert_new", "[{b, 9}]", t), "false");
  EXPECT_EQ(Ets("insert_new", "[[{d, 9}, {e, 1}]]", t), "true");
  EXPECT_EQ(Ets("insert_new", "[[{f, 9}, {e, 1}]]", t), "false");
  EXPECT_EQ(Ets("lookup", "[f]", t), "[]");
  EXPECT_EQ(Ets("info", "[size]", t), "5");
  EXPECT_EQ(Ets("delete", "[a]", t), "true");
  EXPECT_EQ(Ets("take", "[b]", t), "[{b,2}]");
  EXPECT_EQ(Ets("take", "[b]", t), "[]");
  EXPECT_EQ(Ets("delete_object", "[{c, 4}]", t), "true");
  EXPECT_EQ(Ets("lookup", "[c]", t), "[{c,3}]");
  EXPECT_EQ(Ets("delete_object", "[{c, 3}]", t), "true");
  EXPECT_EQ(Ets("info", "[size]", t), "2");
  Check(t);
  // A bad object anywhere in the list inserts none.
  EXPECT_EQ(Ets("insert", "[[{x}, y]]", t), "error:badarg");
  EXPECT_EQ(Ets("insert", "[{}]", t), "error:badarg");
  EXPECT_EQ(Ets("lookup", "[x]", t), "[]");
  EXPECT_EQ(Ets("internal_delete_all", "[undefined]", t), "2");
  EXPECT_EQ(Ets("delete", "[]", t), "true");
  EXPECT_EQ(Ets("lookup", "[a]", t), "error:badarg");
  EXPECT_EQ(Ets("info", "[]", t), "undefined");
}

TEST_F(EtsBifTest, KeysCompareByKind) {
  Term s = New("[set]");
  Ets("insert", "[[{1, int}, {1.0, float}]]", s);
  EXPECT_EQ(Ets("info", "[size]", s), "2");
  EXPECT_EQ(Ets("lookup", "[1.0]", s), "[{1.0,float}]");
  Term o = New("[ordered_set]");
  Ets("insert", "[[{1, int}, {1.0, float}, {2.0, b}, {3, c}]]", o);
  EXPECT_EQ(Ets("info", "[size]", o), "3");
  EXPECT_EQ(Ets("lookup", "[1]", o), "[{1.0,float}]");
  EXPECT_EQ(Ets("lookup", "[2]", o), "[{2.0,b}]");
  EXPECT_EQ(Ets("first", "[]", o), "1.0");
  EXPECT_EQ(Ets("next", "[1.5]", o), "2.0");
  EXPECT_EQ(Ets("next", "[3]", o), "'$end_of_table'");
  EXPECT_EQ(Ets("last", "[]", o), "3");
  EXPECT_EQ(Ets("prev", "[2]", o), "1.0");
  EXPECT_EQ(Ets("prev", "[1]", o), "'$end_of_table'");
  Check(s);
  Check(o);
}

TEST_F(EtsBifTest, HashTraversal) {
  Term t = New("[set]");
  Ets("insert", "[[{1, a}, {2, b}, {3, c}]]", t);
  std::vector<std::string> keys;
  std::string key = Ets("first", "[]", t);
  for (int i = 0; i < 4 && key != "'$end_of_table'"; ++i) {
    keys.push_back(key);
    key = EtsWith("next", "[]", t, last_);
  }
  EXPECT_EQ(keys.size(), 3u);
  EXPECT_EQ(Ets("next", "[99]", t), "error:badarg");
}

TEST_F(EtsBifTest, Bags) {
  Term b = New("[bag]");
  Ets("insert", "[[{a, 1}, {a, 2}, {a, 1}, {b, 3}]]", b);
  EXPECT_EQ(Ets("lookup", "[a]", b), "[{a,1},{a,2}]");
  EXPECT_EQ(Ets("lookup_element", "[a, 2]", b), "[1,2]");
  Term d = New("[duplicate_bag]");
  Ets("insert", "[[{a, 1}, {a, 2}, {a, 1}, {b, 3}]]", d);
  EXPECT_EQ(Ets("lookup", "[a]", d), "[{a,1},{a,2},{a,1}]");
  Ets("delete_object", "[{a, 1}]", d);
  EXPECT_EQ(Ets("lookup", "[a]", d), "[{a,2}]");
  EXPECT_EQ(Ets("update_counter", "[a, 1]", d), "error:badarg");
  Check(b);
  Check(d);
}

TEST_F(EtsBifTest, UpdateCounter) {
  Term t = New("[set, public]");
  EXPECT_EQ(Ets("update_counter", "[k, 1, {x, 10}]", t), "11");
  EXPECT_EQ(Ets("update_counter", "[k2, {2, 1}, {x, 10, 20}]", t), "11");
  EXPECT_EQ(Ets("lookup", "[k]", t), "[{k,11}]");
  EXPECT_EQ(Ets("update_counter", "[k, [{2, 5, 15, 0}, {2, -100, -50, -1}]]", t), "[0,-1]");
  EXPECT_EQ(Ets("update_counter", "[k, [{2, 0, 0, 7}]]", t), "[-1]");
  EXPECT_EQ(Ets("update_counter", "[k, [{2, 0, -10, 7}]]", t), "[7]");
  EXPECT_EQ(Ets("update_counter", "[k, {1, 1}]", t), "error:badarg");
  EXPECT_EQ(Ets("update_counter", "[k, {3, 1}]", t), "error:badarg");
  EXPECT_EQ(Ets("update_counter", "[nokey, 1]", t), "error:badarg");
  EXPECT_EQ(Ets("update_counter", "[k, 1180591620717411303424]", t), "1180591620717411303431");
  EXPECT_EQ(Ets("update_counter", "[k, [{2, 1, 1.0, 0}]]", t), "error:badarg");
  EXPECT_EQ(Ets("update_counter", "[k, []]", t), "[]");
  EXPECT_EQ(Ets("update_counter", "[k3, 1, {x}]", t), "error:badarg");
  EXPECT_EQ(Ets("update_element", "[k, {2, z}]", t), "true");
  EXPECT_EQ(Ets("update_element", "[k, [{2, z}, {1, q}]]", t), "error:badarg");
  EXPECT_EQ(Ets("update_element", "[nokey, {2, z}]", t), "false");
  EXPECT_EQ(Ets("update_element", "[k, {3, z}]", t), "error:badarg");
  EXPECT_EQ(Ets("lookup", "[k]", t), "[{k,z}]");
  Check(t);
}

TEST_F(EtsBifTest, Protection) {
  Term prot = New("[protected]");
  Term priv = New("[private]");
  Term pub = New("[public]");
  EXPECT_EQ(Ets("insert", "[{a}]", prot, kOther), "error:badarg");
  EXPECT_EQ(Ets("lookup", "[a]", prot, kOther), "[]");
  EXPECT_EQ(Ets("lookup", "[a]", priv, kOther), "error:badarg");
  EXPECT_EQ(Ets("info", "[size]", priv, kOther), "0");
  EXPECT_EQ(Ets("insert", "[{a}]", pub, kOther), "true");
  EXPECT_EQ(Ets("delete", "[]", prot, kOther), "error:badarg");
  EXPECT_EQ(Ets("info", "[protection]", priv), "private");
}

TEST_F(EtsBifTest, NewOptionsAndNames) {
  EXPECT_EQ(Ets("new", "[x, [set, bag]]").substr(0, 5), "#Ref<");
  EXPECT_EQ(Ets("info", "[type]", last_), "bag");
  EXPECT_EQ(Ets("new", "[x, [{keypos, 0}]]"), "error:badarg");
  EXPECT_EQ(Ets("new", "[x, [foo]]"), "error:badarg");
  EXPECT_EQ(Ets("new", "[\"x\", []]"), "error:badarg");
  EXPECT_EQ(Ets("new", "[x, [{heir, foo, 1}]]"), "error:badarg");
  EXPECT_EQ(Ets("new", "[x, [{write_concurrency, auto}, {read_concurrency, true}]]").substr(0, 5),
            "#Ref<");
  EXPECT_EQ(Ets("new", "[ets_named, [named_table, {keypos, 2}]]"), "ets_named");
  EXPECT_EQ(Ets("new", "[ets_named, [named_table]]"), "error:badarg");
  EXPECT_EQ(Ets("insert", "[ets_named, {1, k}]"), "true");
  EXPECT_EQ(Ets("lookup", "[ets_named, k]"), "[{1,k}]");
  EXPECT_EQ(Ets("whereis", "[ets_named]").substr(0, 5), "#Ref<");
  EXPECT_EQ(Ets("whereis", "[ets_nothing]"), "undefined");
  EXPECT_EQ(Ets("info", "[ets_nothing, bad]"), "undefined");
  EXPECT_EQ(Ets("info", "[ets_named, bad]"), "error:badarg");
  EXPECT_EQ(Ets("rename", "[ets_named, ets_renamed]"), "ets_renamed");
  EXPECT_EQ(Ets("lookup", "[ets_named, k]"), "error:badarg");
  EXPECT_EQ(Ets("info", "[ets_renamed, name]"), "ets_renamed");
  EXPECT_EQ(Ets("delete", "[ets_renamed]"), "true");
}

TEST_F(EtsBifTest, SelectAndMatch) {
  Term o = New("[ordered_set]");
  Ets("insert", "[[{1, a}, {2.0, b}, {3, c}]]", o);
  EXPECT_EQ(Ets("match", "[{1.0, '$1'}]", o), "[]");
  EXPECT_EQ(Ets("match", "[{'$1', '$2'}]", o), "[[1,a],[2.0,b],[3,c]]");
  EXPECT_EQ(Ets("match_object", "[{'_', b}]", o), "[{2.0,b}]");
  EXPECT_EQ(Ets("select", "[[{{'$1', '$2'}, [{'==', '$1', 2}], ['$2']}]]", o), "[b]");
  EXPECT_EQ(Ets("select", "[[{{'$1', '_'}, [], [{'+', '$1', a}]}]]", o), "['EXIT','EXIT','EXIT']");
  EXPECT_EQ(Ets("select", "[[{{'$1', '_'}, [{'>', {'+', '$1', a}, 1}], ['$1']}]]", o), "[]");
  EXPECT_EQ(Ets("select", "[[{{'$1', '$2'}, [], ['$3']}]]", o), "error:badarg");
  EXPECT_EQ(Ets("select", "[[{{'$1', '$2'}, [], [{foo, '$1'}]}]]", o), "error:badarg");
  EXPECT_EQ(Ets("select", "[[{'_', [], []}]]", o), "error:badarg");
  EXPECT_EQ(Ets("select", "[foo]", o), "error:badarg");
  EXPECT_EQ(Ets("select", "[[{'_', [], [1, 2]}, {'_', [], [3]}]]", o), "[2,2,2]");
  EXPECT_EQ(Ets("select_count", "[[{'_', [], [true]}]]", o), "3");
  EXPECT_EQ(Ets("select", "[[{{'$1', '$2'}, [], [{{'$2', '$1'}}]}], 2]", o).substr(0, 25),
            "{[{a,1},{b,2.0}],{'$ling_");
  Term cont = TupleElement(last_, 1);
  EXPECT_EQ(Ets("select", "[]", cont), "{[{c,3}],'$end_of_table'}");
  EXPECT_EQ(Ets("select_reverse", "[[{{'$1', '_'}, [], ['$1']}]]", o), "[3,2.0,1]");
  EXPECT_EQ(Ets("select_replace", "[[{{'$1', '$2'}, [], [{{{'+', '$1', 10}, '$2'}}]}]]", o),
            "error:badarg");
  EXPECT_EQ(Ets("select_replace", "[[{{'$1', '$2'}, [], [{{'$1', x}}]}]]", o), "3");
  EXPECT_EQ(Ets("match_object", "['_']", o), "[{1,x},{2.0,x},{3,x}]");
  EXPECT_EQ(Ets("internal_select_delete", "[[{{'$1', '_'}, [{'<', '$1', 3}], [true]}]]", o), "2");
  EXPECT_EQ(Ets("match_object", "['_']", o), "[{3,x}]");
  Check(o);
}

}  // namespace
}  // namespace ling::vm
