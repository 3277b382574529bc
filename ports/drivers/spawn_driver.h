// spawn: an external program as a port ({spawn, Cmd}, {spawn_executable,
// File}; SubprocessSpec::Shell builds the program for {spawn, Cmd}).
// Commands are written to the program's input; what it writes comes back to
// the owner as {Port, {data, Bytes}} (framed as asked); with exit_status the
// owner gets {Port, {exit_status, N}} once the program ended and its output
// was read; with eof, {Port, eof} at end of output instead of the port
// closing. As on BEAM, a last line without newline ({noeol, Data}) comes
// after exit_status and before eof or the close.
//
// All I/O is non-blocking through the port's selects (StreamIo): a scheduler
// never waits on the program.
#ifndef LING_PORTS_DRIVERS_SPAWN_DRIVER_H_
#define LING_PORTS_DRIVERS_SPAWN_DRIVER_H_

#include <optional>
#include <string>

#include "ports/driver.h"
#include "ports/drivers/stream_io.h"
#include "ports/drivers/subprocess.h"

namespace ling {

struct SpawnPortSpec {
  SubprocessSpec program;
  StreamFraming framing;
  bool exit_status = false;
  bool eof = false;
  // port_info's name: open_port's command or executable as given (empty:
  // the program's last argument).
  std::string name;
};

class SpawnDriver final : public Driver {
 public:
  explicit SpawnDriver(SpawnPortSpec spec) : spec_(std::move(spec)) {}

  absl::Status Start(DriverContext& port) override;
  void Stop(DriverContext& port) override;
  void Output(DriverContext& port, std::span<const uint8_t> data) override;
  void ReadyInput(DriverContext& port, int fd) override;
  void ReadyOutput(DriverContext& port, int fd) override;
  std::optional<int64_t> os_pid() const override {
    if (!program_.has_value()) return std::nullopt;
    return program_->pid();
  }

 private:
  // After end of output and (with exit_status) the program's exit: report
  // and maybe close.
  void MaybeFinish(DriverContext& port);
  void SendExitStatus(DriverContext& port);

  SpawnPortSpec spec_;
  std::optional<Subprocess> program_;
  std::optional<StreamIo> io_;
  bool output_done_ = false;
  std::optional<int> exit_status_;
  bool finished_ = false;
};

}  // namespace ling

#endif  // LING_PORTS_DRIVERS_SPAWN_DRIVER_H_
