// PortTask: one signal to a port, queued in its task queue (see
// task_queue.h). Every signal to or from a port -- commands, control and
// call requests, link and monitor signals, I/O readiness, timeouts -- is a
// task, so one thread at a time executes a port's signals, in order.
#ifndef LING_PORTS_PORT_TASK_H_
#define LING_PORTS_PORT_TASK_H_

#include <atomic>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string_view>

#include "absl/container/inlined_vector.h"
#include "ling/term.h"
#include "ling/types.h"
#include "ports/iovec.h"
#include "runtime/core/signal.h"
#include "runtime/term/binary.h"

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
  kInfo,       // port_info: replies with the item list
  kExit,       // exit signal (exit/2 or a linked entity's exit): term = reason
  kInput,      // fd readable (from the poller)
  kOutput,     // fd writable (from the poller)
  kTimeout,    // the driver's timer fired
  kDown,       // a process the driver monitors ended: term = reason
};

// Whether a task of this kind depends on the port not being busy.
constexpr bool IsCommandTask(PortTaskKind k) {
  return k == PortTaskKind::kCommand;
}
// Synchronous request/response signals: forced scheduling does not apply to
// them (their caller waits anyway).
constexpr bool IsSynchronousTask(PortTaskKind k) {
  return k == PortTaskKind::kControl || k == PortTaskKind::kCall || k == PortTaskKind::kInfo;
}
// Signals that come from the I/O poller or a timer, not from a sender.
constexpr bool IsIoTask(PortTaskKind k) {
  return k == PortTaskKind::kInput || k == PortTaskKind::kOutput || k == PortTaskKind::kTimeout;
}

struct PortTask;

// A handle through which a queued task can be aborted from any thread (I/O
// tasks whose descriptor was deselected, tasks of a closing port).
//
// Contract: Abort() may be called from any thread inside a thread-progress
// protected section (a scheduler, or an unmanaged thread holding a
// DelayGuard). The port clears the handle before it runs or drops the task,
// and frees a task that had a handle only after thread progress, so an
// Abort() that read the pointer just before never touches freed memory.
class PortTaskHandle {
 public:
  PortTaskHandle() = default;
  PortTaskHandle(const PortTaskHandle&) = delete;
  PortTaskHandle& operator=(const PortTaskHandle&) = delete;

  // True while a task is attached (scheduled, not yet run or dropped).
  bool scheduled() const { return task_.load(std::memory_order_acquire) != nullptr; }
  // Stops the attached task if it has not started; true if it did.
  bool Abort();

 private:
  friend class Port;
  std::atomic<PortTask*> task_{nullptr};
};

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
  bool abortable = false;    // had a handle: freed only after thread progress
  // Sent by an erts_internal port BIF, for erlang.erl's port functions that
  // wait for the answer: control answers a byte list or badarg, info its
  // item(s) as port_info/1,2 give them, and a request the port closed
  // before running is answered undefined (info) or badarg, not {error,
  // closed}.
  bool erlang_reply = false;
  uint32_t command = 0;  // control/call command number
  int fd = -1;           // kInput/kOutput
  // The process that sent the signal (kNonValue: a host thread or the
  // poller): replies go to it, it suspends on a busy port, and its signals
  // keep their order.
  Term sender = kNonValue;
  // The message protocol (`Port ! {Pid, ...}`): the Pid named in the
  // message, which must be the owner. kNonValue for other signals.
  Term connected = kNonValue;
  MonitorRef ref{};  // reply / monitor reference
  // The term argument (call, connect, exit reason) and the heap it lives on.
  std::unique_ptr<Signal> argument;
  // Set for abortable tasks. Abort() clears it, so that whoever owns the
  // handle may retire it (through thread progress) while the aborted task
  // still waits in a queue.
  std::atomic<PortTaskHandle*> handle{nullptr};

  PortTask() = default;
  PortTask(const PortTask&) = delete;
  PortTask& operator=(const PortTask&) = delete;
  // Drops the task's references to refc binaries (on whichever thread frees
  // the task: the count is atomic).
  ~PortTask() {
    for (BinaryData* b : refs_)
      b->Release();
  }

  // Command and control data, as segments (an IoVec).
  IoVec data() const { return data_; }
  // Control data is one segment.
  ByteSpan contiguous_data() const { return data_.empty() ? ByteSpan() : data_[0]; }
  // A task run at once in its sender borrows the sender's buffers and its
  // list of segments, which outlive it. `refc`, empty or one entry per
  // segment, names the refc binary each segment lies in (nullptr: none),
  // for QueuedCopy; the sender holds a reference to each for as long as the
  // task lives.
  void BorrowData(IoVec from, std::span<BinaryData* const> refc = {}) {
    data_ = from;
    borrowed_refc_ = refc;
  }
  // A queued task owns its data: the bytes of segments that lie in no refc
  // binary are copied into the same allocation, right after the task (one
  // allocation per queued signal; the segment boundaries are kept); a
  // segment inside a refc binary (`refc`, as for BorrowData) stays where it
  // is, and the task holds a reference to that binary until it is freed, as
  // BEAM's ErlIOVec does: the sender's heap may be collected, or the sender
  // may exit, while the task waits.
  static std::unique_ptr<PortTask> WithDataCopy(IoVec data, std::span<BinaryData* const> refc = {});
  static std::unique_ptr<PortTask> WithDataCopy(std::string_view bytes) {
    ByteSpan one = AsBytes(bytes);
    return WithDataCopy(IoVec(&one, 1));
  }

  // A heap copy of a borrowed task that could not run at once: the same
  // signal, owning its data (WithDataCopy). Not for tasks with an argument
  // or a handle. On the sender's thread, while it still holds its references.
  std::unique_ptr<PortTask> QueuedCopy() const;

  static void* operator new(size_t size) { return ::operator new(size); }
  static void operator delete(void* p) { ::operator delete(p); }

  // Bytes this task adds to the busy-port-queue count (commands only).
  size_t queued_bytes() const { return kind == PortTaskKind::kCommand ? IoVecSize(data()) : 0; }

 private:
  struct WithData {
    size_t bytes;
  };
  static void* operator new(size_t size, WithData extra) {
    return ::operator new(size + extra.bytes);
  }
  static void operator delete(void* p, WithData) { ::operator delete(p); }
  IoVec data_;  // a borrowing task's sender's segments, else segments_
  absl::InlinedVector<ByteSpan, 1> segments_;  // an owning task's
  // A borrowing task's: the refc binaries its segments lie in (BorrowData).
  std::span<BinaryData* const> borrowed_refc_;
  // An owning task's: the references it holds (WithDataCopy).
  absl::InlinedVector<BinaryData*, 1> refs_;
};

inline std::unique_ptr<PortTask> PortTask::WithDataCopy(IoVec from,
                                                        std::span<BinaryData* const> refc) {
  size_t copied = 0;
  for (size_t i = 0; i < from.size(); ++i) {
    if (refc.empty() || refc[i] == nullptr) copied += from[i].size();
  }
  // Default-initialised, not value-initialised: no zeroing pass over memory
  // that is about to be written anyway.
  std::unique_ptr<PortTask> task(new (WithData{copied}) PortTask);
  uint8_t* at = reinterpret_cast<uint8_t*>(task.get() + 1);
  for (size_t i = 0; i < from.size(); ++i) {
    ByteSpan s = from[i];
    if (!refc.empty() && refc[i] != nullptr) {
      refc[i]->AddRef();
      task->refs_.push_back(refc[i]);
      task->segments_.push_back(s);
      continue;
    }
    if (!s.empty()) std::memcpy(at, s.data(), s.size());
    task->segments_.push_back({at, s.size()});
    at += s.size();
  }
  // The task never moves: the span stays valid.
  task->data_ = {task->segments_.data(), task->segments_.size()};
  return task;
}

inline std::unique_ptr<PortTask> PortTask::QueuedCopy() const {
  std::unique_ptr<PortTask> copy = WithDataCopy(data(), borrowed_refc_);
  copy->kind = kind;
  copy->nosuspend = nosuspend;
  copy->force = force;
  copy->wants_reply = wants_reply;
  copy->erlang_reply = erlang_reply;
  copy->command = command;
  copy->sender = sender;
  copy->connected = connected;
  copy->ref = ref;
  return copy;
}

inline bool PortTaskHandle::Abort() {
  PortTask* t = task_.exchange(nullptr, std::memory_order_acq_rel);
  if (t == nullptr) return false;
  t->handle.store(nullptr, std::memory_order_release);
  uint8_t expected = PortTask::kQueued;
  return t->state.compare_exchange_strong(expected, PortTask::kAborted, std::memory_order_acq_rel);
}

}  // namespace ling

#endif  // LING_PORTS_PORT_TASK_H_
