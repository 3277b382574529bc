// erlang:phash/2 and phash2/1,2 give erl's values (the expectations were
// printed by erl 25; testdata/check_bif_tests.escript checks them again).
#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include "emulator/vm/bif_test_util.h"
#include "emulator/vm/process_memory.h"
#include "runtime/term/binary.h"
#include "runtime/term/build.h"
#include "runtime/term/map.h"

namespace ling::vm {
namespace {

using testing::Call;

TEST(HashBifs, ErlsValues) {
  EXPECT_EQ(Call(R"(phash2(a))"), "97");
  EXPECT_EQ(Call(R"(phash2(a, 1000))"), "97");
  EXPECT_EQ(Call(R"(phash(a, 4294967296))"), "98");
  EXPECT_EQ(Call(R"(phash2(''))"), "0");
  EXPECT_EQ(Call(R"(phash2('', 1000))"), "0");
  EXPECT_EQ(Call(R"(phash('', 4294967296))"), "1");
  EXPECT_EQ(Call(R"(phash2('hello world'))"), "18131988");
  EXPECT_EQ(Call(R"(phash2('hello world', 1000))"), "988");
  EXPECT_EQ(Call(R"(phash('hello world', 4294967296))"), "18131989");
  EXPECT_EQ(Call(R"(phash2('é'))"), "233");
  EXPECT_EQ(Call(R"(phash2('é', 1000))"), "233");
  EXPECT_EQ(Call(R"(phash('é', 4294967296))"), "234");
  EXPECT_EQ(Call(R"(phash2('€uro'))"), "112016527");
  EXPECT_EQ(Call(R"(phash2('€uro', 1000))"), "255");
  EXPECT_EQ(Call(R"(phash('€uro', 4294967296))"), "246234256");
  EXPECT_EQ(Call(R"(phash2([]))"), "113427502");
  EXPECT_EQ(Call(R"(phash2([], 1000))"), "702");
  EXPECT_EQ(Call(R"(phash([], 4294967296))"), "2");
  EXPECT_EQ(Call(R"(phash2(0))"), "88723725");
  EXPECT_EQ(Call(R"(phash2(0, 1000))"), "469");
  EXPECT_EQ(Call(R"(phash(0, 4294967296))"), "1");
  EXPECT_EQ(Call(R"(phash2(1))"), "2614250");
  EXPECT_EQ(Call(R"(phash2(1, 1000))"), "162");
  EXPECT_EQ(Call(R"(phash(1, 4294967296))"), "2788898428");
  EXPECT_EQ(Call(R"(phash2(-1))"), "44071773");
  EXPECT_EQ(Call(R"(phash2(-1, 1000))"), "597");
  EXPECT_EQ(Call(R"(phash(-1, 4294967296))"), "1680185270");
  EXPECT_EQ(Call(R"(phash2(134217727))"), "112602999");
  EXPECT_EQ(Call(R"(phash2(134217727, 1000))"), "567");
  EXPECT_EQ(Call(R"(phash(134217727, 4294967296))"), "1192343453");
  EXPECT_EQ(Call(R"(phash2(134217728))"), "12354923");
  EXPECT_EQ(Call(R"(phash2(134217728, 1000))"), "755");
  EXPECT_EQ(Call(R"(phash(134217728, 4294967296))"), "2147483673");
  EXPECT_EQ(Call(R"(phash2(-134217728))"), "69672967");
  EXPECT_EQ(Call(R"(phash2(-134217728, 1000))"), "335");
  EXPECT_EQ(Call(R"(phash(-134217728, 4294967296))"), "2147489129");
  EXPECT_EQ(Call(R"(phash2(-134217729))"), "76739502");
  EXPECT_EQ(Call(R"(phash2(-134217729, 1000))"), "782");
  EXPECT_EQ(Call(R"(phash(-134217729, 4294967296))"), "3827674398");
  EXPECT_EQ(Call(R"(phash2(576460752303423487))"), "27520264");
  EXPECT_EQ(Call(R"(phash2(576460752303423487, 1000))"), "0");
  EXPECT_EQ(Call(R"(phash(576460752303423487, 4294967296))"), "3114282913");
  EXPECT_EQ(Call(R"(phash2(-576460752303423488))"), "35173814");
  EXPECT_EQ(Call(R"(phash2(-576460752303423488, 1000))"), "190");
  EXPECT_EQ(Call(R"(phash(-576460752303423488, 4294967296))"), "2147489129");
  EXPECT_EQ(Call(R"(phash2(576460752303423488))"), "26969617");
  EXPECT_EQ(Call(R"(phash2(576460752303423488, 1000))"), "721");
  EXPECT_EQ(Call(R"(phash(576460752303423488, 4294967296))"), "2147483673");
  EXPECT_EQ(Call(R"(phash2(-576460752303423489))"), "36462311");
  EXPECT_EQ(Call(R"(phash2(-576460752303423489, 1000))"), "599");
  EXPECT_EQ(Call(R"(phash(-576460752303423489, 4294967296))"), "3227238398");
  EXPECT_EQ(Call(R"(phash2(18446744073709551616))"), "103122609");
  EXPECT_EQ(Call(R"(phash2(18446744073709551616, 1000))"), "713");
  EXPECT_EQ(Call(R"(phash(18446744073709551616, 4294967296))"), "2788898428");
  EXPECT_EQ(Call(R"(phash2(-340282366920938463463374607431768211456))"), "98712101");
  EXPECT_EQ(Call(R"(phash2(-340282366920938463463374607431768211456, 1000))"), "845");
  EXPECT_EQ(Call(R"(phash(-340282366920938463463374607431768211456, 4294967296))"), "1680185270");
  EXPECT_EQ(Call(R"(phash2(1.0))"), "77147068");
  EXPECT_EQ(Call(R"(phash2(1.0, 1000))"), "84");
  EXPECT_EQ(Call(R"(phash(1.0, 4294967296))"), "1072693249");
  EXPECT_EQ(Call(R"(phash2(-1.5))"), "13753666");
  EXPECT_EQ(Call(R"(phash2(-1.5, 1000))"), "130");
  EXPECT_EQ(Call(R"(phash(-1.5, 4294967296))"), "3220701185");
  EXPECT_EQ(Call(R"(phash2(0.0))"), "20875736");
  EXPECT_EQ(Call(R"(phash2(0.0, 1000))"), "920");
  EXPECT_EQ(Call(R"(phash(0.0, 4294967296))"), "1");
  EXPECT_EQ(Call(R"(phash2(-0.0))"), "20875736");
  EXPECT_EQ(Call(R"(phash2(-0.0, 1000))"), "920");
  EXPECT_EQ(Call(R"(phash(-0.0, 4294967296))"), "1");
  EXPECT_EQ(Call(R"(phash2(1.0e300))"), "119088650");
  EXPECT_EQ(Call(R"(phash2(1.0e300, 1000))"), "106");
  EXPECT_EQ(Call(R"(phash(1.0e300, 4294967296))"), "4130836897");
  EXPECT_EQ(Call(R"(phash2("abc"))"), "117343302");
  EXPECT_EQ(Call(R"(phash2("abc", 1000))"), "486");
  EXPECT_EQ(Call(R"(phash("abc", 4294967296))"), "3654580166");
  EXPECT_EQ(Call(R"(phash2("abcd"))"), "7922743");
  EXPECT_EQ(Call(R"(phash2("abcd", 1000))"), "207");
  EXPECT_EQ(Call(R"(phash("abcd", 4294967296))"), "1938728202");
  EXPECT_EQ(Call(R"(phash2("abcdefghi"))"), "77449587");
  EXPECT_EQ(Call(R"(phash2("abcdefghi", 1000))"), "43");
  EXPECT_EQ(Call(R"(phash("abcdefghi", 4294967296))"), "59490905");
  EXPECT_EQ(Call(R"(phash2([1,2,3|x]))"), "107573147");
  EXPECT_EQ(Call(R"(phash2([1,2,3|x], 1000))"), "875");
  EXPECT_EQ(Call(R"(phash([1,2,3|x], 4294967296))"), "1858644007");
  EXPECT_EQ(Call(R"(phash2([a,b,c]))"), "29271916");
  EXPECT_EQ(Call(R"(phash2([a,b,c], 1000))"), "924");
  EXPECT_EQ(Call(R"(phash([a,b,c], 4294967296))"), "1373507298");
  EXPECT_EQ(Call(R"(phash2([1000,2000]))"), "25762065");
  EXPECT_EQ(Call(R"(phash2([1000,2000], 1000))"), "801");
  EXPECT_EQ(Call(R"(phash([1000,2000], 4294967296))"), "672787664");
  EXPECT_EQ(Call(R"(phash2([a|b]))"), "74710280");
  EXPECT_EQ(Call(R"(phash2([a|b], 1000))"), "656");
  EXPECT_EQ(Call(R"(phash([a|b], 4294967296))"), "4159696708");
  EXPECT_EQ(Call(R"(phash2([[1],[2]]))"), "109942119");
  EXPECT_EQ(Call(R"(phash2([[1],[2]], 1000))"), "407");
  EXPECT_EQ(Call(R"(phash([[1],[2]], 4294967296))"), "1718464617");
  EXPECT_EQ(Call(R"(phash2([97,98,x,99,100]))"), "124399520");
  EXPECT_EQ(Call(R"(phash2([97,98,x,99,100], 1000))"), "352");
  EXPECT_EQ(Call(R"(phash([97,98,x,99,100], 4294967296))"), "2073105488");
  EXPECT_EQ(Call(R"(phash2({}))"), "87486268");
  EXPECT_EQ(Call(R"(phash2({}, 1000))"), "996");
  EXPECT_EQ(Call(R"(phash({}, 4294967296))"), "1");
  EXPECT_EQ(Call(R"(phash2({a}))"), "35332806");
  EXPECT_EQ(Call(R"(phash2({a}, 1000))"), "94");
  EXPECT_EQ(Call(R"(phash({a}, 4294967296))"), "268840045");
  EXPECT_EQ(Call(R"(phash2({a,b,c}))"), "113425870");
  EXPECT_EQ(Call(R"(phash2({a,b,c}, 1000))"), "870");
  EXPECT_EQ(Call(R"(phash({a,b,c}, 4294967296))"), "685556714");
  EXPECT_EQ(Call(R"(phash2({1,{2,{3}}}))"), "96079695");
  EXPECT_EQ(Call(R"(phash2({1,{2,{3}}}, 1000))"), "623");
  EXPECT_EQ(Call(R"(phash({1,{2,{3}}}, 4294967296))"), "2943459108");
  EXPECT_EQ(Call(R"(phash2(<<>>))"), "13708901");
  EXPECT_EQ(Call(R"(phash2(<<>>, 1000))"), "629");
  EXPECT_EQ(Call(R"(phash(<<>>, 4294967296))"), "1");
  EXPECT_EQ(Call(R"(phash2(<<1>>))"), "76691218");
  EXPECT_EQ(Call(R"(phash2(<<1>>, 1000))"), "586");
  EXPECT_EQ(Call(R"(phash(<<1>>, 4294967296))"), "268436143");
  EXPECT_EQ(Call(R"(phash2(<<"abcdefghijkl">>))"), "15432855");
  EXPECT_EQ(Call(R"(phash2(<<"abcdefghijkl">>, 1000))"), "495");
  EXPECT_EQ(Call(R"(phash(<<"abcdefghijkl">>, 4294967296))"), "2555667491");
  EXPECT_EQ(Call(R"(phash2(<<"abcdefghijklmnopqrstuvwxyz0123456789">>))"), "115604188");
  EXPECT_EQ(Call(R"(phash2(<<"abcdefghijklmnopqrstuvwxyz0123456789">>, 1000))"), "12");
  EXPECT_EQ(Call(R"(phash(<<"abcdefghijklmnopqrstuvwxyz0123456789">>, 4294967296))"), "2696297755");
  EXPECT_EQ(Call(R"(phash2(<<1:1>>))"), "102233125");
  EXPECT_EQ(Call(R"(phash2(<<1:1>>, 1000))"), "237");
  EXPECT_EQ(Call(R"(phash(<<1:1>>, 4294967296))"), "808817679");
  EXPECT_EQ(Call(R"(phash2(<<1,2:3>>))"), "22968450");
  EXPECT_EQ(Call(R"(phash2(<<1,2:3>>, 1000))"), "738");
  EXPECT_EQ(Call(R"(phash(<<1,2:3>>, 4294967296))"), "3109762382");
  EXPECT_EQ(Call(R"(phash2(#{}))"), "39679005");
  EXPECT_EQ(Call(R"(phash2(#{}, 1000))"), "373");
  EXPECT_EQ(Call(R"(phash(#{}, 4294967296))"), "1113425985");
  EXPECT_EQ(Call(R"(phash2(#{a => 1}))"), "59617982");
  EXPECT_EQ(Call(R"(phash2(#{a => 1}, 1000))"), "262");
  EXPECT_EQ(Call(R"(phash(#{a => 1}, 4294967296))"), "1670235874");
  EXPECT_EQ(Call(R"(phash2(#{a => 1, b => 2}))"), "103634663");
  EXPECT_EQ(Call(R"(phash2(#{a => 1, b => 2}, 1000))"), "855");
  EXPECT_EQ(Call(R"(phash(#{a => 1, b => 2}, 4294967296))"), "2251123467");
  EXPECT_EQ(Call(R"(phash2(#{1 => a, 1.0 => b, "k" => [v]}))"), "93971522");
  EXPECT_EQ(Call(R"(phash2(#{1 => a, 1.0 => b, "k" => [v]}, 1000))"), "530");
  EXPECT_EQ(Call(R"(phash(#{1 => a, 1.0 => b, "k" => [v]}, 4294967296))"), "1838807142");
  EXPECT_EQ(Call(R"(phash2(fun lists:map/2))"), "34981515");
  EXPECT_EQ(Call(R"(phash2(fun lists:map/2, 1000))"), "883");
  EXPECT_EQ(Call(R"(phash(fun lists:map/2, 4294967296))"), "904024396");
  EXPECT_EQ(Call(R"(phash2(fun erlang:'+'/2))"), "30008331");
  EXPECT_EQ(Call(R"(phash2(fun erlang:'+'/2, 1000))"), "699");
  EXPECT_EQ(Call(R"(phash(fun erlang:'+'/2, 4294967296))"), "4148409907");
  EXPECT_EQ(Call(R"(phash2([{a,#{b => [c|d]}}, <<"x">>, 1.5, -7, {}]))"), "115747970");
  EXPECT_EQ(Call(R"(phash2([{a,#{b => [c|d]}}, <<"x">>, 1.5, -7, {}], 1000))"), "538");
  EXPECT_EQ(Call(R"(phash([{a,#{b => [c|d]}}, <<"x">>, 1.5, -7, {}], 4294967296))"), "2126102374");
  EXPECT_EQ(
      Call(
          R"(phash2(#{k0 => 0, k1 => 1, k2 => 2, k3 => 3, k4 => 4, k5 => 5, k6 => 6, k7 => 7, k8 => 8, k9 => 9, k10 => 10, k11 => 11, k12 => 12, k13 => 13, k14 => 14, k15 => 15, k16 => 16, k17 => 17, k18 => 18, k19 => 19, k20 => 20, k21 => 21, k22 => 22, k23 => 23, k24 => 24, k25 => 25, k26 => 26, k27 => 27, k28 => 28, k29 => 29, k30 => 30, k31 => 31, k32 => 32, k33 => 33, k34 => 34, k35 => 35, k36 => 36, k37 => 37, k38 => 38, k39 => 39}))"),
      "77299368");
  EXPECT_EQ(
      Call(
          R"(phash2(#{k0 => 0, k1 => 1, k2 => 2, k3 => 3, k4 => 4, k5 => 5, k6 => 6, k7 => 7, k8 => 8, k9 => 9, k10 => 10, k11 => 11, k12 => 12, k13 => 13, k14 => 14, k15 => 15, k16 => 16, k17 => 17, k18 => 18, k19 => 19, k20 => 20, k21 => 21, k22 => 22, k23 => 23, k24 => 24, k25 => 25, k26 => 26, k27 => 27, k28 => 28, k29 => 29, k30 => 30, k31 => 31, k32 => 32, k33 => 33, k34 => 34, k35 => 35, k36 => 36, k37 => 37, k38 => 38, k39 => 39}, 1000))"),
      "376");
  EXPECT_EQ(
      Call(
          R"(phash(#{k0 => 0, k1 => 1, k2 => 2, k3 => 3, k4 => 4, k5 => 5, k6 => 6, k7 => 7, k8 => 8, k9 => 9, k10 => 10, k11 => 11, k12 => 12, k13 => 13, k14 => 14, k15 => 15, k16 => 16, k17 => 17, k18 => 18, k19 => 19, k20 => 20, k21 => 21, k22 => 22, k23 => 23, k24 => 24, k25 => 25, k26 => 26, k27 => 27, k28 => 28, k29 => 29, k30 => 30, k31 => 31, k32 => 32, k33 => 33, k34 => 34, k35 => 35, k36 => 36, k37 => 37, k38 => 38, k39 => 39}, 4294967296))"),
      "1822134988");
}

TEST(HashBifs, Ranges) {
  EXPECT_EQ(Call("phash2(a, 1)"), "0");
  EXPECT_EQ(Call("phash2(a, 4294967296)"), "97");
  EXPECT_EQ(Call("phash2(a, 0)"), "error:badarg");
  EXPECT_EQ(Call("phash2(a, 4294967297)"), "error:badarg");
  EXPECT_EQ(Call("phash2(a, b)"), "error:badarg");
  EXPECT_EQ(Call("phash(a, 0)"), "error:badarg");
  EXPECT_EQ(Call("phash(a, -1)"), "error:badarg");
}

// erl: list_to_pid("<0.5.0>") and "<0.5.3>" phash2 to 131498469, phash/2
// (range 2^32) 3820617878; list_to_port("#Port<0.7>") 101549390 and
// 134293116; {Pid, Port} 22513545.
TEST(HashBifs, PidsAndPorts) {
  ProcessMemory memory;
  Term pid = MakePid(5), old_pid = MakePid(uint64_t{3} << 28 | 5), port = MakePort(7);
  Term range = MakeSmall(int64_t{1} << 32);
  Term pid_range[] = {pid, range}, port_range[] = {port, range};
  Term pair = MakeTuple(memory, {pid, port});
  EXPECT_EQ(testing::Call(memory, "erlang", "phash2", {&pid, 1}), "131498469");
  EXPECT_EQ(testing::Call(memory, "erlang", "phash2", {&old_pid, 1}), "131498469");
  EXPECT_EQ(testing::Call(memory, "erlang", "phash", pid_range), "3820617878");
  EXPECT_EQ(testing::Call(memory, "erlang", "phash2", {&port, 1}), "101549390");
  EXPECT_EQ(testing::Call(memory, "erlang", "phash", port_range), "134293116");
  EXPECT_EQ(testing::Call(memory, "erlang", "phash2", {&pair, 1}), "22513545");
}

// A map's hash does not depend on its layout or walk: pairs hash apart and
// are xor-ed. Expected: erl 25.2.3, with M = maps:from_list([{I, I} || I <-
// lists:seq(1, 40)]) and M2 = maps:from_list([{{I, <<I>>}, [I, 1.5]} || ...]).
TEST(HashBifs, LargeMaps) {
  ProcessMemory memory;
  std::vector<std::pair<Term, Term>> pairs, pairs2;
  for (int i = 1; i <= 40; ++i) {
    pairs.emplace_back(MakeSmall(i), MakeSmall(i));
    uint8_t byte = static_cast<uint8_t>(i);
    pairs2.emplace_back(MakeTuple(memory, {MakeSmall(i), MakeBinary(memory, {&byte, 1})}),
                        MakeList(memory, std::vector<Term>{MakeSmall(i), *MakeFloat(memory, 1.5)}));
  }
  Term m = MakeMap(memory, pairs), m2 = MakeMap(memory, pairs2);
  Term range = MakeSmall(int64_t{1} << 32);
  Term m_range[] = {m, range};
  Term both[] = {MakeTuple(memory, {m, m2}), MakeSmall(1000)};
  EXPECT_EQ(testing::Call(memory, "erlang", "phash2", {&m, 1}), "55048502");
  EXPECT_EQ(testing::Call(memory, "erlang", "phash", m_range), "2470972762");
  EXPECT_EQ(testing::Call(memory, "erlang", "phash2", {&m2, 1}), "84062865");
  EXPECT_EQ(testing::Call(memory, "erlang", "phash2", both), "539");
}

}  // namespace
}  // namespace ling::vm
