// The `ling` launcher's command line, with erl's meaning for each flag:
//
//   -pa Dir...        directories before the code path (all -pa dirs, in
//                     reverse order of appearance, as erl builds it)
//   -pz Dir...        directories after it, in order
//   -s Mod [Fun [Arg...]]    call Mod:Fun() or Mod:Fun([Arg...]) with the
//                            arguments as atoms (Fun defaults to start)
//   -run Mod [Fun [Arg...]]  the same with the arguments as strings
//   -eval Expr        evaluate an expression
//   -noshell          no interactive shell
//   -env Var Value    set an environment variable
//   -extra Arg...     everything after is a plain argument
//   -Flag Value...    any other flag: a user flag (init:get_argument/1)
//
// -s, -run and -eval run in the order given. A flag's values run up to the
// next argument that starts with '-' or '+'.
//
// Concurrency: pure functions.
#ifndef LING_EMULATOR_LAUNCHER_COMMAND_LINE_H_
#define LING_EMULATOR_LAUNCHER_COMMAND_LINE_H_

#include <span>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace ling::launcher {

struct StartAction {
  enum Kind { kCallAtoms, kCallStrings, kEval };  // -s, -run, -eval
  Kind kind = kCallAtoms;
  std::string module;    // kCall*: the module; kEval: the expression
  std::string function;  // kCall*: "start" unless given
  std::vector<std::string> args;
  // kCall*: whether Fun takes one argument, the list of args (erl calls
  // Mod:Fun() when no argument is given).
  bool takes_list() const { return !args.empty(); }
};

struct CommandLine {
  std::vector<std::string> pa;  // as given, in order
  std::vector<std::string> pz;
  std::vector<StartAction> actions;
  bool noshell = false;
  std::vector<std::pair<std::string, std::string>> env;
  std::vector<std::string> plain_arguments;
  // Other flags, in order: init:get_argument(Flag) returns each occurrence.
  std::vector<std::pair<std::string, std::vector<std::string>>> user_flags;
};

// InvalidArgument with a message fit for the user ("-s needs a module",
// "emulator flag +S is not supported", "distribution (-sname) is not
// supported") for a command line ling cannot honour. `args` excludes the
// program name.
absl::StatusOr<CommandLine> ParseCommandLine(std::span<const std::string> args);

// The code path erl would build: the -pa directories last-first, the
// current directory, `library_dirs` (the OTP applications' ebin folders),
// then the -pz directories. Directories that do not exist are left out, as
// erl does.
std::vector<std::string> CodePath(const CommandLine& command_line,
                                  std::span<const std::string> library_dirs);

}  // namespace ling::launcher

#endif  // LING_EMULATOR_LAUNCHER_COMMAND_LINE_H_
