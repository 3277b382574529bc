// ProcessBody: the code a process runs. Native C++ processes (coroutines,
// include/ling/native.h) implement it now; the Erlang emulator will too.
#ifndef LING_RUNTIME_CORE_PROCESS_BODY_H_
#define LING_RUNTIME_CORE_PROCESS_BODY_H_

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
};

}  // namespace ling

#endif  // LING_RUNTIME_CORE_PROCESS_BODY_H_
