// The BIFs of bif_maps.cc against what erl 25 gives for the same calls
// (testdata/check_bif_tests.escript checks every expectation here with erl).
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace ling::vm
