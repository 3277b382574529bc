// Ports from native processes: open a port on a driver, send it commands,
// control and call it, connect and close it -- with BEAM's semantics.
//
//   ling::PortSystem ports(rt);                 // once, after the Runtime
//   ...inside a process:
//   absl::StatusOr<ling::Term> port = ling::ports::Open(ctx, "echo");
//   absl::StatusOr<bool> sent = co_await ling::ports::Command(ctx, *port, "hi");
//   ling::Message reply = co_await ctx.Receive();   // {Port, {data, <<"hi">>}}
//
// The calling process owns the port it opens and is linked to it: when the
// owner exits, the port closes; when the port closes, linked processes get
// exit signals and monitors get 'DOWN' (type `port`). ctx.Link/Unlink/Monitor
// take port terms too.
//
// Every function here must be called from the process's own coroutine.
#ifndef LING_PORTS_H_
#define LING_PORTS_H_

#include <coroutine>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "absl/container/inlined_vector.h"
#include "absl/status/statusor.h"
#include "ling/native.h"
#include "ling/term.h"
#include "ports/iovec.h"
#include "ports/port_system.h"

namespace ling::ports {

struct CommandOptions {
  // Deliver even if the port is busy (drivers that declare soft busy only;
  // others answer notsup, busy or not, as BEAM does).
  bool force = false;
  // Never suspend: answer false if the port is busy, or turns busy before
  // the command runs.
  bool nosuspend = false;
};

// Opens a port on `driver`, owned by and linked to the calling process.
absl::StatusOr<Term> Open(Context& ctx, std::string_view driver,
                          const PortOpenOptions& options = {});

// open_port({spawn, ...}): a port on an external program, owned by and
// linked to the calling process. NotFound if the program does not exist.
absl::StatusOr<Term> OpenSpawn(Context& ctx, SpawnPortSpec spec,
                               const PortOpenOptions& options = {});

// open_port({fd, In, Out}): a port on descriptors the program already has.
absl::StatusOr<Term> OpenFd(Context& ctx, FdPortSpec spec, const PortOpenOptions& options = {});

// What one try at a command gives (AttemptCommand).
enum class CommandAttempt {
  kSent,       // delivered, or queued for delivery
  kBusy,       // nosuspend on a busy port: not sent
  kSuspended,  // the port is busy: the process is suspended until it is not; try again then
  kNoPort,     // closed, or never was (Erlang's badarg)
  kNotsup,     // force on a driver without soft busy
};

// One try at a command from process `p`, on its own thread (what
// CommandAwaiter and Erlang's port_command do). With `reply_ref`, the port
// answers a queued command with {Ref, true | false} under that reference.
// `data` is borrowed for the call. `refc`, empty or one entry per segment
// of `data`, names the refc binary a segment lies in (nullptr: none), of
// which `p` holds a reference during the call: a command that has to queue
// takes its own reference to those binaries instead of copying their bytes
// (PortTask::WithDataCopy), and copies the rest.
CommandAttempt AttemptCommand(Process& p, Term port, IoVec data, std::span<BinaryData* const> refc,
                              const CommandOptions& options, MonitorRef* reply_ref = nullptr);

// port_command/3 (and, with several segments, an iolist's pieces given to
// the driver as one IoVec). The data is borrowed: it must stay valid until
// the co_await completes, as a temporary in the co_await expression does.
// co_await gives: true when delivered (or queued for
// delivery); false for nosuspend on a busy port; NotFound for a port that is
// closed or never was (Erlang's badarg); Unimplemented for force on a driver
// without soft busy (notsup). Without nosuspend or force, a busy port
// suspends the caller until it is not busy, then the command is sent.
class CommandAwaiter final : private internal::ProcessRetry {
 public:
  CommandAwaiter(Context& ctx, Term port, IoVec data, CommandOptions options);
  CommandAwaiter(const CommandAwaiter&) = delete;
  CommandAwaiter& operator=(const CommandAwaiter&) = delete;
  ~CommandAwaiter();

  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> h);
  absl::StatusOr<bool> await_resume();

 private:
  bool Attempt(Process& p) override;

  Process* process_;
  Term port_;
  absl::InlinedVector<ByteSpan, 1> data_;
  CommandOptions options_;
  absl::StatusOr<bool> result_ = true;
  internal::ReceiveRequest reply_;  // nosuspend commands that were queued
  MonitorRef ref_{};
};

inline CommandAwaiter Command(Context& ctx, Term port, std::string_view data,
                              CommandOptions options = {}) {
  ByteSpan bytes = AsBytes(data);
  return CommandAwaiter(ctx, port, IoVec(&bytes, 1), options);
}
inline CommandAwaiter CommandV(Context& ctx, Term port, IoVec data, CommandOptions options = {}) {
  return CommandAwaiter(ctx, port, data, options);
}

// One request (control, call, connect, close, info: `task` of that kind)
// from process `p`, on its own thread, without waiting: the port answers
// {Ref, Answer} to `p` under the reference returned -- at once, into `p`'s
// signal queue, when it runs the request in the caller. nullopt if the port
// is closed or never was. Inside a protected section. (erts_internal's port
// BIFs, whose answers erlang.erl waits for; RequestAwaiter.)
std::optional<MonitorRef> SubmitRequest(Process& p, Term port, std::unique_ptr<PortTask> task);

// A request that the port answers (control, call, connect, close). co_await
// gives the answer term in a Message, or NotFound if the port is closed.
class RequestAwaiter final {
 public:
  RequestAwaiter(Context& ctx, Term port, std::unique_ptr<PortTask> task);
  RequestAwaiter(const RequestAwaiter&) = delete;
  RequestAwaiter& operator=(const RequestAwaiter&) = delete;
  ~RequestAwaiter();

  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> h);
  absl::StatusOr<Message> await_resume();

 private:
  Process* process_;
  Term port_;
  std::unique_ptr<PortTask> task_;
  absl::Status error_;
  internal::ReceiveRequest reply_;
  MonitorRef ref_{};
};

// port_control: the answer is a binary, or {error, badarg} if the driver
// refused the command.
RequestAwaiter Control(Context& ctx, Term port, uint32_t command, std::string_view data);
// erlang:port_call: {ok, Term} or {error, badarg}.
RequestAwaiter Call(Context& ctx, Term port, uint32_t command, Term argument);
// port_connect: `new_owner` becomes the owner (and is linked); answer true.
RequestAwaiter Connect(Context& ctx, Term port, Pid new_owner);
// erlang:port_info/1, as a signal: the port answers in order with the
// caller's earlier signals. A list of {Item, Value}: name, links, id,
// connected, input, output, monitored_by, queue_size, parallelism,
// busy_limits_msgq ({Low, High} or disabled).
RequestAwaiter Info(Context& ctx, Term port);
// port_close: answer true once closed.
RequestAwaiter Close(Context& ctx, Term port);

// The answer term inside a request's reply message ({Ref, Answer}).
Term Answer(const Message& reply);

}  // namespace ling::ports

#endif  // LING_PORTS_H_
