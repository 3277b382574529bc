// Subprocess: an external program started for a port ({spawn, Cmd},
// {spawn_executable, File}), wired to the port by pipes, with a pidfd that
// becomes readable when it exits (so the poller can watch for exit_status
// like any other descriptor; no SIGCHLD handler is involved).
//
// Thread safety: a Subprocess is owned by one port (its driver) and used
// under that port's lock. Start() itself is safe from any thread: it uses
// posix_spawn, which does not run user code in the child.
#ifndef LING_PORTS_DRIVERS_SUBPROCESS_H_
#define LING_PORTS_DRIVERS_SUBPROCESS_H_

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace ling {

struct SubprocessSpec {
  // {spawn, Cmd} as BEAM runs it: /bin/sh -c "exec Cmd". The exec makes the
  // command's first program replace the shell, so the port's pid and
  // exit_status are that program's, not a shell's (on erl, "printf x; exit 3"
  // reports 0: the shell exec'd printf and never ran exit). So only the first
  // program of a list runs, and a command that starts with a builtin such as
  // exit or read fails as on erl (127); wrap such a command in sh -c '...'.
  static SubprocessSpec Shell(std::string_view command);

  // The program and its arguments (argv[0] included, also used as the path
  // to start). For {spawn, Cmd} use Shell(Cmd).
  std::vector<std::string> argv;
  // Extra environment entries "NAME=value" (added to, or overriding, the
  // runtime's own environment); "NAME" alone removes the variable.
  std::vector<std::string> env;
  std::string cd;  // working directory; empty: the runtime's
  // Without stdio, the program gets its descriptors 3 (input) and 4 (output)
  // as Erlang's nouse_stdio does.
  bool use_stdio = true;
  bool stderr_to_stdout = false;
};

class Subprocess {
 public:
  // Starts the program. NotFound when the file does not exist or is not
  // executable, InvalidArgument for an empty argv, other errno failures as
  // Internal -- each with the reason in the message.
  static absl::StatusOr<Subprocess> Start(const SubprocessSpec& spec);

  Subprocess(Subprocess&& other) noexcept;
  Subprocess& operator=(Subprocess&& other) noexcept;
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;
  // Closes the pipes; a program still running is left to finish (it sees
  // EOF on its input, as with a closed Erlang port) and is reaped.
  ~Subprocess();

  pid_t pid() const { return pid_; }
  int to_child() const { return to_child_; }      // non-blocking, write end
  int from_child() const { return from_child_; }  // non-blocking, read end
  int exit_fd() const { return pidfd_; }          // readable once it exited

  // Closes the write end: the program sees end of input.
  void CloseInput();
  // The exit status once the program has ended (reaps it): the exit code, or
  // 128 + signal number as a shell reports it; nullopt while it runs.
  std::optional<int> TryWait();

 private:
  Subprocess() = default;
  void CloseAll();

  pid_t pid_ = -1;
  int to_child_ = -1;
  int from_child_ = -1;
  int pidfd_ = -1;
  bool reaped_ = false;
};

}  // namespace ling

#endif  // LING_PORTS_DRIVERS_SUBPROCESS_H_
