// PortTask: one signal to a port, queued in its task queue (see
// task_queue.h). Every signal to or from a port -- commands, control and
// call requests, link and monitor signals, I/O readiness, timeouts -- is a
// task, so one thread at a time executes a port's signals, in order.
#ifndef LING_PORTS_PORT_TASK_H_
#define LING_PORTS_PORT_TASK_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "ling/term.h"
#include "ling/types.h"
#include "runtime/core/signal.h"

namespace ling {

enum class PortTaskKind : uint8_t {
  kCommand,    // bytes: output to the driver
  kControl,    // bytes + command number; replies with bytes
  kCall,       // term + command number; replies with a term
  kConnect,    // term: the new owner
  kClose,      // port_close / {Pid, close}
  kLink,       // sender wants a link
  kUnlink,     // sender drops its link
  kMonitor,    // sender monitors the port under ref
  kDemonitor,  // sender drops monitor ref
  kExit,       // exit signal (exit/2 or a linked entity's exit): term = reason
  kInput,      // fd readable (from the poller)
  kOutput,     // fd writable (from the poller)
  kTimeout,    // the driver's timer fired
};

// Whether a task of this kind depends on the port not being busy.
constexpr bool IsCommandTask(PortTaskKind k) {
  return k == PortTaskKind::kCommand;
}

struct PortTask {
  // Life of a task; only forward moves. An aborted task is skipped (and
  // retired) when the executor reaches it.
  enum State : uint8_t { kQueued, kExecuting, kAborted, kDone };

  PortTask* next = nullptr;  // in exactly one queue at a time
  PortTaskKind kind = PortTaskKind::kCommand;
  std::atomic<uint8_t> state{kQueued};
  bool nosuspend = false;    // port_command(..., [nosuspend]) that waits for a reply
  bool force = false;        // port_command(..., [force]): delivered even while busy
  bool wants_reply = false;  // the sender waits for {Ref, Result}
  bool linked_exit = false;  // kExit from a link (not exit/2)
  bool counted = false;      // its bytes are in the port's queued-bytes count
  uint32_t command = 0;      // control/call command number
  int fd = -1;               // kInput/kOutput
  Term sender = kNonValue;   // pid (kNonValue: host thread or the poller)
  MonitorRef ref{};          // reply / monitor reference
  std::string bytes;         // command and control data
  // The term argument (call, connect, exit reason) and the heap it lives on.
  std::unique_ptr<Signal> argument;

  // Bytes this task adds to the busy-port-queue count (commands only).
  size_t queued_bytes() const { return kind == PortTaskKind::kCommand ? bytes.size() : 0; }
};

}  // namespace ling

#endif  // LING_PORTS_PORT_TASK_H_
