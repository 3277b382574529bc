// ling: runs Erlang programs on libling, with erl's command line.
//
//   ling [-pa Dir...] [-pz Dir...] [-noshell] [-s|-run Mod [Fun [Arg...]]]...
//        [-eval Expr]... [-Flag Value...]... [-extra Arg...]
//
// As erl's init, the boot process (ling's preloaded init:do_boot/3) starts
// the io server (OTP's user on descriptors 0 and 1) and becomes its group
// leader, then runs the -s, -run and -eval actions in order; an uncaught
// exception in one is reported as erl reports it ({"init terminating in
// do_boot", ...} on standard output) and exits with status 1.
// erlang:halt/1 sets the exit status. Like erl, ling keeps running once the
// actions have returned, until something halts it.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "emulator/launcher/command_line.h"
#include "emulator/system/emulator.h"
#include "ling/runtime.h"
#include "runtime/base/write_fully.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/binary.h"
#include "runtime/term/build.h"
#include "runtime/term/display.h"

namespace ling::launcher {
namespace {

// The ebin folders of the Erlang/OTP installation (Debian's), which erl
// puts on its code path.
std::vector<std::string> OtpLibraryDirs() {
  namespace fs = std::filesystem;
  std::vector<std::string> dirs;
  std::error_code ignored;
  for (const auto& app : fs::directory_iterator("/usr/lib/erlang/lib", ignored)) {
    fs::path ebin = app.path() / "ebin";
    if (fs::is_directory(ebin, ignored)) dirs.push_back(ebin.string());
  }
  std::sort(dirs.begin(), dirs.end());
  return dirs;
}

// An action as erl's init takes it: -s and -run as [Mod, Fun | Args] (Fun
// called with no argument when Args is empty, else with the list Args of
// atoms or strings), -eval as {eval, Expr}.
Term ToStart(const StartAction& action, Heap& heap) {
  static const Term kEval = InternAtom("eval");
  if (action.kind == StartAction::kEval) {
    return MakeTuple(heap, {kEval, MakeBinary(heap, action.module)});
  }
  std::vector<Term> mfa = {InternAtom(action.module), InternAtom(action.function)};
  for (const std::string& a : action.args)
    mfa.push_back(action.kind == StartAction::kCallAtoms ? InternAtom(a) : MakeString(heap, a));
  return MakeList(heap, mfa);
}

// erl's report of a boot call that failed: the exit reason, displayed,
// after the output written before (as erl's halt, it waits for the ports).
void ReportCrash(emulator::Emulator& emulator, const emulator::Crash& crash) {
  Heap heap;
  Term reason = crash.error_class == atoms::kExit
                    ? crash.reason
                    : MakeTuple(heap, {crash.reason, crash.stacktrace});
  emulator.ExitWhenFlushed(1, [text = DisplayString(reason)] {
    std::fflush(stdout);
    WriteFully(STDOUT_FILENO, "{\"init terminating in do_boot\"," + text + "}\r\n");
    std::fprintf(stderr, "init terminating in do_boot (%s)\n", text.c_str());
  });
}

// A module that is there but cannot be loaded: erl's error logger would
// report it; ling says why on stderr. (A module not found says nothing:
// the undef says it.)
void ReportLoadError(Term module, const absl::Status& status) {
  if (absl::IsNotFound(status)) return;
  std::string message(status.message());
  if (!message.starts_with("cannot load ")) {
    message = "cannot load " + std::string(AtomName(module)) + ": " + message;
  }
  std::fprintf(stderr, "ling: %s\n", message.c_str());
}

// init:get_arguments/0 as erl answers it: where the system is, then the
// flags given (-noshell among them).
vm::BootArguments BootArgumentsOf(const CommandLine& command_line) {
  namespace fs = std::filesystem;
  vm::BootArguments boot;
  boot.flags.push_back({"root", {"/usr/lib/erlang"}});
  std::error_code ignored;
  for (const auto& entry : fs::directory_iterator("/usr/lib/erlang", ignored)) {
    if (entry.path().filename().string().starts_with("erts-")) {
      boot.flags.push_back({"bindir", {(entry.path() / "bin").string()}});
      break;
    }
  }
  boot.flags.push_back({"progname", {"ling"}});
  if (const char* home = std::getenv("HOME")) boot.flags.push_back({"home", {home}});
  boot.flags.insert(boot.flags.end(), command_line.user_flags.begin(),
                    command_line.user_flags.end());
  boot.plain = command_line.plain_arguments;
  return boot;
}

int Main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  absl::StatusOr<CommandLine> command_line = ParseCommandLine(args);
  if (!command_line.ok()) {
    std::fprintf(stderr, "ling: %s\n", std::string(command_line.status().message()).c_str());
    return 2;
  }
  for (const auto& [name, value] : command_line->env)
    setenv(name.c_str(), value.c_str(), 1);
  // The boot process runs init:do_boot/3 (ling's init): the io server,
  // then the actions in order, as erl's init does.
  auto args_heap = std::make_unique<Heap>();
  std::vector<Term> start;
  for (const StartAction& action : command_line->actions)
    start.push_back(ToStart(action, *args_heap));
  std::vector<emulator::ErlangCall> calls = {
      {InternAtom("init"),
       InternAtom("do_boot"),
       {atoms::kUndefined, kNil, MakeList(*args_heap, start)}}};

  Runtime runtime;
  emulator::Emulator emulator(runtime, {CodePath(*command_line, OtpLibraryDirs()),
                                        {},
                                        ReportLoadError,
                                        BootArgumentsOf(*command_line)});
  // erl's boot process traps exits.
  absl::StatusOr<Pid> boot = emulator.Spawn(
      std::move(calls), std::move(args_heap),
      {.body = {.trap_exit = true, .on_crash = [&emulator](const emulator::Crash& crash) {
                  ReportCrash(emulator, crash);
                }}});
  if (!boot.ok()) {
    std::fprintf(stderr, "ling: %s\n", std::string(boot.status().message()).c_str());
    return 2;
  }
  // As erl: the system runs on after the boot calls return, until halted.
  for (;;)
    pause();
}

}  // namespace
}  // namespace ling::launcher

int main(int argc, char** argv) {
  return ling::launcher::Main(argc, argv);
}
