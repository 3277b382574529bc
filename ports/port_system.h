// PortSystem: the ports of one runtime -- the port table, the driver
// registry, and the bridge that turns runtime signals addressed to a port
// (links, monitors, exits, `Port ! {Pid, {command, Data}}`) into port tasks.
//
// Thread safety: every method may be called from any thread; the raw Port
// pointers it hands out follow the node's thread-progress rules (see
// runtime/core/node.h). Create it after the Runtime and before any process
// uses ports; it detaches itself from the node when destroyed.
#ifndef LING_PORTS_PORT_SYSTEM_H_
#define LING_PORTS_PORT_SYSTEM_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "ling/runtime.h"
#include "ports/driver.h"
#include "ports/drivers/fd_driver.h"
#include "ports/drivers/spawn_driver.h"
#include "ports/port.h"
#include "runtime/core/node.h"
#include "runtime/entity/id_table.h"
#include "runtime/io/poller.h"

namespace ling {

struct PortSystemOptions {
  uint32_t max_ports = 1 << 16;
  // Port parallelism for every port: never execute a signal immediately.
  bool force_scheduling = false;
  // Pre-R16 BEAM, the baseline of the contention benchmarks: every signal
  // from a process or host thread takes the port lock (blocking) and runs
  // the driver synchronously in the sender; only I/O signals are scheduled.
  bool legacy = false;
};

struct PortOpenOptions {
  std::string args;               // handed to the driver factory
  PortLimits limits;              // busy_limits_msgq: the port's queue of commands
  PortLimits port_queue;          // busy_limits_port: the driver's own output queue
  bool force_scheduling = false;  // this port only
  bool binary = true;             // data to the owner as binaries; false: as lists (open_port)
};

class PortSystem final : public PortSignalSink {
 public:
  explicit PortSystem(Runtime& runtime, const PortSystemOptions& options = {});
  PortSystem(const PortSystem&) = delete;
  PortSystem& operator=(const PortSystem&) = delete;
  // Stops the runtime first (ports cannot outlive their PortSystem), unless
  // it was stopped already.
  ~PortSystem() override;

  // The PortSystem of the node, or nullptr if ports are not set up.
  static PortSystem* Of(Node& node);

  // Makes `name` available to Open. AlreadyExists if taken. The built-in
  // drivers (sink, echo) are registered at construction.
  absl::Status RegisterDriver(std::string_view name, DriverFactory factory);

  // Opens a port on driver `name`, owned by (and linked to) `owner`.
  // NotFound for an unknown driver, the driver's own error if it fails to
  // start, ResourceExhausted when the port table is full.
  absl::StatusOr<Term> Open(Term owner, std::string_view driver, const PortOpenOptions& options);
  // open_port({spawn, ...}): a port on an external program (spawn driver).
  absl::StatusOr<Term> OpenSpawn(Term owner, SpawnPortSpec spec, const PortOpenOptions& options);
  // open_port({fd, In, Out}): a port on existing descriptors (fd driver).
  absl::StatusOr<Term> OpenFd(Term owner, FdPortSpec spec, const PortOpenOptions& options);

  // Inside a protected section: the live port, or nullptr.
  Port* Lookup(Term port) { return IsPort(port) ? table_.Lookup(IdValue(port)) : nullptr; }
  Node& node() { return node_; }
  size_t port_count() const { return table_.size(); }
  size_t port_limit() const { return table_.capacity(); }
  // statistics(io): the bytes every port has sent its owner (input) and
  // taken in commands (output), since the start. Any thread.
  uint64_t io_input() const { return io_input_.load(std::memory_order_relaxed); }
  uint64_t io_output() const { return io_output_.load(std::memory_order_relaxed); }

  // erlang:ports/0: the open ports (a snapshot).
  std::vector<Term> Ports();
  // Output not yet out of the open ports: commands queued and bytes their
  // drivers hold (a snapshot, any thread). A halt that flushes waits for 0.
  size_t UnflushedBytes();
  // erlang:port_info/1's common items; NotFound for a closed port.
  // Beyond BEAM, queued_bytes against limits.high lets a sender see how
  // full the queue is without suspending.
  struct Info {
    Term owner;
    size_t queued_bytes;
    size_t peak_queued_bytes;  // the most ever queued at once
    bool busy;
    uint64_t suspensions;
    PortLimits limits;  // busy_limits_msgq
    bool parallelism;   // {parallelism, true}: forced scheduling
  };
  absl::StatusOr<Info> PortInfo(Term port);

  // PortSignalSink.
  bool DeliverToPort(uint64_t port_id, std::unique_ptr<Signal> signal) override;
  void StopThreads() override;
  void DestroyAll() override;

  // The I/O poller, started on first use. Aborts if the system refuses it an
  // epoll descriptor (out of descriptors at startup).
  io::Poller& poller();

  // For Port, at close: frees the object once no thread can reach it.
  void Retire(Port* port);
  // A port closed while it sits in a run queue waits for the scheduler
  // that pops it (RetireDeferred), or for DestroyAll if the runtime stops
  // first.
  void DeferRetire(Port* port);
  void RetireDeferred(Port* port);
  // Runs `free_fn` once no thread can reach what it frees.
  void RetireMemory(absl::AnyInvocable<void()> free_fn);

 private:
  friend class Port;
  Node& node_;
  const PortSystemOptions options_;
  IdTable<Port> table_;
  std::mutex drivers_mutex_;
  absl::flat_hash_map<std::string, DriverFactory> drivers_;  // guarded by drivers_mutex_
  std::atomic<size_t> unfreed_{0};
  std::atomic<uint64_t> io_input_{0};  // counted by Port, relaxed: a sum only
  std::atomic<uint64_t> io_output_{0};
  std::mutex deferred_mutex_;
  absl::flat_hash_set<Port*> deferred_;  // guarded by deferred_mutex_
  absl::StatusOr<Term> OpenWith(std::string_view name, Term owner, std::unique_ptr<Driver> driver,
                                const PortOpenOptions& options);
  // Poller thread: readiness of a selected fd becomes a task on its port.
  void OnReady(uint64_t cookie, uint32_t events);
  std::once_flag poller_once_;
  std::unique_ptr<io::Poller> poller_;
};

}  // namespace ling

#endif  // LING_PORTS_PORT_SYSTEM_H_
