#include "emulator/system/erlang_body.h"

#include <algorithm>
#include <utility>

#include "emulator/system/emulator.h"
#include "emulator/vm/process_info.h"
#include "runtime/core/process.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/build.h"
#include "runtime/term/copy.h"

namespace ling::emulator {

ErlangBody::ErlangBody(Emulator& emulator, std::vector<ErlangCall> calls,
                       std::unique_ptr<Heap> args_heap, ErlangBodyOptions options)
    : emulator_(emulator),
      calls_(std::move(calls)),
      args_heap_(std::move(args_heap)),
      on_crash_(std::move(options.on_crash)),
      trap_exit_(options.trap_exit),
      state_{.memory = options.min_heap_words ? vm::ProcessMemory(*options.min_heap_words)
                                              : vm::ProcessMemory()} {
  state_.memory.set_fullsweep_after(options.fullsweep_after);
}

ErlangBody::~ErlangBody() {
  // A process that never ran has no context, and owns nothing.
  if (context_) emulator_.ProcessEnded(state_.self, *context_);
}

void ErlangBody::StartNext() {
  ErlangCall& call = calls_[next_call_++];
  vm::Export* e = emulator_.code().exports().Get(call.module, call.function,
                                                 static_cast<uint32_t>(call.args.size()));
  // The process's memory is not collected before the call starts: the
  // copies stay where they are until StartCall has put them in registers.
  for (Term& arg : call.args)
    arg = CopyTerm(arg, state_.memory);
  vm::StartCall(state_, e, call.args);
  started_ = true;
  if (next_call_ == calls_.size()) {
    calls_ = {};
    args_heap_.reset();
  }
}

void ErlangBody::Start(Process& p) {
  if (context_) return;
  state_.self = p.pid();
  // The first call's {M, F, Arity}, shared by the processes started alike.
  Term initial_call = atoms::kUndefined;
  if (!calls_.empty()) {
    const ErlangCall& c = calls_.front();
    Term module = c.module, function = c.function;
    int64_t arity = static_cast<int64_t>(c.args.size());
    // As BEAM: spawn(M, F, Args), which starts erlang:apply(M, F, Args),
    // tells {M, F, length(Args)}; spawn(Fun) tells erlang:apply/2.
    if (module == atoms::kErlang && function == atoms::kApply && arity == 3 && IsAtom(c.args[0]) &&
        IsAtom(c.args[1])) {
      module = c.args[0];
      function = c.args[1];
      arity = 0;
      for (Term l = c.args[2]; IsList(l); l = Tail(l))
        ++arity;
    }
    initial_call = emulator_.initial_calls().Get(module, function, static_cast<uint32_t>(arity));
  }
  context_.emplace(emulator_, p, initial_call);
  state_.process = &*context_;
  p.set_trap_exit(trap_exit_);
  if (!calls_.empty()) StartNext();
}

BodyOutcome ErlangBody::Resume(Process& p) {
  thread_local vm::Machine machine;
  machine.exports = &emulator_.code().exports();
  machine.code_index = &emulator_.code().code_index();
  machine.host = &emulator_;
  Start(p);
  if (!started_) return BodyOutcome::kFinished;
  for (;;) {
    vm::RunResult r = vm::Run(state_, machine, std::max(1, p.reductions_left()));
    p.Bump(r.reductions_used);
    switch (r.outcome) {
      case vm::RunOutcome::kYielded:
        return BodyOutcome::kYielded;
      case vm::RunOutcome::kWaiting:
        return BodyOutcome::kWaiting;
      case vm::RunOutcome::kFinished:
        if (calls_.empty()) return BodyOutcome::kFinished;
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

Term ErlangBody::AnswerRequest(Process& p, Term request, Heap& heap) {
  static const Term kProcessInfo = InternAtom("process_info"),
                    kGarbageCollect = InternAtom("garbage_collect"),
                    kSuspended = InternAtom("suspended"), kWaiting = InternAtom("waiting"),
                    kRunnable = InternAtom("runnable");
  if (!IsTuple(request) || TupleArity(request) != 3) return kNonValue;
  Start(p);
  Term tag = TupleElement(request, 0), ref = TupleElement(request, 1);
  if (tag == kGarbageCollect) {
    // The saved x registers are the live ones between runs.
    state_.memory.CollectMajor(state_.saved_x.data(), static_cast<int>(state_.saved_x.size()));
    return MakeTuple(heap, {kGarbageCollect, ref, atoms::kTrue});
  }
  if (tag != kProcessInfo || !vm::ProcessInfoSpecAnswered(TupleElement(request, 2)))
    return kNonValue;
  // It answers, so it runs; as BEAM it tells what it would be doing if the
  // request had not come: waiting only when nothing else is to be done.
  Term status = p.suspended() ? kSuspended : p.WaitsForMessage() ? kWaiting : kRunnable;
  vm::ProcessInfoSource source{state_.memory, &*context_, &emulator_.code().code_index(),
                               state_.pc,     state_.cp,  status};
  Term answer = vm::ProcessInfoAnswer(source, TupleElement(request, 2), heap);
  return answer != kNonValue ? MakeTuple(heap, {ref, answer}) : kNonValue;
}

}  // namespace ling::emulator
