// fd: a port on descriptors the program already has ({fd, In, Out}). Input
// from `in` reaches the owner as {Port, {data, Bytes}} (framed as asked);
// commands are written to `out`. At end of input the port closes, or with
// eof sends {Port, eof} and stays open. The descriptors are not closed by the
// port: they belong to whoever opened it. Either may be -1 (no input or no
// output). Input that cannot be polled (a regular file, /dev/null) is read
// a chunk per zero timeout.
#ifndef LING_PORTS_DRIVERS_FD_DRIVER_H_
#define LING_PORTS_DRIVERS_FD_DRIVER_H_

#include <optional>

#include "ports/driver.h"
#include "ports/drivers/stream_io.h"

namespace ling {

struct FdPortSpec {
  int in = -1;
  int out = -1;
  StreamFraming framing;
  bool eof = false;
};

class FdDriver final : public Driver {
 public:
  explicit FdDriver(FdPortSpec spec) : spec_(spec) {}

  absl::Status Start(DriverContext& port) override;
  void Output(DriverContext& port, std::span<const uint8_t> data) override;
  void ReadyInput(DriverContext& port, int fd) override;
  void ReadyOutput(DriverContext& port, int fd) override;
  void Timeout(DriverContext& port) override;

 private:
  FdPortSpec spec_;
  bool read_by_timer_ = false;  // `in` cannot be polled (a file, /dev/null)
  std::optional<StreamIo> io_;
};

}  // namespace ling

#endif  // LING_PORTS_DRIVERS_FD_DRIVER_H_
