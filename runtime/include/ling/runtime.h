// ling::Runtime: a libling runtime embedded in a host program.
//
//   ling::Runtime rt({.schedulers = 4});
//   absl::StatusOr<ling::Pid> pid = rt.Spawn([](ling::Context& ctx) -> ling::Task {
//     ling::Message m = co_await ctx.Receive();
//     ...
//   });
//   rt.WaitForNoProcesses(absl::Seconds(10));
//   rt.Stop();
//
// The constructor starts the scheduler threads; Stop() (or the destructor)
// stops them and destroys every process that is still alive, running the
// destructors of their coroutine frames, and returns all their memory.
//
// Thread safety: every method may be called from any host thread, and from
// processes (through Context::runtime()), except Stop() and the destructor,
// which must not be called from a process.
#ifndef LING_RUNTIME_H_
#define LING_RUNTIME_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "ling/native.h"
#include "ling/term.h"
#include "ling/types.h"

namespace ling {

class Node;

// Values out of range are clamped into it, never rejected with a crash.
struct RuntimeOptions {
  // Scheduler threads; 0 (or less) means one per hardware thread.
  int schedulers = 0;
  // The most processes alive at once: 1 to 2^28.
  uint32_t max_processes = 1 << 20;
  // Reductions a process may spend before the scheduler moves on (>= 1).
  int reductions_per_run = 4000;
};

class Runtime {
 public:
  explicit Runtime(const RuntimeOptions& options = {});
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;
  ~Runtime();

  // Stops the schedulers and destroys the remaining processes.
  // FailedPrecondition if already stopped.
  absl::Status Stop();

  // Starts a process running fn. From a host thread the options' link and
  // monitor are InvalidArgument (there is no process to link to).
  // ResourceExhausted when max_processes are alive; FailedPrecondition after
  // Stop().
  absl::StatusOr<Pid> Spawn(ProcessFunction fn, SpawnOptions options = {});

  // Sends a copy of `message` to `to` from the host. NotFound if no such
  // process is alive (the message is dropped).
  absl::Status Send(Pid to, Term message);
  absl::Status Send(std::string_view registered_name, Term message);
  // Sends an exit signal from the host (exit/2). NotFound if no such process.
  absl::Status Exit(Pid to, Term reason);
  std::optional<Pid> Whereis(std::string_view registered_name);
  bool IsAlive(Pid pid);
  // Sends `message` to `to` after `delay`, from the host.
  TimerRef SendAfter(absl::Duration delay, Pid to, Term message);

  // Processes alive now.
  size_t process_count() const;
  int scheduler_count() const;
  // Blocks the calling host thread until no process is alive (true) or the
  // timeout passes (false).
  bool WaitForNoProcesses(absl::Duration timeout = absl::InfiniteDuration());

  // The runtime internals, for the other layers of libling.
  Node& node() { return *node_; }

 private:
  std::unique_ptr<Node> node_;
};

}  // namespace ling

#endif  // LING_RUNTIME_H_
