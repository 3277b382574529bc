// The clocks and the calendar (bif_time.cc). Conversions of fixed dates are
// erl's answers; local time is taken in a zone with daylight saving time
// given as a POSIX TZ rule, kZone (no time zone database needed), so check
// them with
//   TZ='CET-1CEST,M3.5.0,M10.5.0/3' testdata/check_bif_tests.escript bif_time_test.cc
// The clocks' values differ from run to run: only their relations are
// checked.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "emulator/vm/bif_test_util.h"
#include "emulator/vm/process_memory.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/bignum.h"
#include "runtime/term/format.h"

namespace ling::vm {
namespace {

using testing::Call;
using testing::Erl;

constexpr char kZone[] = "CET-1CEST,M3.5.0,M10.5.0/3";

class TimeBifs : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    setenv("TZ", kZone, 1);
    tzset();
  }
};

// The integer Call returns.
int64_t Integer(const std::string& text) {
  EXPECT_FALSE(text.empty());
  EXPECT_TRUE(text.find_first_not_of("-0123456789") == std::string::npos) << text;
  return std::strtoll(text.c_str(), nullptr, 10);
}

TEST_F(TimeBifs, LocalToUniversalTakesDaylightSavingAsTold) {
  EXPECT_EQ(Call("localtime_to_universaltime({{2020,6,1},{12,0,0}}, true)"),
            Erl("{{2020,6,1},{10,0,0}}"));
  EXPECT_EQ(Call("localtime_to_universaltime({{2020,6,1},{12,0,0}}, false)"),
            Erl("{{2020,6,1},{11,0,0}}"));
  EXPECT_EQ(Call("localtime_to_universaltime({{2020,6,1},{12,0,0}}, undefined)"),
            Erl("{{2020,6,1},{10,0,0}}"));
  EXPECT_EQ(Call("localtime_to_universaltime({{2020,1,1},{12,0,0}}, true)"),
            Erl("{{2020,1,1},{10,0,0}}"));
  EXPECT_EQ(Call("localtime_to_universaltime({{2020,1,1},{12,0,0}}, undefined)"),
            Erl("{{2020,1,1},{11,0,0}}"));
  // The hour skipped in spring, the hour repeated in autumn.
  EXPECT_EQ(Call("localtime_to_universaltime({{2020,3,29},{2,30,0}}, undefined)"),
            Erl("{{2020,3,29},{1,30,0}}"));
  EXPECT_EQ(Call("localtime_to_universaltime({{2020,10,25},{2,30,0}}, undefined)"),
            Erl("{{2020,10,25},{1,30,0}}"));
}

TEST_F(TimeBifs, LocalToUniversalEdges) {
  // The second before the epoch is mktime's -1, a time like any other.
  EXPECT_EQ(Call("localtime_to_universaltime({{1970,1,1},{0,59,59}}, false)"),
            Erl("{{1969,12,31},{23,59,59}}"));
  EXPECT_EQ(Call("localtime_to_universaltime({{1970,1,1},{1,0,0}}, false)"),
            Erl("{{1970,1,1},{0,0,0}}"));
  EXPECT_EQ(Call("localtime_to_universaltime({{1902,1,1},{0,0,0}}, false)"),
            Erl("{{1901,12,31},{23,0,0}}"));
  EXPECT_EQ(Call("localtime_to_universaltime({{2147483646,12,31},{23,59,59}}, false)"),
            Erl("{{2147483646,12,31},{22,59,59}}"));
  EXPECT_EQ(Call("localtime_to_universaltime({{1901,12,31},{23,59,59}}, false)"), "error:badarg");
  EXPECT_EQ(Call("localtime_to_universaltime({{2020,6,1},{12,0,0}}, foo)"), "error:badarg");
  EXPECT_EQ(Call("localtime_to_universaltime({{2020,2,30},{12,0,0}}, false)"), "error:badarg");
  EXPECT_EQ(Call("localtime_to_universaltime({{2020,6,1},{24,0,0}}, false)"), "error:badarg");
  EXPECT_EQ(Call("localtime_to_universaltime({{2020,6,1},{12,0,60}}, false)"), "error:badarg");
  EXPECT_EQ(Call("localtime_to_universaltime({{2020,6,1},{12,0}}, false)"), "error:badarg");
  EXPECT_EQ(Call("localtime_to_universaltime(x, false)"), "error:badarg");
}

TEST_F(TimeBifs, UniversalToLocal) {
  EXPECT_EQ(Call("universaltime_to_localtime({{2020,6,1},{12,0,0}})"),
            Erl("{{2020,6,1},{14,0,0}}"));
  EXPECT_EQ(Call("universaltime_to_localtime({{2020,1,1},{12,0,0}})"),
            Erl("{{2020,1,1},{13,0,0}}"));
  EXPECT_EQ(Call("universaltime_to_localtime({{1902,1,1},{0,0,0}})"), Erl("{{1902,1,1},{1,0,0}}"));
  EXPECT_EQ(Call("universaltime_to_localtime({{9999,12,31},{23,59,59}})"),
            Erl("{{10000,1,1},{0,59,59}}"));
  EXPECT_EQ(Call("universaltime_to_localtime({{2147483646,12,31},{23,59,59}})"),
            Erl("{{2147483647,1,1},{0,59,59}}"));
  EXPECT_EQ(Call("universaltime_to_localtime({{2147483647,1,1},{0,0,0}})"), "error:badarg");
  EXPECT_EQ(Call("universaltime_to_localtime({{1900,1,1},{0,0,0}})"), "error:badarg");
  EXPECT_EQ(Call("universaltime_to_localtime({{2020,6,31},{12,0,0}})"), "error:badarg");
  EXPECT_EQ(Call("universaltime_to_localtime({{2020,6,1.0},{12,0,0}})"), "error:badarg");
  EXPECT_EQ(Call("universaltime_to_localtime({{2020,6,1},{12,0,0},x})"), "error:badarg");
}

TEST_F(TimeBifs, UniversalToPosix) {
  EXPECT_EQ(Call("universaltime_to_posixtime({{2020,6,1},{12,0,0}})"), "1591012800");
  EXPECT_EQ(Call("universaltime_to_posixtime({{1969,12,31},{23,59,59}})"), "-1");
  EXPECT_EQ(Call("universaltime_to_posixtime({{2020,2,29},{0,0,0}})"), "1582934400");
  EXPECT_EQ(Call("universaltime_to_posixtime({{1600,1,1},{0,0,0}})"), "-11676096000");
  EXPECT_EQ(Call("universaltime_to_posixtime({{1600,3,1},{0,0,0}})"), "-11670912000");
  EXPECT_EQ(Call("universaltime_to_posixtime({{1000000,1,1},{0,0,0}})"), "31494784780800");
  EXPECT_EQ(Call("universaltime_to_posixtime({{2147483646,12,31},{23,59,59}})"),
            "67767976201996799");
  EXPECT_EQ(Call("universaltime_to_posixtime({{1599,12,31},{23,59,59}})"), "error:badarg");
  EXPECT_EQ(Call("universaltime_to_posixtime({{2021,2,29},{0,0,0}})"), "error:badarg");
  EXPECT_EQ(Call("universaltime_to_posixtime({{1099511627776,1,1},{0,0,0}})"), "error:badarg");
}

TEST_F(TimeBifs, PosixToUniversal) {
  EXPECT_EQ(Call("posixtime_to_universaltime(0)"), Erl("{{1970,1,1},{0,0,0}}"));
  EXPECT_EQ(Call("posixtime_to_universaltime(-1)"), Erl("{{1969,12,31},{23,59,59}}"));
  EXPECT_EQ(Call("posixtime_to_universaltime(1590000000)"), Erl("{{2020,5,20},{18,40,0}}"));
  EXPECT_EQ(Call("posixtime_to_universaltime(-63244800)"), Erl("{{1967,12,31},{0,0,0}}"));
  EXPECT_EQ(Call("posixtime_to_universaltime(-62135596800)"), Erl("{{1,1,1},{0,0,0}}"));
  // Before year 1, BEAM's arithmetic is a day off the proleptic calendar.
  EXPECT_EQ(Call("posixtime_to_universaltime(-62167219200)"), Erl("{{-1,12,31},{0,0,0}}"));
  EXPECT_EQ(Call("posixtime_to_universaltime(-62198755201)"), Erl("{{-2,12,30},{23,59,59}}"));
  EXPECT_EQ(Call("posixtime_to_universaltime(-72198755201)"), Erl("{{-318,2,9},{6,13,19}}"));
  EXPECT_EQ(Call("posixtime_to_universaltime(1099511627776)"), Erl("{{36812,2,20},{0,36,16}}"));
  EXPECT_EQ(Call("posixtime_to_universaltime(9223372036854775807)"),
            Erl("{{292277026596,12,4},{15,30,7}}"));
  EXPECT_EQ(Call("posixtime_to_universaltime(-9223372036854775808)"),
            Erl("{{-292277022657,1,26},{8,29,52}}"));
  EXPECT_EQ(Call("posixtime_to_universaltime(9223372036854775808)"), "error:badarg");
  EXPECT_EQ(Call("posixtime_to_universaltime(1.0)"), "error:badarg");
}

TEST_F(TimeBifs, NowInTheCalendar) {
  // localtime/0 is date/0 and time/0 at one instant: retried if a second
  // passed between the calls.
  for (int attempt = 0; attempt < 3; ++attempt) {
    std::string date = Call("date()"), time = Call("time()"), local = Call("localtime()");
    if (Call("date()") != date || Call("time()") != time) continue;
    EXPECT_EQ(local, "{" + date + "," + time + "}");
    break;
  }
  std::string universal = Call("universaltime()");
  int64_t posix = Integer(Call("universaltime_to_posixtime(" + universal + ")"));
  int64_t system = Integer(Call("os:system_time(second)"));
  EXPECT_LE(posix, system);
  EXPECT_GE(posix + 2, system);
  EXPECT_NE(Call("universaltime_to_localtime(" + universal + ")"), "error:badarg");
}

TEST_F(TimeBifs, Units) {
  EXPECT_EQ(Call("erts_internal:time_unit()"), "1000000000");
  EXPECT_EQ(Call("erts_internal:perf_counter_unit()"), "1000000000");
  for (const char* unit :
       {"second", "millisecond", "microsecond", "nanosecond", "native", "perf_counter", "seconds",
        "milli_seconds", "micro_seconds", "nano_seconds", "1", "1000", "3"}) {
    for (const char* clock : {"monotonic_time", "system_time", "time_offset", "os:system_time"}) {
      std::string text = std::string(clock) + "(" + unit + ")";
      std::string value = Call(text);
      EXPECT_TRUE(value.find_first_not_of("-0123456789") == std::string::npos)
          << text << " = " << value;
    }
  }
  for (const char* bad : {"0", "-1", "minute", "1.0", "\"second\""}) {
    EXPECT_EQ(Call(std::string("monotonic_time(") + bad + ")"), "error:badarg") << bad;
    EXPECT_EQ(Call(std::string("system_time(") + bad + ")"), "error:badarg") << bad;
    EXPECT_EQ(Call(std::string("time_offset(") + bad + ")"), "error:badarg") << bad;
    EXPECT_EQ(Call(std::string("os:system_time(") + bad + ")"), "error:badarg") << bad;
  }
}

TEST_F(TimeBifs, ClocksAgree) {
  // System time is monotonic time plus the offset (within the calls' time).
  int64_t monotonic = Integer(Call("monotonic_time()"));
  int64_t offset = Integer(Call("time_offset()"));
  int64_t system = Integer(Call("system_time()"));
  EXPECT_LE(monotonic + offset, system + 1'000'000);
  EXPECT_GE(monotonic + offset + 1'000'000'000, system);
  int64_t seconds = Integer(Call("monotonic_time(second)"));
  EXPECT_LE(seconds, Integer(Call("monotonic_time()")) / 1'000'000'000);
  int64_t before = Integer(Call("os:perf_counter()"));
  EXPECT_LE(before, Integer(Call("os:perf_counter()")));
  // os:system_time/1 and erlang:system_time/1 read one clock.
  int64_t os_ms = Integer(Call("os:system_time(millisecond)"));
  int64_t erlang_ms = Integer(Call("system_time(millisecond)"));
  EXPECT_LE(os_ms, erlang_ms);
  EXPECT_GE(os_ms + 1000, erlang_ms);
}

TEST_F(TimeBifs, NowOnlyGoesUp) {
  std::string before = Call("now()");
  for (int i = 0; i < 1000; ++i) {
    std::string after = Call("now()");
    // {Mega, Secs, Micro} compare as tuples of integers.
    EXPECT_EQ(Call("'<'(" + before + ", " + after + ")"), "true") << before << " " << after;
    before = after;
  }
  std::string timestamp = Call("timestamp()");
  EXPECT_EQ(Call("tuple_size(" + timestamp + ")"), "3");
  EXPECT_EQ(Call("tuple_size(" + Call("os:timestamp()") + ")"), "3");
}

}  // namespace
}  // namespace ling::vm
