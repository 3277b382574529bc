// The BIFs of processes: send, spawn in its forms, links, monitors, exit
// signals, trap_exit and registered names. Each checks its arguments as
// BEAM does and hands the work to the process (ProcessContext); without
// one (outside a running system) they raise notsup.
#include <algorithm>
#include <cstdint>
#include <optional>

#include "emulator/vm/bif.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/build.h"
#include "runtime/term/fun.h"
#include "runtime/term/reference.h"

namespace ling::vm {
namespace {

// Where a message or an exit signal may go: a pid, a port, or a name
// ({Name, Node} only for this node).
std::optional<Term> Destination(Term to) {
  if (IsPid(to) || IsPort(to) || IsAtom(to)) return to;
  if (IsTuple(to) && TupleArity(to) == 2 && IsAtom(TupleElement(to, 0)) &&
      TupleElement(to, 1) == atoms::kNonodeNohost) {
    return TupleElement(to, 0);
  }
  return std::nullopt;
}

Term Send(BifContext& ctx, Term to, Term message) {
  std::optional<Term> dest = Destination(to);
  if (!dest.has_value()) return ctx.Fail(atoms::kBadarg);
  if (ctx.process == nullptr) return ctx.Fail(atoms::kNotsup);
  if (!ctx.process->Send(*dest, message)) return ctx.Fail(atoms::kBadarg);
  return message;
}

Term BifSend2(BifContext& ctx, const Term* args) {
  return Send(ctx, args[0], args[1]);
}

// erlang:send(Dest, Msg, Options): nosuspend and noconnect change nothing
// for a local process; the result is ok.
Term BifSend3(BifContext& ctx, const Term* args) {
  static const Term kNosuspend = InternAtom("nosuspend"), kNoconnect = InternAtom("noconnect");
  Term opts = args[2];
  for (; IsList(opts); opts = Tail(opts)) {
    if (Head(opts) != kNosuspend && Head(opts) != kNoconnect) return ctx.Fail(atoms::kBadarg);
  }
  if (opts != kNil) return ctx.Fail(atoms::kBadarg);
  return Send(ctx, args[0], args[1]) == kNonValue ? kNonValue : atoms::kOk;
}

// ---- spawn ----

// spawn_opt's options: link, monitor, {priority, P}, {min_heap_size, W}
// and {fullsweep_after, N} take effect; the other heap and queue tuning
// options are accepted and have no effect here.
bool ReadSpawnOptions(Term opts, SpawnRequest& request) {
  static const Term kMinHeapSize = InternAtom("min_heap_size"),
                    kMinBinVheapSize = InternAtom("min_bin_vheap_size"),
                    kMaxHeapSize = InternAtom("max_heap_size"),
                    kFullsweepAfter = InternAtom("fullsweep_after"),
                    kMessageQueueData = InternAtom("message_queue_data");
  for (; IsList(opts); opts = Tail(opts)) {
    Term o = Head(opts);
    if (o == atoms::kLink) {
      request.link = true;
    } else if (o == atoms::kMonitor) {
      request.monitor = true;
    } else if (IsTuple(o) && TupleArity(o) == 2 && TupleElement(o, 0) == atoms::kPriority) {
      Term p = TupleElement(o, 1);
      if (p != atoms::kLow && p != atoms::kNormal && p != atoms::kHigh && p != atoms::kMax)
        return false;
      request.priority = p;
    } else if (IsTuple(o) && TupleArity(o) == 2) {
      Term key = TupleElement(o, 0), value = TupleElement(o, 1);
      bool count = IsSmall(value) && SmallValue(value) >= 0;
      if (key == kMinHeapSize && count) {
        request.min_heap_size = static_cast<size_t>(SmallValue(value));
      } else if (key == kFullsweepAfter && count) {
        request.fullsweep_after =
            static_cast<uint32_t>(std::min<int64_t>(SmallValue(value), UINT32_MAX));
      } else if (key != kMinBinVheapSize && key != kMaxHeapSize && key != kMessageQueueData) {
        return false;
      }
    } else {
      return false;
    }
  }
  return opts == kNil;
}

// The pid, or {Pid, MonitorRef} when the request monitors.
Term Spawn(BifContext& ctx, const SpawnRequest& request) {
  if (ctx.process == nullptr) return ctx.Fail(atoms::kNotsup);
  Term ref = kNonValue;
  std::optional<Term> pid = ctx.process->Spawn(request, ctx.memory, &ref);
  if (!pid.has_value()) return ctx.Fail(atoms::kSystemLimit);
  return request.monitor ? MakeTuple(ctx.memory, {*pid, ref}) : *pid;
}

Term SpawnFun(BifContext& ctx, Term fun, Term opts, bool link, bool monitor) {
  SpawnRequest request{.fun = fun, .link = link, .monitor = monitor};
  if (!IsFun(fun) || !ReadSpawnOptions(opts, request)) return ctx.Fail(atoms::kBadarg);
  return Spawn(ctx, request);
}

Term SpawnMfa(BifContext& ctx, const Term* mfa, Term opts, bool link, bool monitor) {
  SpawnRequest request{
      .module = mfa[0], .function = mfa[1], .args = mfa[2], .link = link, .monitor = monitor};
  if (!IsAtom(mfa[0]) || !IsAtom(mfa[1]) || ListLength(mfa[2]) < 0 ||
      !ReadSpawnOptions(opts, request)) {
    return ctx.Fail(atoms::kBadarg);
  }
  return Spawn(ctx, request);
}

Term BifSpawn1(BifContext& ctx, const Term* args) {
  return SpawnFun(ctx, args[0], kNil, false, false);
}
Term BifSpawn3(BifContext& ctx, const Term* args) {
  return SpawnMfa(ctx, args, kNil, false, false);
}
Term BifSpawnLink1(BifContext& ctx, const Term* args) {
  return SpawnFun(ctx, args[0], kNil, true, false);
}
Term BifSpawnLink3(BifContext& ctx, const Term* args) {
  return SpawnMfa(ctx, args, kNil, true, false);
}
Term BifSpawnMonitor1(BifContext& ctx, const Term* args) {
  return SpawnFun(ctx, args[0], kNil, false, true);
}
Term BifSpawnMonitor3(BifContext& ctx, const Term* args) {
  return SpawnMfa(ctx, args, kNil, false, true);
}
Term BifSpawnOpt2(BifContext& ctx, const Term* args) {
  return SpawnFun(ctx, args[0], args[1], false, false);
}
Term BifSpawnOpt4(BifContext& ctx, const Term* args) {
  return SpawnMfa(ctx, args, args[3], false, false);
}

// ---- links, monitors, exit signals ----

Term BifLink(BifContext& ctx, const Term* args) {
  if (!IsPid(args[0]) && !IsPort(args[0])) return ctx.Fail(atoms::kBadarg);
  if (ctx.process == nullptr) return ctx.Fail(atoms::kNotsup);
  if (!ctx.process->Link(args[0])) return ctx.Fail(atoms::kNoproc);
  return atoms::kTrue;
}

Term BifUnlink(BifContext& ctx, const Term* args) {
  if (!IsPid(args[0]) && !IsPort(args[0])) return ctx.Fail(atoms::kBadarg);
  if (ctx.process == nullptr) return ctx.Fail(atoms::kNotsup);
  ctx.process->Unlink(args[0]);
  return atoms::kTrue;
}

// monitor(Kind, Target): Target is a pid (process), a port (port), or a
// registered name, also as {Name, Node} for this node. A name that nothing
// of that kind holds gets its 'DOWN' (noproc) at once, as on BEAM.
Term BifMonitor(BifContext& ctx, const Term* args) {
  Term kind = args[0], target = args[1];
  if (kind != atoms::kProcess && kind != atoms::kPort) return ctx.Fail(atoms::kBadarg);
  auto of_kind = [kind](Term t) { return kind == atoms::kProcess ? IsPid(t) : IsPort(t); };
  Term name = kNonValue;
  if (!of_kind(target)) {
    std::optional<Term> dest = IsPid(target) || IsPort(target) ? std::nullopt : Destination(target);
    if (!dest.has_value()) return ctx.Fail(atoms::kBadarg);
    name = *dest;
  }
  if (ctx.process == nullptr) return ctx.Fail(atoms::kNotsup);
  if (name != kNonValue) {
    target = ctx.process->Whereis(name);
    if (!of_kind(target)) {
      Term ref = MakeReference(ctx.memory);
      Term object = MakeTuple(ctx.memory, {name, atoms::kNonodeNohost});
      ctx.process->Send(ctx.self,
                        MakeTuple(ctx.memory, {atoms::kDOWN, ref, kind, object, atoms::kNoproc}));
      return ref;
    }
  }
  return ctx.process->Monitor(target, name, ctx.memory);
}

// demonitor(Ref, Options): flush drops the DOWN message; info makes the
// result whether the monitor was still active (true without it).
Term Demonitor(BifContext& ctx, Term ref, Term opts) {
  static const Term kFlush = InternAtom("flush"), kInfo = InternAtom("info");
  if (!IsReference(ref)) return ctx.Fail(atoms::kBadarg);
  bool flush = false, info = false;
  for (; IsList(opts); opts = Tail(opts)) {
    if (Head(opts) == kFlush) {
      flush = true;
    } else if (Head(opts) == kInfo) {
      info = true;
    } else {
      return ctx.Fail(atoms::kBadarg);
    }
  }
  if (opts != kNil) return ctx.Fail(atoms::kBadarg);
  if (ctx.process == nullptr) return ctx.Fail(atoms::kNotsup);
  bool active = ctx.process->Demonitor(ref, flush);
  return !info || active ? atoms::kTrue : atoms::kFalse;
}

Term BifDemonitor1(BifContext& ctx, const Term* args) {
  return Demonitor(ctx, args[0], kNil);
}
Term BifDemonitor2(BifContext& ctx, const Term* args) {
  return Demonitor(ctx, args[0], args[1]);
}

Term BifExit2(BifContext& ctx, const Term* args) {
  if (!IsPid(args[0]) && !IsPort(args[0])) return ctx.Fail(atoms::kBadarg);
  if (ctx.process == nullptr) return ctx.Fail(atoms::kNotsup);
  ctx.process->SendExit(args[0], args[1]);
  return atoms::kTrue;
}

// process_flag(trap_exit, Bool); the tuning flags BEAM has are accepted
// and answered with their defaults.
Term BifProcessFlag(BifContext& ctx, const Term* args) {
  static const Term kMinHeapSize = InternAtom("min_heap_size"),
                    kMessageQueueData = InternAtom("message_queue_data"),
                    kOnHeap = InternAtom("on_heap");
  Term flag = args[0], value = args[1];
  if (flag == atoms::kTrapExit) {
    if (value != atoms::kTrue && value != atoms::kFalse) return ctx.Fail(atoms::kBadarg);
    if (ctx.process == nullptr) return ctx.Fail(atoms::kNotsup);
    return ctx.process->SetTrapExit(value == atoms::kTrue) ? atoms::kTrue : atoms::kFalse;
  }
  if (flag == atoms::kPriority) {
    if (value != atoms::kLow && value != atoms::kNormal && value != atoms::kHigh &&
        value != atoms::kMax) {
      return ctx.Fail(atoms::kBadarg);
    }
    return atoms::kNormal;
  }
  if (flag == kMinHeapSize && IsSmall(value) && SmallValue(value) >= 0) {
    size_t old = ctx.memory.min_heap_words();
    ctx.memory.set_min_heap_words(static_cast<size_t>(SmallValue(value)));
    return MakeSmall(static_cast<int64_t>(old));
  }
  if (flag == kMessageQueueData) return kOnHeap;
  return ctx.Fail(atoms::kBadarg);
}

// ---- names ----

Term BifRegister(BifContext& ctx, const Term* args) {
  if (!IsAtom(args[0]) || args[0] == atoms::kUndefined || (!IsPid(args[1]) && !IsPort(args[1])))
    return ctx.Fail(atoms::kBadarg);
  if (ctx.process == nullptr) return ctx.Fail(atoms::kNotsup);
  if (!ctx.process->Register(args[0], args[1])) return ctx.Fail(atoms::kBadarg);
  return atoms::kTrue;
}

Term BifUnregister(BifContext& ctx, const Term* args) {
  if (!IsAtom(args[0])) return ctx.Fail(atoms::kBadarg);
  if (ctx.process == nullptr) return ctx.Fail(atoms::kNotsup);
  if (!ctx.process->Unregister(args[0])) return ctx.Fail(atoms::kBadarg);
  return atoms::kTrue;
}

Term BifWhereis(BifContext& ctx, const Term* args) {
  if (!IsAtom(args[0])) return ctx.Fail(atoms::kBadarg);
  if (ctx.process == nullptr) return ctx.Fail(atoms::kNotsup);
  Term found = ctx.process->Whereis(args[0]);
  return found == kNonValue ? atoms::kUndefined : found;
}

Term BifRegistered(BifContext& ctx, const Term*) {
  if (ctx.process == nullptr) return ctx.Fail(atoms::kNotsup);
  return ctx.process->Registered(ctx.memory);
}

Term BifIsProcessAlive(BifContext& ctx, const Term* args) {
  if (!IsPid(args[0])) return ctx.Fail(atoms::kBadarg);
  if (ctx.process == nullptr) return ctx.Fail(atoms::kNotsup);
  return ctx.process->IsProcessAlive(args[0]) ? atoms::kTrue : atoms::kFalse;
}

Term BifGroupLeader0(BifContext& ctx, const Term*) {
  if (ctx.process == nullptr) return ctx.Fail(atoms::kNotsup);
  Term leader = ctx.process->GroupLeader();
  return leader == kNonValue ? ctx.self : leader;
}

// group_leader(Leader, Pid).
Term BifGroupLeader2(BifContext& ctx, const Term* args) {
  if (!IsPid(args[0]) || !IsPid(args[1])) return ctx.Fail(atoms::kBadarg);
  if (ctx.process == nullptr) return ctx.Fail(atoms::kNotsup);
  if (!ctx.process->SetGroupLeader(args[0], args[1])) return ctx.Fail(atoms::kBadarg);
  return atoms::kTrue;
}

// erlang:yield/0: the interpreter gives the scheduler back at its next
// call once the slice is spent anyway; true, as on BEAM.
Term BifYield(BifContext&, const Term*) {
  return atoms::kTrue;
}

constexpr BifEntry kProcessBifs[] = {
    {"erlang", "send", 2, BifSend2},
    {"erlang", "send", 3, BifSend3},
    {"erlang", "!", 2, BifSend2},
    {"erlang", "spawn", 1, BifSpawn1},
    {"erlang", "spawn", 3, BifSpawn3},
    {"erlang", "spawn_link", 1, BifSpawnLink1},
    {"erlang", "spawn_link", 3, BifSpawnLink3},
    {"erlang", "spawn_monitor", 1, BifSpawnMonitor1},
    {"erlang", "spawn_monitor", 3, BifSpawnMonitor3},
    {"erlang", "spawn_opt", 2, BifSpawnOpt2},
    {"erlang", "spawn_opt", 4, BifSpawnOpt4},
    {"erlang", "link", 1, BifLink},
    {"erlang", "unlink", 1, BifUnlink},
    {"erlang", "monitor", 2, BifMonitor},
    {"erlang", "demonitor", 1, BifDemonitor1},
    {"erlang", "demonitor", 2, BifDemonitor2},
    {"erlang", "exit", 2, BifExit2},
    {"erlang", "process_flag", 2, BifProcessFlag},
    {"erlang", "register", 2, BifRegister},
    {"erlang", "unregister", 1, BifUnregister},
    {"erlang", "whereis", 1, BifWhereis},
    {"erlang", "registered", 0, BifRegistered},
    {"erlang", "is_process_alive", 1, BifIsProcessAlive},
    {"erlang", "group_leader", 0, BifGroupLeader0},
    {"erlang", "group_leader", 2, BifGroupLeader2},
    {"erlang", "yield", 0, BifYield},
};

}  // namespace

std::span<const BifEntry> ProcessBifs() {
  return kProcessBifs;
}

}  // namespace ling::vm
