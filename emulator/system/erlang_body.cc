#include "emulator/system/erlang_body.h"

#include <algorithm>
#include <utility>

#include "runtime/core/process.h"
#include "runtime/term/atoms.h"
#include "runtime/term/build.h"

namespace ling::emulator {

ErlangBody::ErlangBody(code::CodeServer& code, vm::Host& host, std::vector<ErlangCall> calls,
                       std::unique_ptr<Heap> args_heap, std::function<void(const Crash&)> on_crash)
    : code_(code),
      host_(host),
      calls_(std::move(calls)),
      args_heap_(std::move(args_heap)),
      on_crash_(std::move(on_crash)) {}

void ErlangBody::StartNext() {
  const ErlangCall& call = calls_[next_call_++];
  vm::Export* e =
      code_.exports().Get(call.module, call.function, static_cast<uint32_t>(call.args.size()));
  vm::StartCall(state_, e, call.args);
}

BodyOutcome ErlangBody::Resume(Process& p) {
  thread_local vm::Machine machine;
  machine.exports = &code_.exports();
  machine.code_index = &code_.code_index();
  machine.host = &host_;
  if (state_.pc == nullptr) {
    state_.self = p.pid();
    if (calls_.empty()) return BodyOutcome::kFinished;
    StartNext();
  }
  for (;;) {
    vm::RunResult r = vm::Run(state_, machine, std::max(1, p.reductions_left()));
    p.Bump(r.reductions_used);
    switch (r.outcome) {
      case vm::RunOutcome::kYielded:
        return BodyOutcome::kYielded;
      case vm::RunOutcome::kFinished:
        if (next_call_ == calls_.size()) return BodyOutcome::kFinished;
        StartNext();
        if (p.reductions_left() <= 0) return BodyOutcome::kYielded;
        continue;
      case vm::RunOutcome::kError: {
        if (on_crash_) on_crash_({r.error_class, r.value, r.stacktrace});
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
