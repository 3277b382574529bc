// The BIFs of bif_maps.cc against what erl 25 gives for the same calls
// (testdata/check_bif_tests.escript checks every expectation here with erl).
#include <gtest/gtest.h>

#include <string>

#include "emulator/vm/bif_test_util.h"

namespace ling::vm {
namespace {

using testing::Call;
using testing::Erl;

TEST(MapBifs, Get) {
  EXPECT_EQ(Call("maps:get(a, #{a => 1, b => 2})"), "1");
  EXPECT_EQ(Call("maps:get(1.0, #{1 => int, 1.0 => float})"), "float");
  EXPECT_EQ(Call("maps:get(c, #{a => 1})"), "error:{badkey,c}");
  EXPECT_EQ(Call("maps:get(1.0, #{1 => a})"), "error:{badkey,1.0}");
  EXPECT_EQ(Call("maps:get(a, [])"), "error:{badmap,[]}");
  EXPECT_EQ(Call("map_get(b, #{a => 1, b => 2})"), "2");
  EXPECT_EQ(Call("map_get(c, #{})"), "error:{badkey,c}");
  EXPECT_EQ(Call("map_get(c, x)"), "error:{badmap,x}");
}

TEST(MapBifs, FindAndIsKey) {
  EXPECT_EQ(Call("maps:find(a, #{a => 1})"), "{ok,1}");
  EXPECT_EQ(Call("maps:find(b, #{a => 1})"), "error");
  EXPECT_EQ(Call("maps:find(a, {})"), "error:{badmap,{}}");
  EXPECT_EQ(Call("maps:is_key(a, #{a => 1})"), "true");
  EXPECT_EQ(Call("maps:is_key(b, #{a => 1})"), "false");
  EXPECT_EQ(Call("maps:is_key(a, 1)"), "error:{badmap,1}");
  EXPECT_EQ(Call("is_map_key(a, #{a => 1})"), "true");
  EXPECT_EQ(Call("is_map_key(1, #{1.0 => 1})"), "false");
  EXPECT_EQ(Call("is_map_key(a, [])"), "error:{badmap,[]}");
}

TEST(MapBifs, PutUpdateRemoveTake) {
  EXPECT_EQ(Call("maps:put(b, 2, #{a => 1})"), "#{a => 1,b => 2}");
  EXPECT_EQ(Call("maps:put(a, 2, #{a => 1})"), "#{a => 2}");
  EXPECT_EQ(Call("maps:put(1.0, x, #{1 => y})"), "#{1 => y,1.0 => x}");
  EXPECT_EQ(Call("maps:put(a, 1, a)"), "error:{badmap,a}");
  EXPECT_EQ(Call("maps:update(a, 2, #{a => 1})"), "#{a => 2}");
  EXPECT_EQ(Call("maps:update(b, 2, #{a => 1})"), "error:{badkey,b}");
  EXPECT_EQ(Call("maps:update(b, 2, [])"), "error:{badmap,[]}");
  EXPECT_EQ(Call("maps:remove(a, #{a => 1, b => 2})"), "#{b => 2}");
  EXPECT_EQ(Call("maps:remove(c, #{a => 1})"), "#{a => 1}");
  EXPECT_EQ(Call("maps:remove(c, x)"), "error:{badmap,x}");
  EXPECT_EQ(Call("maps:take(a, #{a => 1, b => 2})"), "{1,#{b => 2}}");
  EXPECT_EQ(Call("maps:take(c, #{a => 1})"), "error");
  EXPECT_EQ(Call("maps:take(c, x)"), "error:{badmap,x}");
}

TEST(MapBifs, KeysValuesAndLists) {
  EXPECT_EQ(Call("maps:keys(#{b => 2, a => 1, 1 => x})"), "[1,a,b]");
  EXPECT_EQ(Call("maps:values(#{b => 2, a => 1, 1 => x})"), "[x,1,2]");
  EXPECT_EQ(Call("maps:keys(#{})"), "[]");
  EXPECT_EQ(Call("maps:keys(a)"), "error:{badmap,a}");
  EXPECT_EQ(Call("maps:values(a)"), "error:{badmap,a}");
  EXPECT_EQ(Call("maps:to_list(#{b => 2, a => 1})"), "[{a,1},{b,2}]");
  EXPECT_EQ(Call("maps:to_list(#{})"), "[]");
  EXPECT_EQ(Call("maps:to_list([])"), "error:{badmap,[]}");
  EXPECT_EQ(Call("maps:from_list([{a,1},{b,2},{a,3}])"), "#{a => 3,b => 2}");
  EXPECT_EQ(Call("maps:from_list([])"), "#{}");
  EXPECT_EQ(Call("maps:from_list([{a,1}|b])"), "error:badarg");
  EXPECT_EQ(Call("maps:from_list([{a,1,2}])"), "error:badarg");
  EXPECT_EQ(Call("maps:from_list(a)"), "error:badarg");
  EXPECT_EQ(Call("maps:from_keys([a,b,a], 0)"), "#{a => 0,b => 0}");
  EXPECT_EQ(Call("maps:from_keys([], 0)"), "#{}");
  EXPECT_EQ(Call("maps:from_keys([a|b], 0)"), "error:badarg");
  EXPECT_EQ(Call("maps:from_keys(a, 0)"), "error:badarg");
}

TEST(MapBifs, Merge) {
  EXPECT_EQ(Call("maps:merge(#{a => 1, b => 2}, #{b => 3, c => 4})"), "#{a => 1,b => 3,c => 4}");
  EXPECT_EQ(Call("maps:merge(#{}, #{a => 1})"), "#{a => 1}");
  EXPECT_EQ(Call("maps:merge(#{a => 1}, #{})"), "#{a => 1}");
  EXPECT_EQ(Call("maps:merge(a, #{})"), "error:{badmap,a}");
  EXPECT_EQ(Call("maps:merge(#{}, b)"), "error:{badmap,b}");
  EXPECT_EQ(Call("maps:merge(a, b)"), "error:{badmap,a}");
}

TEST(MapBifs, MapNext) {
  EXPECT_EQ(Call("erts_internal:map_next(0, #{a => 1, b => 2}, [])"), "[{a,1},{b,2}]");
  EXPECT_EQ(Call("erts_internal:map_next(0, #{a => 1}, [x])"), "[{a,1},x]");
  EXPECT_EQ(Call("erts_internal:map_next(0, #{a => 1, b => 2}, iterator)"), "{a,1,{b,2,none}}");
  EXPECT_EQ(Call("erts_internal:map_next(0, #{}, iterator)"), "none");
  EXPECT_EQ(Call("erts_internal:map_next(2, #{a => 1, b => 2}, [])"), "[{a,1},{b,2}]");
  EXPECT_EQ(Call("erts_internal:map_next(3, #{a => 1, b => 2}, [])"), "error:badarg");
  EXPECT_EQ(Call("erts_internal:map_next(-1, #{a => 1}, [])"), "error:badarg");
  EXPECT_EQ(Call("erts_internal:map_next(0, x, [])"), "error:badarg");
  EXPECT_EQ(Call("erts_internal:map_next(0, #{a => 1}, x)"), "error:badarg");
}

// maps:from_list([{I, I} || I <- lists:seq(1, 40)]) as text.
std::string Map40() {
  std::string text = "#{";
  for (int i = 1; i <= 40; ++i)
    text += (i > 1 ? "," : "") + std::to_string(i) + " => " + std::to_string(i);
  return text + "}";
}

// A map of more than 32 keys comes out in BEAM's hash order: maps:keys/1 and
// maps:to_list/1 in its trie's order reversed, erts_internal:map_next/3 in
// that order from a trie path (11: the 33rd entry, where erl's first call
// stops). Expected: erl 25.2.3.
TEST(MapBifs, LargeMapsInHashOrder) {
  const std::string m = Map40();
  const std::string keys =
      "33,12,23,29,30,39,26,31,11,37,9,32,34,25,28,6,38,13,40,20,15,14,2,7,1,8,3,17,22,21,4,36,"
      "24,10,35,27,19,5,18,16";
  EXPECT_EQ(Call("maps:keys(" + m + ")"), "[" + keys + "]");
  EXPECT_EQ(Call("maps:values(" + m + ")"), "[" + keys + "]");
  EXPECT_EQ(Call("erts_internal:map_next(11, " + m + ", iterator)"),
            "{31,31,{26,26,{39,39,{30,30,{29,29,{23,23,{12,12,{33,33,none}}}}}}}}");
  EXPECT_EQ(Call("erts_internal:map_next(11, " + m + ", [x])"),
            "[{33,33},{12,12},{23,23},{29,29},{30,30},{39,39},{26,26},{31,31},x]");
  EXPECT_EQ(Call("erts_internal:map_next(240, " + m + ", [])"), "error:badarg");
  EXPECT_EQ(Call("erts_internal:map_next(-1, " + m + ", [])"), "error:badarg");
  std::string to_list = Call("maps:to_list(" + m + ")");
  EXPECT_EQ(to_list.substr(0, 24), "[{33,33},{12,12},{23,23}");
}

}  // namespace
}  // namespace ling::vm
