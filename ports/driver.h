// Drivers: the native code behind a port, with the callbacks BEAM drivers
// have. A driver instance belongs to one port; its callbacks run only while
// that port's lock is held (one at a time, never concurrently), on a
// scheduler or -- for an uncontended signal -- in the sender's thread.
#ifndef LING_PORTS_DRIVER_H_
#define LING_PORTS_DRIVER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ling/term.h"
#include "ling/types.h"
#include "ports/iovec.h"
#include "runtime/term/heap.h"

namespace ling {

// Busy limits in bytes: busy at `high` or more, free again at `low` or
// less; `disabled`: never busy for this reason.
struct PortLimits {
  size_t high = 8 * 1024;
  size_t low = 4 * 1024;
  bool disabled = false;
};

// What a driver may do, from inside its callbacks (implemented by Port).
class DriverContext {
 public:
  virtual ~DriverContext() = default;
  virtual Term port() const = 0;
  // The connected process (owner).
  virtual Term owner() const = 0;
  // Sends {Port, {data, Bytes}} to the owner (bytes as a binary).
  virtual void OutputToOwner(std::span<const uint8_t> bytes) = 0;
  // Sends any term to any process (copied).
  virtual void Send(Term to, Term message) = 0;
  // A scratch heap for building messages; emptied after each callback.
  virtual Heap& scratch() = 0;
  // `bytes` on scratch() as the owner takes data: a binary, or a list of
  // bytes for a port opened without open_port's binary option.
  virtual Term DataTerm(std::span<const uint8_t> bytes) = 0;
  // Busy port: while set, command signals are not delivered.
  virtual void SetBusy(bool busy) = 0;
  // The limits a driver that keeps its own output queue (spawn, fd) applies
  // to it with SetBusy: open_port's busy_limits_port.
  virtual const PortLimits& port_queue_limits() const = 0;
  // A driver that keeps its own output queue says how many bytes it holds
  // (BEAM's driver queue): port_info's queue_size counts them, and a halt
  // that flushes waits for them.
  virtual void SetHeldOutput(size_t bytes) = 0;
  // The Timeout callback runs after `ms` (replaces a pending timer).
  virtual void SetTimer(int64_t ms) = 0;
  virtual void CancelTimer() = 0;
  // Ends the port with `reason` once the current callback returns.
  virtual void Exit(Term reason) = 0;
  // Readiness of `fd` becomes ReadyInput/ReadyOutput callbacks (one at a
  // time per direction; the port re-arms after each). kSelectRead and/or
  // kSelectWrite; on=false deselects them. When the last one is deselected
  // the fd is no longer watched -- StopSelect then says it may be closed --
  // and tasks already scheduled for it are aborted.
  static constexpr uint32_t kSelectRead = 1u << 0;
  static constexpr uint32_t kSelectWrite = 1u << 1;
  virtual absl::Status Select(int fd, uint32_t events, bool on) = 0;
  // Monitors a process for the driver: ProcessExit runs when it ends (at
  // once, with noproc, if it does not exist).
  virtual MonitorRef MonitorProcess(Term pid) = 0;
  // False if the monitor was not active.
  virtual bool DemonitorProcess(MonitorRef ref) = 0;
};

class Driver {
 public:
  virtual ~Driver() = default;
  // At open. An error fails the open (the port never exists).
  virtual absl::Status Start(DriverContext& port) { return absl::OkStatus(); }
  // At close, after the last task.
  virtual void Stop(DriverContext& port) {}
  // Command data (port_command / {Pid, {command, Data}}). A driver
  // overrides Output (the data in one buffer) or OutputV (the segments as
  // the sender gave them, for writev), as BEAM drivers have output or
  // outputv; each default forwards to the other, so one of them must be.
  virtual void Output(DriverContext& port, ByteSpan data) { OutputV(port, IoVec(&data, 1)); }
  virtual void OutputV(DriverContext& port, IoVec data) {
    if (data.size() == 1) return Output(port, data[0]);
    std::string flat = Flatten(data);
    Output(port, AsBytes(flat));
  }
  // port_control: bytes in, bytes out. Unimplemented: NotSupported (badarg).
  virtual absl::StatusOr<std::string> Control(DriverContext& port, uint32_t command,
                                              std::span<const uint8_t> data) {
    return absl::UnimplementedError("driver has no control");
  }
  // erlang:port_call: a term in, a term (built on `reply_heap`) out.
  virtual absl::StatusOr<Term> Call(DriverContext& port, uint32_t command, Term argument,
                                    Heap& reply_heap) {
    return absl::UnimplementedError("driver has no call");
  }
  // `fd` is readable (or hung up: a read returns 0 or an error).
  virtual void ReadyInput(DriverContext& port, int fd) {}
  virtual void ReadyOutput(DriverContext& port, int fd) {}
  // `fd` is fully deselected: the poller no longer touches it.
  virtual void StopSelect(DriverContext& port, int fd) {}
  virtual void Timeout(DriverContext& port) {}
  // A process monitored through MonitorProcess ended.
  virtual void ProcessExit(DriverContext& port, MonitorRef ref, Term pid, Term reason) {}
  // The port is closing: last chance to push out what the driver holds
  // (before Stop).
  virtual void Flush(DriverContext& port) {}
  // Soft-busy drivers accept port_command(..., [force]) while busy.
  virtual bool soft_busy() const { return false; }
  // The operating system's process behind the port (port_info's os_pid),
  // if there is one. Port lock held.
  virtual std::optional<int64_t> os_pid() const { return std::nullopt; }
};

using DriverFactory = absl::AnyInvocable<std::unique_ptr<Driver>(std::string_view args)>;

}  // namespace ling

#endif  // LING_PORTS_DRIVER_H_
