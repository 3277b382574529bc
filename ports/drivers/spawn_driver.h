// spawn: an external program as a port ({spawn, Cmd}, {spawn_executable,
// File}). Commands are written to the program's input; what it writes comes
// back to the owner as {Port, {data, Bytes}}; with exit_status the owner gets
// {Port, {exit_status, N}} once the program ended and its output was read;
// with eof, {Port, eof} at end of output instead of the port closing.
//
// All I/O is non-blocking through the port's selects: a scheduler never
// waits on the program. Output the program does not take at once is kept
// and written when its input is writable again; above kBusyBytes kept, the
// port is busy (command senders suspend), below it again, not.
#ifndef LING_PORTS_DRIVERS_SPAWN_DRIVER_H_
#define LING_PORTS_DRIVERS_SPAWN_DRIVER_H_

#include <optional>
#include <string>

#include "ports/driver.h"
#include "ports/drivers/subprocess.h"
#include "ports/framing/line_decoder.h"
#include "ports/framing/packet.h"

namespace ling {

struct SpawnPortSpec {
  SubprocessSpec program;
  bool exit_status = false;
  bool eof = false;
  // Framing (open_port options): {packet, N} with N = 1, 2 or 4, or
  // {line, L}; neither is stream. Both at once is InvalidArgument.
  int packet = 0;
  size_t line = 0;
};

class SpawnDriver final : public Driver {
 public:
  static constexpr size_t kBusyBytes = 64 * 1024;

  explicit SpawnDriver(SpawnPortSpec spec) : spec_(std::move(spec)) {}

  absl::Status Start(DriverContext& port) override;
  void Stop(DriverContext& port) override;
  void Output(DriverContext& port, std::span<const uint8_t> data) override;
  void ReadyInput(DriverContext& port, int fd) override;
  void ReadyOutput(DriverContext& port, int fd) override;

 private:
  void ReadOutput(DriverContext& port);
  // Hands bytes read from the program to the owner, framed.
  void Deliver(DriverContext& port, std::string_view bytes);
  void DeliverLines(DriverContext& port, std::vector<framing::LineRecord>& records);
  void WritePending(DriverContext& port);
  // After end of output and the program's exit: report and maybe close.
  void MaybeFinish(DriverContext& port);

  SpawnPortSpec spec_;
  std::optional<Subprocess> program_;
  std::optional<framing::PacketDecoder> packets_;
  std::optional<framing::LineDecoder> lines_;
  std::string pending_;  // input the program has not taken yet
  bool output_done_ = false;
  std::optional<int> exit_status_;
  bool finished_ = false;
};

}  // namespace ling

#endif  // LING_PORTS_DRIVERS_SPAWN_DRIVER_H_
