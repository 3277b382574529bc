// The native-process API of ports (include/ling/ports.h).
#include <optional>
#include <utility>

#include "ling/ports.h"
#include "runtime/core/node.h"
#include "runtime/core/process.h"
#include "runtime/term/atoms.h"
#include "runtime/term/reference.h"

namespace ling::ports {
namespace {

Process* ProcessOf(Context& ctx) {
  return internal::ContextAccess::process(ctx);
}

// Matches the reply {Ref, _} of a request made under `ref`.
bool IsReplyTo(void* ref, Term t) {
  return IsTuple(t) && TupleArity(t) == 2 && IsReference(TupleElement(t, 0)) &&
         ReferenceValue(TupleElement(t, 0)) == *static_cast<MonitorRef*>(ref);
}

// Starts waiting for the reply; true if it is already here and the budget
// lets the coroutine go on without suspending.
bool AwaitReply(Process* p, internal::ReceiveRequest* reply, MonitorRef* ref) {
  reply->match = IsReplyTo;
  reply->matcher = ref;
  if (p->BeginReceive(reply)) return p->reductions_left() > 0;
  return false;
}

}  // namespace

// Opens through `open(system, owner)`; the caller becomes linked to the port
// (the port links back on its side).
template <class OpenFn>
absl::StatusOr<Term> OpenLinked(Context& ctx, OpenFn open) {
  Process* p = ProcessOf(ctx);
  PortSystem* system = PortSystem::Of(p->node());
  if (system == nullptr) return absl::FailedPreconditionError("no PortSystem on this runtime");
  absl::StatusOr<Term> port = open(*system, p->pid());
  if (port.ok()) p->relations().links.insert(port->raw());
  return port;
}

absl::StatusOr<Term> Open(Context& ctx, std::string_view driver, const PortOpenOptions& options) {
  return OpenLinked(ctx, [&](PortSystem& s, Term owner) { return s.Open(owner, driver, options); });
}

absl::StatusOr<Term> OpenSpawn(Context& ctx, SpawnPortSpec spec, const PortOpenOptions& options) {
  return OpenLinked(
      ctx, [&](PortSystem& s, Term owner) { return s.OpenSpawn(owner, std::move(spec), options); });
}

absl::StatusOr<Term> OpenFd(Context& ctx, FdPortSpec spec, const PortOpenOptions& options) {
  return OpenLinked(ctx, [&](PortSystem& s, Term owner) { return s.OpenFd(owner, spec, options); });
}

// ---- CommandAwaiter ---------------------------------------------------------------

CommandAwaiter::CommandAwaiter(Context& ctx, Term port, IoVec data, CommandOptions options)
    : process_(ProcessOf(ctx)), port_(port), data_(data.begin(), data.end()), options_(options) {}

CommandAwaiter::~CommandAwaiter() {
  delete reply_.result;
}

CommandAttempt AttemptCommand(Process& p, Term port_id, IoVec data,
                              std::span<BinaryData* const> refc, const CommandOptions& options,
                              MonitorRef* reply_ref) {
  PortSystem* system = PortSystem::Of(p.node());
  Port* port = system != nullptr ? system->Lookup(port_id) : nullptr;
  if (port == nullptr) return CommandAttempt::kNoPort;
  uint32_t busy = port->flags() & (Port::kBusyPort | Port::kBusyPortQueue);
  if (options.force && !port->soft_busy()) return CommandAttempt::kNotsup;  // as BEAM: busy or not
  if (busy && !options.force) {
    if (options.nosuspend) return CommandAttempt::kBusy;
    if (port->SuspendUntilNotBusy(p.pid())) {
      p.Suspend();
      return CommandAttempt::kSuspended;
    }
    // It stopped being busy meanwhile: send.
  }
  // On the stack, borrowing the caller's data: an uncontended command costs
  // no allocation and no copy.
  PortTask task;
  task.kind = PortTaskKind::kCommand;
  task.sender = p.pid();
  task.BorrowData(data, refc);
  task.nosuspend = options.nosuspend;
  task.force = options.force;
  if (reply_ref != nullptr) {  // a queued nosuspend command answers true/false
    task.wants_reply = true;
    task.ref = *reply_ref = NewMonitorRef();
  }
  p.Bump(1);
  if (port->SubmitBorrowed(task) == Port::Submitted::kClosed) return CommandAttempt::kNoPort;
  return CommandAttempt::kSent;
}

bool CommandAwaiter::Attempt(Process& p) {
  MonitorRef* reply_ref = options_.nosuspend ? &ref_ : nullptr;
  switch (AttemptCommand(p, port_, {data_.data(), data_.size()}, {}, options_, reply_ref)) {
    case CommandAttempt::kNoPort:
      result_ = absl::NotFoundError("badarg: no such port");
      return true;
    case CommandAttempt::kNotsup:
      result_ = absl::UnimplementedError("notsup: the driver has no soft busy");
      return true;
    case CommandAttempt::kBusy:
      result_ = false;
      return true;
    case CommandAttempt::kSuspended:
      p.SetRetry(this);
      return false;
    case CommandAttempt::kSent:
      if (options_.nosuspend) AwaitReply(&p, &reply_, &ref_);
      result_ = true;
      return true;
  }
  return true;
}

bool CommandAwaiter::await_suspend(std::coroutine_handle<>) {
  if (!Attempt(*process_)) return true;  // suspended until the port is not busy
  if (process_->receiving()) return true;
  return process_->reductions_left() <= 0;
}

absl::StatusOr<bool> CommandAwaiter::await_resume() {
  if (reply_.result != nullptr) {
    Message reply(std::exchange(reply_.result, nullptr));
    return Answer(reply) == atoms::kTrue;
  }
  return result_;
}

// ---- RequestAwaiter -----------------------------------------------------------------

RequestAwaiter::RequestAwaiter(Context& ctx, Term port, std::unique_ptr<PortTask> task)
    : process_(ProcessOf(ctx)), port_(port), task_(std::move(task)) {}

RequestAwaiter::~RequestAwaiter() {
  delete reply_.result;
}

std::optional<MonitorRef> SubmitRequest(Process& p, Term port_id, std::unique_ptr<PortTask> task) {
  PortSystem* system = PortSystem::Of(p.node());
  Port* port = system != nullptr ? system->Lookup(port_id) : nullptr;
  if (port == nullptr) return std::nullopt;
  MonitorRef ref = NewMonitorRef();
  task->sender = p.pid();
  task->wants_reply = true;
  task->ref = ref;
  p.Bump(1);
  if (port->Submit(std::move(task), /*immediate=*/true) == Port::Submitted::kClosed) {
    return std::nullopt;
  }
  return ref;
}

bool RequestAwaiter::await_suspend(std::coroutine_handle<>) {
  std::optional<MonitorRef> ref = SubmitRequest(*process_, port_, std::move(task_));
  if (!ref.has_value()) {
    error_ = absl::NotFoundError("badarg: no such port");
    return false;
  }
  ref_ = *ref;
  return !AwaitReply(process_, &reply_, &ref_);
}

absl::StatusOr<Message> RequestAwaiter::await_resume() {
  if (!error_.ok()) return error_;
  return Message(std::exchange(reply_.result, nullptr));
}

RequestAwaiter Control(Context& ctx, Term port, uint32_t command, std::string_view data) {
  std::unique_ptr<PortTask> task = PortTask::WithDataCopy(data);
  task->kind = PortTaskKind::kControl;
  task->command = command;
  return RequestAwaiter(ctx, port, std::move(task));
}

RequestAwaiter Call(Context& ctx, Term port, uint32_t command, Term argument) {
  auto task = std::make_unique<PortTask>();
  task->kind = PortTaskKind::kCall;
  task->command = command;
  task->argument = MakeSignal(SignalKind::kMessage, kNonValue, argument);
  return RequestAwaiter(ctx, port, std::move(task));
}

RequestAwaiter Connect(Context& ctx, Term port, Pid new_owner) {
  auto task = std::make_unique<PortTask>();
  task->kind = PortTaskKind::kConnect;
  task->argument = MakeSignal(SignalKind::kMessage, kNonValue, new_owner.term());
  return RequestAwaiter(ctx, port, std::move(task));
}

RequestAwaiter Info(Context& ctx, Term port) {
  auto task = std::make_unique<PortTask>();
  task->kind = PortTaskKind::kInfo;
  return RequestAwaiter(ctx, port, std::move(task));
}

RequestAwaiter Close(Context& ctx, Term port) {
  auto task = std::make_unique<PortTask>();
  task->kind = PortTaskKind::kClose;
  return RequestAwaiter(ctx, port, std::move(task));
}

Term Answer(const Message& reply) {
  Term t = reply.term();
  return IsTuple(t) && TupleArity(t) == 2 ? TupleElement(t, 1) : kNonValue;
}

}  // namespace ling::ports
