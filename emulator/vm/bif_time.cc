// The clocks: Erlang monotonic and system time in any time unit, the
// calendar BIFs (date, time, local and universal time, POSIX seconds), the
// deprecated now/0, and the units convert_time_unit/3 (Erlang code in
// erlang.erl) asks erts_internal for.
//
// The native time unit is the nanosecond, as on BEAM for Linux. Monotonic
// time is the steady clock (CLOCK_MONOTONIC), system time the real-time
// clock; the time offset is their difference read now: ling has no time
// warp (BEAM's no_time_warp mode, whose offset is final), but it does not
// freeze the offset at start either, so a step of the real-time clock shows
// in system_time/0 at once, as os:system_time/0 shows it on BEAM.
//
// Local time comes from the C library (localtime_r, mktime: the TZ
// environment variable and /etc/localtime), with BEAM's ranges: a local
// time must be of year 1902 or later, a POSIX conversion of year 1600 or
// later; anything else is badarg. erl 25's values and errors are the
// reference: bif_time_test.cc.
//
// Concurrency: the C library's time zone state is read under its own lock
// (localtime_r, mktime are thread-safe); now/0's last value is one atomic.
#include <time.h>

#include <atomic>
#include <chrono>
#include <climits>
#include <cstdint>
#include <optional>

#include "emulator/vm/bif.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/bignum.h"
#include "runtime/term/build.h"

namespace ling::vm {
namespace {

constexpr int64_t kNanosPerSecond = 1'000'000'000;

int64_t MonotonicNanoseconds() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
int64_t SystemNanoseconds() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Units per second of a time unit term: native, perf_counter, second,
// millisecond, microsecond, nanosecond, their deprecated plural forms
// (seconds, milli_seconds...), or a positive integer; 0 if bad.
int64_t UnitsPerSecond(Term unit) {
  static const Term kPerfCounter = InternAtom("perf_counter"), kSecond = InternAtom("second"),
                    kMillisecond = InternAtom("millisecond"),
                    kMicrosecond = InternAtom("microsecond"),
                    kNanosecond = InternAtom("nanosecond"), kSeconds = InternAtom("seconds"),
                    kMilliSeconds = InternAtom("milli_seconds"),
                    kMicroSeconds = InternAtom("micro_seconds"),
                    kNanoSeconds = InternAtom("nano_seconds");
  if (unit == atoms::kNative || unit == kPerfCounter || unit == kNanosecond ||
      unit == kNanoSeconds) {
    return kNanosPerSecond;
  }
  if (unit == kSecond || unit == kSeconds) return 1;
  if (unit == kMillisecond || unit == kMilliSeconds) return 1'000;
  if (unit == kMicrosecond || unit == kMicroSeconds) return 1'000'000;
  if (IsSmall(unit) && SmallValue(unit) > 0) return SmallValue(unit);
  return 0;
}

// `ns` nanoseconds in `unit`, rounded towards minus infinity as
// erlang:convert_time_unit/3 rounds.
Term InUnit(BifContext& ctx, int64_t ns, Term unit) {
  int64_t per_second = UnitsPerSecond(unit);
  if (per_second == 0) return ctx.Fail(atoms::kBadarg);
  __int128 scaled = static_cast<__int128>(ns) * per_second;
  __int128 q = scaled / kNanosPerSecond;
  if (scaled % kNanosPerSecond != 0 && scaled < 0) --q;
  if (q > INT64_MAX || q < INT64_MIN) return ctx.Fail(atoms::kSystemLimit);
  return MakeInteger(ctx.memory, static_cast<int64_t>(q));
}

Term BifMonotonicTime0(BifContext& ctx, const Term*) {
  return MakeInteger(ctx.memory, MonotonicNanoseconds());
}
Term BifMonotonicTime1(BifContext& ctx, const Term* args) {
  return InUnit(ctx, MonotonicNanoseconds(), args[0]);
}
Term BifSystemTime0(BifContext& ctx, const Term*) {
  return MakeInteger(ctx.memory, SystemNanoseconds());
}
Term BifSystemTime1(BifContext& ctx, const Term* args) {
  return InUnit(ctx, SystemNanoseconds(), args[0]);
}
Term BifTimeOffset0(BifContext& ctx, const Term*) {
  return MakeInteger(ctx.memory, SystemNanoseconds() - MonotonicNanoseconds());
}
Term BifTimeOffset1(BifContext& ctx, const Term* args) {
  return InUnit(ctx, SystemNanoseconds() - MonotonicNanoseconds(), args[0]);
}
// erts_internal:time_unit/0 and perf_counter_unit/0 (convert_time_unit/3),
// os:perf_counter/0: the performance counter is the monotonic clock.
Term BifTimeUnit(BifContext&, const Term*) {
  return MakeSmall(kNanosPerSecond);
}
Term BifPerfCounter(BifContext& ctx, const Term*) {
  return MakeInteger(ctx.memory, MonotonicNanoseconds());
}

// {MegaSecs, Secs, MicroSecs} of `us` microseconds since the epoch.
Term MakeTimestamp(BifContext& ctx, int64_t us) {
  return MakeTuple(ctx.memory, {MakeSmall(us / 1'000'000'000'000),
                                MakeSmall(us / 1'000'000 % 1'000'000), MakeSmall(us % 1'000'000)});
}

// erlang:timestamp/0 and os:timestamp/0.
Term BifTimestamp(BifContext& ctx, const Term*) {
  return MakeTimestamp(ctx, SystemNanoseconds() / 1000);
}

// erlang:now/0: as timestamp/0, but every call on the node gets a greater
// value than the one before (one microsecond more if the clock has not
// moved on).
Term BifNow(BifContext& ctx, const Term*) {
  static std::atomic<int64_t> last{0};
  int64_t now = SystemNanoseconds() / 1000;
  int64_t prev = last.load(std::memory_order_relaxed);
  do {
    if (now <= prev) now = prev + 1;
  } while (!last.compare_exchange_weak(prev, now, std::memory_order_relaxed));
  return MakeTimestamp(ctx, now);
}

// ---- the calendar ----

struct DateTime {
  int64_t year, month, day, hour, minute, second;
};

bool IsLeapYear(int64_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}
int64_t DaysInMonth(int64_t year, int64_t month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return kDays[month - 1] + (month == 2 && IsLeapYear(year) ? 1 : 0);
}

// {{Y, M, D}, {H, Mi, S}} of small integers, else nullopt (badarg). The
// ranges are checked where they differ (ValidFrom).
std::optional<DateTime> DateTimeOf(Term t) {
  if (!IsTuple(t) || TupleArity(t) != 2) return std::nullopt;
  Term date = TupleElement(t, 0), time = TupleElement(t, 1);
  if (!IsTuple(date) || TupleArity(date) != 3 || !IsTuple(time) || TupleArity(time) != 3) {
    return std::nullopt;
  }
  int64_t v[6];
  for (int i = 0; i < 6; ++i) {
    Term e = TupleElement(i < 3 ? date : time, i % 3);
    if (!IsSmall(e)) return std::nullopt;
    v[i] = SmallValue(e);
  }
  return DateTime{v[0], v[1], v[2], v[3], v[4], v[5]};
}

// A real date and time (no leap second) of year `min_year` up to BEAM's
// limit, INT_MAX - 1.
bool ValidFrom(const DateTime& d, int64_t min_year) {
  return d.year >= min_year && d.year <= INT_MAX - 1 && d.month >= 1 && d.month <= 12 &&
         d.day >= 1 && d.day <= DaysInMonth(d.year, d.month) && d.hour >= 0 && d.hour <= 23 &&
         d.minute >= 0 && d.minute <= 59 && d.second >= 0 && d.second <= 59;
}

Term MakeDateTime(BifContext& ctx, const DateTime& d) {
  return MakeTuple(
      ctx.memory,
      {MakeTuple(ctx.memory, {MakeSmall(d.year), MakeSmall(d.month), MakeSmall(d.day)}),
       MakeTuple(ctx.memory, {MakeSmall(d.hour), MakeSmall(d.minute), MakeSmall(d.second)})});
}

DateTime FromTm(const struct tm& tm) {
  return {tm.tm_year + int64_t{1900},
          tm.tm_mon + int64_t{1},
          tm.tm_mday,
          tm.tm_hour,
          tm.tm_min,
          tm.tm_sec};
}

// Days from 1970-01-01 to a day of the Gregorian calendar of year 1600 or
// later (the years before 1600 are not asked for).
int64_t DaysSinceEpoch(int64_t y, int64_t m, int64_t d) {
  int64_t days = 0;
  if (y > 1600) {
    int64_t after = y - 1601;  // the whole years between 1600 and y
    days = 366 + after * 365 + after / 4 - after / 100 + after / 400;
  }
  for (int64_t month = 1; month < m; ++month)
    days += DaysInMonth(y, month);
  return days + d - 1 - 135140;  // 135140: the days from 1600-01-01 to 1970-01-01
}

int64_t PosixSeconds(const DateTime& d) {
  return DaysSinceEpoch(d.year, d.month, d.day) * 86400 + d.hour * 3600 + d.minute * 60 + d.second;
}

// The date and time `seconds` after the epoch, by BEAM's arithmetic
// (seconds_to_univ), which for the days before 0001-01-01 is a day off the
// proleptic Gregorian calendar: erl's answers are the ones to give.
DateTime FromPosixSeconds(int64_t seconds) {
  int64_t days = seconds / 86400, rest = seconds % 86400;
  if (rest < 0) {
    --days;
    rest += 86400;
  }
  days += 719468;  // from 0000-03-01
  int64_t y = (10000 * days + 14780) / 3652425;
  int64_t day_of_year = days - (365 * y + y / 4 - y / 100 + y / 400);
  if (day_of_year < 0) {
    --y;
    day_of_year = days - (365 * y + y / 4 - y / 100 + y / 400);
  }
  int64_t mi = (100 * day_of_year + 52) / 3060;  // months since March
  return {y + (mi + 2) / 12, (mi + 2) % 12 + 1, day_of_year - (mi * 306 + 5) / 10 + 1,
          rest / 3600,       rest % 3600 / 60,  rest % 60};
}

std::optional<DateTime> Local(time_t t) {
  struct tm tm;
  if (localtime_r(&t, &tm) == nullptr) return std::nullopt;
  return FromTm(tm);
}
DateTime Universal(time_t t) {
  struct tm tm;
  gmtime_r(&t, &tm);
  return FromTm(tm);
}

Term BifUniversaltime(BifContext& ctx, const Term*) {
  return MakeDateTime(ctx, Universal(time(nullptr)));
}
Term BifLocaltime(BifContext& ctx, const Term*) {
  std::optional<DateTime> now = Local(time(nullptr));
  return now ? MakeDateTime(ctx, *now) : ctx.Fail(atoms::kBadarg);
}
Term BifDate(BifContext& ctx, const Term*) {
  std::optional<DateTime> now = Local(time(nullptr));
  if (!now) return ctx.Fail(atoms::kBadarg);
  return MakeTuple(ctx.memory, {MakeSmall(now->year), MakeSmall(now->month), MakeSmall(now->day)});
}
Term BifTime(BifContext& ctx, const Term*) {
  std::optional<DateTime> now = Local(time(nullptr));
  if (!now) return ctx.Fail(atoms::kBadarg);
  return MakeTuple(ctx.memory,
                   {MakeSmall(now->hour), MakeSmall(now->minute), MakeSmall(now->second)});
}

// mktime, telling its -1 for "no such time" from the second before the
// epoch by asking for the second before that.
std::optional<time_t> MakeTime(struct tm tm) {
  struct tm copy = tm;
  time_t t = mktime(&copy);
  if (t != -1) return t;
  copy = tm;
  copy.tm_sec -= 1;
  if (mktime(&copy) == -2) return static_cast<time_t>(-1);
  return std::nullopt;
}

// localtime_to_universaltime(Localtime, IsDst): IsDst true, false or
// undefined (let the time zone tell). As BEAM: when the C library refuses a
// daylight saving time where the zone has none, the time is taken as
// standard time.
Term BifLocalToUniversal(BifContext& ctx, const Term* args) {
  int isdst;
  if (args[1] == atoms::kTrue) {
    isdst = 1;
  } else if (args[1] == atoms::kFalse) {
    isdst = 0;
  } else if (args[1] == atoms::kUndefined) {
    isdst = -1;
  } else {
    return ctx.Fail(atoms::kBadarg);
  }
  std::optional<DateTime> local = DateTimeOf(args[0]);
  if (!local || !ValidFrom(*local, 1902)) return ctx.Fail(atoms::kBadarg);
  struct tm tm = {};
  tm.tm_year = static_cast<int>(local->year - 1900);
  tm.tm_mon = static_cast<int>(local->month - 1);
  tm.tm_mday = static_cast<int>(local->day);
  tm.tm_hour = static_cast<int>(local->hour);
  tm.tm_min = static_cast<int>(local->minute);
  tm.tm_sec = static_cast<int>(local->second);
  tm.tm_isdst = isdst;
  std::optional<time_t> t = MakeTime(tm);
  if (!t && isdst == 1) {
    tm.tm_isdst = 0;
    t = MakeTime(tm);
  }
  return t ? MakeDateTime(ctx, Universal(*t)) : ctx.Fail(atoms::kBadarg);
}

Term BifUniversalToLocal(BifContext& ctx, const Term* args) {
  std::optional<DateTime> universal = DateTimeOf(args[0]);
  if (!universal || !ValidFrom(*universal, 1902)) return ctx.Fail(atoms::kBadarg);
  std::optional<DateTime> local = Local(static_cast<time_t>(PosixSeconds(*universal)));
  return local ? MakeDateTime(ctx, *local) : ctx.Fail(atoms::kBadarg);
}

Term BifUniversalToPosix(BifContext& ctx, const Term* args) {
  std::optional<DateTime> universal = DateTimeOf(args[0]);
  if (!universal || !ValidFrom(*universal, 1600)) return ctx.Fail(atoms::kBadarg);
  return MakeInteger(ctx.memory, PosixSeconds(*universal));
}

// Any 64-bit number of seconds: the years stay far inside small integers.
Term BifPosixToUniversal(BifContext& ctx, const Term* args) {
  std::optional<int64_t> seconds = IntegerToInt64(args[0]);
  if (!seconds) return ctx.Fail(atoms::kBadarg);
  return MakeDateTime(ctx, FromPosixSeconds(*seconds));
}

constexpr BifEntry kTimeBifs[] = {
    {"erlang", "monotonic_time", 0, BifMonotonicTime0},
    {"erlang", "monotonic_time", 1, BifMonotonicTime1},
    {"erlang", "system_time", 0, BifSystemTime0},
    {"erlang", "system_time", 1, BifSystemTime1},
    {"erlang", "time_offset", 0, BifTimeOffset0},
    {"erlang", "time_offset", 1, BifTimeOffset1},
    {"erlang", "timestamp", 0, BifTimestamp},
    {"erlang", "now", 0, BifNow},
    {"erlang", "date", 0, BifDate},
    {"erlang", "time", 0, BifTime},
    {"erlang", "localtime", 0, BifLocaltime},
    {"erlang", "universaltime", 0, BifUniversaltime},
    {"erlang", "localtime_to_universaltime", 2, BifLocalToUniversal},
    {"erlang", "universaltime_to_localtime", 1, BifUniversalToLocal},
    {"erlang", "universaltime_to_posixtime", 1, BifUniversalToPosix},
    {"erlang", "posixtime_to_universaltime", 1, BifPosixToUniversal},
    {"erts_internal", "time_unit", 0, BifTimeUnit},
    {"erts_internal", "perf_counter_unit", 0, BifTimeUnit},
    {"os", "timestamp", 0, BifTimestamp},
    {"os", "system_time", 0, BifSystemTime0},
    {"os", "system_time", 1, BifSystemTime1},
    {"os", "perf_counter", 0, BifPerfCounter},
};

}  // namespace

std::span<const BifEntry> TimeBifs() {
  return kTimeBifs;
}

}  // namespace ling::vm
