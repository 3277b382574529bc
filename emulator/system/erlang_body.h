// ErlangBody: an Erlang process on the runtime -- a ProcessBody that runs
// the interpreter for the reductions the scheduler gives it.
//
// It runs a sequence of calls, one after the other, each Module:Function
// (Args) through its export entry (so the module is loaded on first call);
// the process ends normally after the last returns. An uncaught exception
// ends the process with BEAM's exit reason -- {Reason, Stack} for error and
// throw ({nocatch, Value}), Reason for exit -- after `on_crash` (if set) has
// seen it. A receive that waits gives the scheduler back (kWaiting).
//
// It answers other processes' requests (AnswerRequest) between its runs,
// when the interpreter's state is saved in the ErlangState: process_info
// (the same items as for the process itself, process_info.h) and
// garbage_collect (a major collection of its own memory).
//
// Concurrency: the runtime calls Resume and AnswerRequest on the scheduler
// running the process, one thread at a time; each scheduler thread has its
// own Machine (registers).
#ifndef LING_EMULATOR_SYSTEM_ERLANG_BODY_H_
#define LING_EMULATOR_SYSTEM_ERLANG_BODY_H_

#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "emulator/system/erlang_process.h"
#include "emulator/vm/interpreter.h"
#include "ling/term.h"
#include "runtime/core/process_body.h"
#include "runtime/term/heap.h"

namespace ling::emulator {

class Emulator;

struct ErlangCall {
  Term module;
  Term function;
  std::vector<Term> args;  // on the body's argument heap (see ErlangBody)
};

// An uncaught exception: its class, reason and built stack trace (valid
// during the callback only).
struct Crash {
  Term error_class;
  Term reason;
  Term stacktrace;
};

class ErlangBody final : public ProcessBody {
 public:
  // `args_heap` holds the calls' argument terms; the body keeps it alive.
  // `trap_exit` is the process's flag from the start (erl's boot process
  // traps exits).
  ErlangBody(Emulator& emulator, std::vector<ErlangCall> calls, std::unique_ptr<Heap> args_heap,
             std::function<void(const Crash&)> on_crash, bool trap_exit = false);
  // Tells the emulator the process has ended (Emulator::ProcessEnded).
  ~ErlangBody() override;

  BodyOutcome Resume(Process& p) override;
  // {process_info, Ref, Spec} -> {Ref, Answer}; {garbage_collect, ReqId,
  // Type} -> {garbage_collect, ReqId, true}, after the collection.
  Term AnswerRequest(Process& p, Term request, Heap& heap) override;

 private:
  void StartNext();

  // Sets the process up on its first run, or on a request that comes
  // before it: its context, and the first call (if any) to run.
  void Start(Process& p);

  Emulator& emulator_;
  std::vector<ErlangCall> calls_;
  std::unique_ptr<Heap> args_heap_;
  std::function<void(const Crash&)> on_crash_;
  bool trap_exit_;
  size_t next_call_ = 0;
  std::optional<ErlangProcessContext> context_;  // from the first run on
  vm::ErlangState state_;
};

}  // namespace ling::emulator

#endif  // LING_EMULATOR_SYSTEM_ERLANG_BODY_H_
