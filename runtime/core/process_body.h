// ProcessBody: the code a process runs. Native C++ processes (coroutines,
// include/ling/native.h) and Erlang processes (emulator/system/erlang_body.h)
// implement it.
#ifndef LING_RUNTIME_CORE_PROCESS_BODY_H_
#define LING_RUNTIME_CORE_PROCESS_BODY_H_

#include "ling/term.h"
#include "runtime/term/heap.h"

namespace ling {

class Process;

// Why a body handed control back to its process.
enum class BodyOutcome {
  kWaiting,   // it waits in a receive (Process::BeginReceive was called)
  kYielded,   // it wants to run again later (out of reductions, or asked to)
  kFinished,  // its code ended: exit normal unless RequestExit() said otherwise
};

class ProcessBody {
 public:
  virtual ~ProcessBody() = default;
  // Runs the body on the calling scheduler until it waits, yields or ends.
  // Called only while the process is kRunning on this thread.
  virtual BodyOutcome Resume(Process& p) = 0;

  // Answers a request signal (SignalKind::kRequest, signal.h): the message
  // for its sender, built on `heap`; kNonValue when the body has no answer
  // (the sender then gets the request's reply-if-gone, as from a dead
  // process: native bodies keep no state a request could ask for).
  //
  // Called by the process's own thread, never while Resume runs: a request
  // that arrives while the body runs (it takes signals in mid-run, e.g. an
  // Erlang receive reaching the mailbox's end) waits until Resume returns.
  // So the body's state is exactly what its last Resume left -- an Erlang
  // process's registers and heap pointers saved, its heap free to collect
  // -- and answering never sees the half-updated locals of a running
  // interpreter. The body may change its own state (a collection), as
  // Resume may.
  virtual Term AnswerRequest(Process& p, Term request, Heap& heap) { return kNonValue; }
};

}  // namespace ling

#endif  // LING_RUNTIME_CORE_PROCESS_BODY_H_
