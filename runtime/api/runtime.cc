#include "ling/runtime.h"

#include "runtime/api/native_body.h"
#include "runtime/core/node.h"
#include "runtime/term/atom_table.h"

namespace ling {

Runtime::Runtime(const RuntimeOptions& options)
    : node_(std::make_unique<Node>(
          NodeOptions{options.schedulers, options.max_processes, options.reductions_per_run})) {
  node_->set_runtime(this);
  node_->Start();
}

Runtime::~Runtime() = default;

absl::Status Runtime::Stop() {
  return node_->Stop();
}

absl::StatusOr<Pid> Runtime::Spawn(ProcessFunction fn, SpawnOptions options) {
  SpawnSpec spec{options.priority, options.link, options.monitor};
  auto id = node_->Spawn(std::make_unique<NativeBody>(std::move(fn)), spec, nullptr);
  if (!id.ok()) return id.status();
  return Pid{*id};
}

absl::Status Runtime::Send(Pid to, Term message) {
  ProtectedSection section(*node_);
  if (!node_->SendSignal(to.term(), MakeSignal(SignalKind::kMessage, kNonValue, message))) {
    return absl::NotFoundError("no such process");
  }
  return absl::OkStatus();
}

absl::Status Runtime::Send(std::string_view registered_name, Term message) {
  std::optional<Pid> to = Whereis(registered_name);
  if (!to.has_value()) return absl::NotFoundError("no process registered under that name");
  return Send(*to, message);
}

absl::Status Runtime::Exit(Pid to, Term reason) {
  ProtectedSection section(*node_);
  if (!node_->SendSignal(to.term(), MakeSignal(SignalKind::kExit, kNonValue, reason))) {
    return absl::NotFoundError("no such process");
  }
  return absl::OkStatus();
}

std::optional<Pid> Runtime::Whereis(std::string_view registered_name) {
  Term owner = node_->registry().Whereis(InternAtom(registered_name));
  if (!IsPid(owner)) return std::nullopt;  // no one, or a port
  return Pid{IdValue(owner)};
}

bool Runtime::IsAlive(Pid pid) {
  ProtectedSection section(*node_);
  return node_->table().Lookup(pid.id) != nullptr;
}

TimerRef Runtime::SendAfter(absl::Duration delay, Pid to, Term message) {
  return node_->SendAfter(delay, to.term(), kNonValue, message);
}

size_t Runtime::process_count() const {
  return node_->process_count();
}

int Runtime::scheduler_count() const {
  return node_->scheduler_count();
}

bool Runtime::WaitForNoProcesses(absl::Duration timeout) {
  return node_->WaitForNoProcesses(timeout);
}

}  // namespace ling
