#include "emulator/system/erlang_body.h"

#include <algorithm>
#include <utility>

#include "emulator/system/emulator.h"
#include "runtime/core/process.h"
#include "runtime/term/atoms.h"
#include "runtime/term/build.h"

namespace ling::emulator {

ErlangBody::ErlangBody(Emulator& emulator, std::vector<ErlangCall> calls,
                       std::unique_ptr<Heap> args_heap, std::function<void(const Crash&)> on_crash,
                       bool trap_exit)
    : emulator_(emulator),
      calls_(std::move(calls)),
      args_heap_(std::move(args_heap)),
      on_crash_(std::move(on_crash)),
      trap_exit_(trap_exit) {}

ErlangBody::~ErlangBody() {
  // A process that never ran has no context, and owns nothing.
  if (context_) emulator_.ProcessEnded(state_.self, *context_);
}

void ErlangBody::StartNext() {
  const ErlangCall& call = calls_[next_call_++];
  vm::Export* e = emulator_.code().exports().Get(call.module, call.function,
                                                 static_cast<uint32_t>(call.args.size()));
  vm::StartCall(state_, e, call.args);
}

void ErlangBody::Start(Process& p) {
  state_.self = p.pid();
  // The first call's {M, F, Arity}, kept on the argument heap.
  Term initial_call = atoms::kUndefined;
  if (!calls_.empty()) {
    if (args_heap_ == nullptr) args_heap_ = std::make_unique<Heap>();
    const ErlangCall& c = calls_.front();
    initial_call = MakeTuple(
        *args_heap_, {c.module, c.function, MakeSmall(static_cast<int64_t>(c.args.size()))});
  }
  context_.emplace(emulator_, p, initial_call);
  state_.process = &*context_;
  p.set_trap_exit(trap_exit_);
}

BodyOutcome ErlangBody::Resume(Process& p) {
  thread_local vm::Machine machine;
  machine.exports = &emulator_.code().exports();
  machine.code_index = &emulator_.code().code_index();
  machine.host = &emulator_;
  if (state_.pc == nullptr) {
    Start(p);
    if (calls_.empty()) return BodyOutcome::kFinished;
    StartNext();
  }
  for (;;) {
    vm::RunResult r = vm::Run(state_, machine, std::max(1, p.reductions_left()));
    p.Bump(r.reductions_used);
    switch (r.outcome) {
      case vm::RunOutcome::kYielded:
        return BodyOutcome::kYielded;
      case vm::RunOutcome::kWaiting:
        return BodyOutcome::kWaiting;
      case vm::RunOutcome::kFinished:
        if (next_call_ == calls_.size()) return BodyOutcome::kFinished;
        StartNext();
        if (p.reductions_left() <= 0) return BodyOutcome::kYielded;
        continue;
      case vm::RunOutcome::kError: {
        Crash crash{r.error_class, r.value, r.stacktrace};
        if (on_crash_) {
          on_crash_(crash);
        } else {
          emulator_.ReportCrash(p.pid(), crash);
        }
        Term reason = r.error_class == atoms::kExit
                          ? r.value
                          : MakeTuple(state_.memory, {r.value, r.stacktrace});
        p.RequestExit(reason);
        return BodyOutcome::kFinished;
      }
    }
  }
}

}  // namespace ling::emulator
