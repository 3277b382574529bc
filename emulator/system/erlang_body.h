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

// How the process runs: spawn_opt's options that are the body's.
struct ErlangBodyOptions {
  // The process's trap_exit flag from the start (erl's boot process traps
  // exits).
  bool trap_exit = false;
  // Sees an uncaught exception; unset: error and throw are reported on
  // standard error as erl's logger reports them.
  std::function<void(const Crash&)> on_crash;
  std::optional<size_t> min_heap_words;  // unset: ProcessMemory's default
  uint32_t fullsweep_after = vm::ProcessMemory::kDefaultFullsweepAfter;
};

class ErlangBody final : public ProcessBody {
 public:
  // `args_heap` holds the calls' argument terms until each call starts
  // (its arguments are then copied to the process's heap); the body frees
  // it once the last call has started.
  ErlangBody(Emulator& emulator, std::vector<ErlangCall> calls, std::unique_ptr<Heap> args_heap,
             ErlangBodyOptions options);
  // Tells the emulator the process has ended (Emulator::ProcessEnded).
  ~ErlangBody() override;

  BodyOutcome Resume(Process& p) override;
  // {process_info, Ref, Spec} -> {Ref, Answer}; {garbage_collect, ReqId,
  // Type} -> {garbage_collect, ReqId, true}, after the collection.
  Term AnswerRequest(Process& p, Term request, Heap& heap) override;

 private:
  // Starts the next call, its arguments copied to the process's heap; after
  // the last, lets go of the calls and their heap.
  void StartNext();

  // Sets the process up on its first run, or on a request that comes
  // before it: its context, and the first call (if any) to run.
  void Start(Process& p);

  // An idle process's size matters (an Erlang process is a few hundred
  // bytes besides its heap): members are few and packed.
  Emulator& emulator_;
  std::vector<ErlangCall> calls_;  // empty once the last has started
  std::unique_ptr<Heap> args_heap_;
  std::function<void(const Crash&)> on_crash_;
  bool trap_exit_;
  bool started_ = false;  // a call has started: runs until the last returns
  uint32_t next_call_ = 0;
  std::optional<ErlangProcessContext> context_;  // from the first run on
  vm::ErlangState state_;
};

}  // namespace ling::emulator

#endif  // LING_EMULATOR_SYSTEM_ERLANG_BODY_H_
