// Timers from Erlang code: erlang:send_after/3,4, start_timer/3,4,
// cancel_timer/1,2 and read_timer/1,2, over the process context (which
// keeps the timers where any process finds them by reference).
//
// erl 25's rules: the receiver is a pid or an atom (looked up when the timer
// fires); a time is an integer of milliseconds, relative by default, with
// {abs, true} a time of erlang:monotonic_time(millisecond) -- at or after
// the system's start (a past one fires at once) and no later than the end
// of the monotonic clock's range (2^63 - 1 ns), which also bounds a
// relative time. Options are proper lists of {Name, Boolean}, the last
// setting of a name winning. cancel_timer and read_timer take any
// reference (false for one that names no pending timer); {async, true}
// sends {cancel_timer | read_timer, Ref, Result} to the caller and returns
// ok; cancel_timer's {info, false} returns ok and, when async, sends
// nothing.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>

#include "emulator/vm/bif.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/bignum.h"
#include "runtime/term/build.h"
#include "runtime/term/reference.h"

namespace ling::vm {
namespace {

// The last millisecond whose nanosecond still fits the native time unit.
constexpr int64_t kMaxMillis = INT64_MAX / 1'000'000;

int64_t NowMillis() {
  // erlang:monotonic_time/1's clock (bif_time.cc), that of the timer wheels.
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

struct TimerOptions {
  bool abs = false;
  bool async = false;
  bool info = true;
};

// A proper list of {Name, Boolean} with each Name one of `names` (abs,
// async, info); nullopt for anything else (badarg).
std::optional<TimerOptions> ParseOptions(Term list, std::span<const Term> names) {
  static const Term kAbs = InternAtom("abs"), kAsync = InternAtom("async"),
                    kInfo = InternAtom("info");
  TimerOptions options;
  for (; IsList(list); list = Tail(list)) {
    Term option = Head(list);
    if (!IsTuple(option) || TupleArity(option) != 2) return std::nullopt;
    Term name = TupleElement(option, 0), value = TupleElement(option, 1);
    if (value != atoms::kTrue && value != atoms::kFalse) return std::nullopt;
    if (std::find(names.begin(), names.end(), name) == names.end()) return std::nullopt;
    bool on = value == atoms::kTrue;
    if (name == kAbs) {
      options.abs = on;
    } else if (name == kAsync) {
      options.async = on;
    } else if (name == kInfo) {
      options.info = on;
    }
  }
  if (list != kNil) return std::nullopt;
  return options;
}

// When a timer of `time` (relative, or absolute with `abs`) is due, in
// monotonic milliseconds; nullopt when erl refuses the time.
std::optional<int64_t> DueTime(BifContext& ctx, Term time, bool abs) {
  std::optional<int64_t> t = IntegerToInt64(time);
  if (!t.has_value()) return std::nullopt;
  int64_t now = NowMillis();
  if (!abs) {
    if (*t < 0 || *t > kMaxMillis - now) return std::nullopt;
    return now + *t;
  }
  if (*t > kMaxMillis) return std::nullopt;
  // A past time fires at once unless it is before the system's start. Only
  // then are the system figures read: they cost a walk of the schedulers.
  if (*t < now) {
    int64_t start = ctx.host != nullptr ? ctx.host->Figures().start_time / 1'000'000 : 0;
    if (*t < start) return std::nullopt;
  }
  return t;
}

Term StartTimer(BifContext& ctx, const Term* args, Term options, bool timeout_tuple) {
  static const Term kAbs = InternAtom("abs");
  std::optional<TimerOptions> parsed = ParseOptions(options, std::span(&kAbs, 1));
  if (!parsed.has_value()) return ctx.Fail(atoms::kBadarg);
  std::optional<int64_t> due = DueTime(ctx, args[0], parsed->abs);
  Term to = args[1];
  if (!due.has_value() || !(IsPid(to) || IsAtom(to))) return ctx.Fail(atoms::kBadarg);
  if (ctx.process == nullptr) return ctx.Fail(atoms::kNotsup);
  Term ref = MakeReference(ctx.memory);
  Term message = timeout_tuple ? MakeTuple(ctx.memory, {atoms::kTimeout, ref, args[2]}) : args[2];
  ctx.process->StartTimer(ref, to, message, *due);
  return ref;
}

Term BifSendAfter3(BifContext& ctx, const Term* args) {
  return StartTimer(ctx, args, kNil, false);
}
Term BifSendAfter4(BifContext& ctx, const Term* args) {
  return StartTimer(ctx, args, args[3], false);
}
Term BifStartTimer3(BifContext& ctx, const Term* args) {
  return StartTimer(ctx, args, kNil, true);
}
Term BifStartTimer4(BifContext& ctx, const Term* args) {
  return StartTimer(ctx, args, args[3], true);
}

// cancel_timer (`cancel`) or read_timer of args[0], with `options`.
Term CancelOrRead(BifContext& ctx, Term ref, Term options, bool cancel) {
  static const Term kAsync = InternAtom("async"), kInfo = InternAtom("info"),
                    kCancelTimer = InternAtom("cancel_timer"),
                    kReadTimer = InternAtom("read_timer");
  static const Term kCancelNames[] = {kAsync, kInfo};
  std::optional<TimerOptions> parsed =
      ParseOptions(options, cancel ? std::span<const Term>(kCancelNames) : std::span(&kAsync, 1));
  if (!parsed.has_value() || !IsReference(ref)) return ctx.Fail(atoms::kBadarg);
  if (ctx.process == nullptr) return ctx.Fail(atoms::kNotsup);
  std::optional<int64_t> left =
      cancel ? ctx.process->CancelTimer(ref) : ctx.process->ReadTimer(ref);
  if (!parsed->info) return atoms::kOk;
  Term result = left.has_value() ? MakeInteger(ctx.memory, *left) : atoms::kFalse;
  if (!parsed->async) return result;
  Term reply = MakeTuple(ctx.memory, {cancel ? kCancelTimer : kReadTimer, ref, result});
  ctx.process->Send(ctx.self, reply);
  return atoms::kOk;
}

Term BifCancelTimer1(BifContext& ctx, const Term* args) {
  return CancelOrRead(ctx, args[0], kNil, true);
}
Term BifCancelTimer2(BifContext& ctx, const Term* args) {
  return CancelOrRead(ctx, args[0], args[1], true);
}
Term BifReadTimer1(BifContext& ctx, const Term* args) {
  return CancelOrRead(ctx, args[0], kNil, false);
}
Term BifReadTimer2(BifContext& ctx, const Term* args) {
  return CancelOrRead(ctx, args[0], args[1], false);
}

constexpr BifEntry kTimerBifs[] = {
    {"erlang", "send_after", 3, BifSendAfter3},     {"erlang", "send_after", 4, BifSendAfter4},
    {"erlang", "start_timer", 3, BifStartTimer3},   {"erlang", "start_timer", 4, BifStartTimer4},
    {"erlang", "cancel_timer", 1, BifCancelTimer1}, {"erlang", "cancel_timer", 2, BifCancelTimer2},
    {"erlang", "read_timer", 1, BifReadTimer1},     {"erlang", "read_timer", 2, BifReadTimer2},
};

}  // namespace

std::span<const BifEntry> TimerBifs() {
  return kTimerBifs;
}

}  // namespace ling::vm
