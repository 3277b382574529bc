// open_port/2: its port name and options read as BEAM reads them, the
// port itself opened by the process (ProcessContext::OpenPort);
// port_command/2,3; and erts_internal's port requests under OTP's own
// erlang:port_close/1, port_connect/2, port_control/3, port_call/2,3 and
// port_info/1,2, which wait for the port's answer.
#include <climits>
#include <optional>
#include <string>

#include "emulator/vm/bif.h"
#include "emulator/vm/bif_util.h"
#include "emulator/vm/iolist_segments.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/bignum.h"
#include "runtime/term/binary.h"

namespace ling::vm {
namespace {

// A file name, command or argument: a flat list of characters (UTF-8
// encoded for the system) or a binary (its bytes as they are).
std::optional<std::string> Text(Term t) {
  if (IsBinary(t)) {
    std::vector<uint8_t> scratch;
    std::optional<std::span<const uint8_t>> bytes = BinaryView(t, scratch);
    if (!bytes.has_value()) return std::nullopt;
    return std::string(Chars(*bytes));
  }
  return CharListUtf8(t);
}

std::optional<std::vector<std::string>> TextList(Term list) {
  std::vector<std::string> out;
  for (; IsList(list); list = Tail(list)) {
    std::optional<std::string> s = Text(Head(list));
    if (!s.has_value()) return std::nullopt;
    out.push_back(std::move(*s));
  }
  if (list != kNil) return std::nullopt;
  return out;
}

// {env, [{Name, Value | false}]}.
bool ReadEnv(Term list, std::vector<std::string>& env) {
  for (; IsList(list); list = Tail(list)) {
    Term e = Head(list);
    if (!IsTuple(e) || TupleArity(e) != 2) return false;
    std::optional<std::string> name = Text(TupleElement(e, 0));
    if (!name.has_value() || name->empty() || name->find('=') != std::string::npos) return false;
    Term value = TupleElement(e, 1);
    if (value == atoms::kFalse) {
      env.push_back(*name);
      continue;
    }
    std::optional<std::string> v = Text(value);
    if (!v.has_value()) return false;
    env.push_back(*name + "=" + *v);
  }
  return list == kNil;
}

// open_port's first argument into `r`: kNonValue, or the error to raise
// (badarg; einval, as erl, for an integer that is no descriptor).
Term ReadPortName(Term name, OpenPortRequest& r) {
  static const Term kSpawn = InternAtom("spawn"), kSpawnExecutable = InternAtom("spawn_executable"),
                    kSpawnDriver = InternAtom("spawn_driver"), kFd = InternAtom("fd"),
                    kEinval = InternAtom("einval");
  if (!IsTuple(name) || TupleArity(name) < 2) return atoms::kBadarg;
  Term kind = TupleElement(name, 0);
  if (kind == kFd) {
    Term in = TupleElement(name, 1);
    Term out = TupleArity(name) == 3 ? TupleElement(name, 2) : kNonValue;
    if (!IsInteger(in) || !IsInteger(out)) return atoms::kBadarg;
    auto descriptor = [](Term t) {
      return IsSmall(t) && SmallValue(t) >= 0 && SmallValue(t) <= INT_MAX;
    };
    if (!descriptor(in) || !descriptor(out)) return kEinval;
    r.kind = OpenPortRequest::Kind::kFd;
    r.in_fd = static_cast<int>(SmallValue(in));
    r.out_fd = static_cast<int>(SmallValue(out));
    return kNonValue;
  }
  if (TupleArity(name) != 2) return atoms::kBadarg;
  if (kind == kSpawn) {
    r.kind = OpenPortRequest::Kind::kSpawn;
  } else if (kind == kSpawnExecutable) {
    r.kind = OpenPortRequest::Kind::kSpawnExecutable;
  } else if (kind == kSpawnDriver) {
    r.kind = OpenPortRequest::Kind::kSpawnDriver;
  } else {
    return atoms::kBadarg;
  }
  std::optional<std::string> command = Text(TupleElement(name, 1));
  if (!command.has_value() || command->empty()) return atoms::kBadarg;
  r.command = std::move(*command);
  return kNonValue;
}

bool ReadOption(Term o, OpenPortRequest& r) {
  static const Term kPacket = InternAtom("packet"), kLine = InternAtom("line"),
                    kStream = InternAtom("stream"), kCd = InternAtom("cd"),
                    kEnv = InternAtom("env"), kArgs = InternAtom("args"),
                    kArg0 = InternAtom("arg0"), kUseStdio = InternAtom("use_stdio"),
                    kNouseStdio = InternAtom("nouse_stdio"),
                    kStderrToStdout = InternAtom("stderr_to_stdout"), kIn = InternAtom("in"),
                    kOut = InternAtom("out"), kHide = InternAtom("hide"),
                    kOverlappedIo = InternAtom("overlapped_io"),
                    kParallelism = InternAtom("parallelism"),
                    kBusyLimitsPort = InternAtom("busy_limits_port"),
                    kBusyLimitsMsgq = InternAtom("busy_limits_msgq");
  // The flags: each sets one field.
  const std::pair<Term, std::pair<bool OpenPortRequest::*, bool>> kFlags[] = {
      {atoms::kBinary, {&OpenPortRequest::binary, true}},
      {atoms::kEof, {&OpenPortRequest::eof, true}},
      {atoms::kExitStatus, {&OpenPortRequest::exit_status, true}},
      {kUseStdio, {&OpenPortRequest::use_stdio, true}},
      {kNouseStdio, {&OpenPortRequest::use_stdio, false}},
      {kStderrToStdout, {&OpenPortRequest::stderr_to_stdout, true}},
  };
  for (const auto& [flag, field] : kFlags) {
    if (o == flag) {
      r.*field.first = field.second;
      return true;
    }
  }
  if (o == kStream) {
    r.packet = 0;
    r.line = 0;
    return true;
  }
  // Windows' and tuning options: accepted, nothing to do.
  if (o == kIn || o == kOut || o == kHide || o == kOverlappedIo) return true;
  if (!IsTuple(o) || TupleArity(o) != 2) return false;
  Term key = TupleElement(o, 0), value = TupleElement(o, 1);
  if (key == kPacket) {
    if (!IsSmall(value)) return false;
    int64_t n = SmallValue(value);
    if (n != 1 && n != 2 && n != 4) return false;
    r.packet = static_cast<int>(n);
    return true;
  }
  if (key == kLine) {
    if (!IsSmall(value) || SmallValue(value) <= 0) return false;
    r.line = static_cast<size_t>(SmallValue(value));
    return true;
  }
  if (key == kCd) {
    std::optional<std::string> cd = Text(value);
    if (!cd.has_value()) return false;
    r.cd = std::move(*cd);
    return true;
  }
  if (key == kEnv) return ReadEnv(value, r.env);
  if (key == kArgs) {
    std::optional<std::vector<std::string>> args = TextList(value);
    if (!args.has_value()) return false;
    r.args = std::move(*args);
    return true;
  }
  if (key == kArg0) {
    std::optional<std::string> arg0 = Text(value);
    if (!arg0.has_value()) return false;
    r.arg0 = std::move(*arg0);
    return true;
  }
  if (key == kParallelism) return value == atoms::kTrue || value == atoms::kFalse;
  return key == kBusyLimitsPort || key == kBusyLimitsMsgq;
}

Term BifOpenPort(BifContext& ctx, const Term* args) {
  OpenPortRequest request;
  if (Term error = ReadPortName(args[0], request); error != kNonValue) return ctx.Fail(error);
  Term opts = args[1];
  for (; IsList(opts); opts = Tail(opts)) {
    if (!ReadOption(Head(opts), request)) return ctx.Fail(atoms::kBadarg);
  }
  if (opts != kNil) return ctx.Fail(atoms::kBadarg);
  // args and arg0 belong to spawn_executable alone.
  if (request.kind != OpenPortRequest::Kind::kSpawnExecutable &&
      (!request.args.empty() || request.arg0.has_value())) {
    return ctx.Fail(atoms::kBadarg);
  }
  if (ctx.process == nullptr) return ctx.Fail(atoms::kNotsup);
  Term error = kNonValue;
  Term port = ctx.process->OpenPort(request, &error);
  if (port == kNonValue) return ctx.Fail(error);
  return port;
}

// A port, or a name one may be registered under.
bool IsPortOrName(Term t) {
  return IsPort(t) || IsAtom(t);
}

// port_command(Port, Data, Options): true, or false for nosuspend on a
// busy port. A busy port suspends the caller (call_again) until it is not.
Term PortCommand(BifContext& ctx, Term port, Term data, Term opts) {
  static const Term kForce = InternAtom("force"), kNosuspend = InternAtom("nosuspend");
  bool force = false, nosuspend = false;
  for (; IsList(opts); opts = Tail(opts)) {
    if (Head(opts) == kForce) {
      force = true;
    } else if (Head(opts) == kNosuspend) {
      nosuspend = true;
    } else {
      return ctx.Fail(atoms::kBadarg);
    }
  }
  // Binaries reach the driver in place (no copy), as BEAM's ErlIOVec.
  IolistSegments bytes;
  if (opts != kNil || !IsPortOrName(port) || !bytes.Build(data)) return ctx.Fail(atoms::kBadarg);
  if (ctx.process == nullptr) return ctx.Fail(atoms::kNotsup);
  using Result = ProcessContext::CommandResult;
  switch (ctx.process->PortCommand(port, bytes.segments(), bytes.refc(), nosuspend, force)) {
    case Result::kSent:
      return atoms::kTrue;
    case Result::kBusy:
      return atoms::kFalse;
    case Result::kSuspended:
      ctx.call_again = true;
      return kNonValue;
    case Result::kNoPort:
      return ctx.Fail(atoms::kBadarg);
    case Result::kNotsup:
      return ctx.Fail(atoms::kNotsup);
  }
  return ctx.Fail(atoms::kBadarg);
}

Term BifPortCommand2(BifContext& ctx, const Term* args) {
  return PortCommand(ctx, args[0], args[1], kNil);
}
Term BifPortCommand3(BifContext& ctx, const Term* args) {
  return PortCommand(ctx, args[0], args[1], args[2]);
}

// ---- erts_internal's port requests ----
// Each BIF answers badarg (undefined for port_info) as a value when the
// request cannot be made, else a reference: erlang.erl's caller waits for
// {Ref, Answer} and raises badarg itself, with its own arguments, as on
// BEAM. The port may answer at once, into the caller's own mailbox.

Term RequestPort(BifContext& ctx, Term port, const PortRequest& request, Term no_port) {
  if (ctx.process == nullptr) return ctx.Fail(atoms::kNotsup);
  Term ref = ctx.process->RequestPort(port, request, ctx.memory);
  return ref != kNonValue ? ref : no_port;
}

// A control or call operation: an unsigned 32-bit integer.
std::optional<uint32_t> Operation(Term t) {
  if (!IsSmall(t) || SmallValue(t) < 0 || SmallValue(t) > 0xffffffff) return std::nullopt;
  return static_cast<uint32_t>(SmallValue(t));
}

Term BifPortInfo1(BifContext& ctx, const Term* args) {
  if (!IsPortOrName(args[0])) return atoms::kBadarg;
  return RequestPort(ctx, args[0], {.kind = PortRequest::Kind::kInfo}, atoms::kUndefined);
}

// The item is checked by the port: a closed port answers undefined
// whatever was asked. Not a port: badtype (erlang.erl's badarg with that
// cause).
Term BifPortInfo2(BifContext& ctx, const Term* args) {
  static const Term kBadtype = InternAtom("badtype");
  if (!IsPortOrName(args[0])) return kBadtype;
  return RequestPort(ctx, args[0], {.kind = PortRequest::Kind::kInfo, .argument = args[1]},
                     atoms::kUndefined);
}

Term BifPortClose(BifContext& ctx, const Term* args) {
  if (!IsPortOrName(args[0])) return atoms::kBadarg;
  return RequestPort(ctx, args[0], {.kind = PortRequest::Kind::kClose}, atoms::kBadarg);
}

Term BifPortConnect(BifContext& ctx, const Term* args) {
  if (!IsPortOrName(args[0]) || !IsPid(args[1])) return atoms::kBadarg;
  return RequestPort(ctx, args[0], {.kind = PortRequest::Kind::kConnect, .argument = args[1]},
                     atoms::kBadarg);
}

Term BifPortControl(BifContext& ctx, const Term* args) {
  std::optional<uint32_t> op = Operation(args[1]);
  std::string bytes;
  if (!IsPortOrName(args[0]) || !op.has_value() || !AppendIolist(args[2], bytes))
    return atoms::kBadarg;
  return RequestPort(ctx, args[0],
                     {.kind = PortRequest::Kind::kControl, .command = *op, .data = Bytes(bytes)},
                     atoms::kBadarg);
}

Term BifPortCall(BifContext& ctx, const Term* args) {
  std::optional<uint32_t> op = Operation(args[1]);
  if (!IsPortOrName(args[0]) || !op.has_value()) return atoms::kBadarg;
  return RequestPort(ctx, args[0],
                     {.kind = PortRequest::Kind::kCall, .command = *op, .argument = args[2]},
                     atoms::kBadarg);
}

Term BifPorts(BifContext& ctx, const Term*) {
  return ctx.process != nullptr ? ctx.process->Ports(ctx.memory) : kNil;
}

constexpr BifEntry kPortBifs[] = {
    {"erlang", "ports", 0, BifPorts},
    {"erlang", "open_port", 2, BifOpenPort},
    {"erlang", "port_command", 2, BifPortCommand2},
    {"erlang", "port_command", 3, BifPortCommand3},
    {"erts_internal", "port_info", 1, BifPortInfo1},
    {"erts_internal", "port_info", 2, BifPortInfo2},
    {"erts_internal", "port_close", 1, BifPortClose},
    {"erts_internal", "port_connect", 2, BifPortConnect},
    {"erts_internal", "port_control", 3, BifPortControl},
    {"erts_internal", "port_call", 3, BifPortCall},
};

}  // namespace

std::span<const BifEntry> PortBifs() {
  return kPortBifs;
}

}  // namespace ling::vm
