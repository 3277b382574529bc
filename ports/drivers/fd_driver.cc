#include "ports/drivers/fd_driver.h"

#include <fcntl.h>

#include "runtime/term/atoms.h"
#include "runtime/term/build.h"

namespace ling {
namespace {

// The port's I/O never blocks a scheduler: the descriptors go non-blocking.
absl::Status MakeNonBlocking(int fd) {
  int flags = fcntl(fd, F_GETFL);
  if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
    return absl::InvalidArgumentError("not an open descriptor");
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status FdDriver::Start(DriverContext& port) {
  absl::StatusOr<StreamIo> io = StreamIo::Create(spec_.framing);
  if (!io.ok()) return io.status();
  io_.emplace(std::move(*io));
  if (spec_.out >= 0) {
    if (absl::Status s = MakeNonBlocking(spec_.out); !s.ok()) return s;
  }
  if (spec_.in >= 0) {
    if (absl::Status s = MakeNonBlocking(spec_.in); !s.ok()) return s;
    absl::Status selected = port.Select(spec_.in, DriverContext::kSelectRead, true);
    // A regular file or /dev/null cannot be polled and is always readable:
    // it is read a chunk per timeout instead, as the poller would have.
    if (absl::IsInvalidArgument(selected)) {
      read_by_timer_ = true;
      port.SetTimer(0);
      return absl::OkStatus();
    }
    return selected;
  }
  return absl::OkStatus();
}

void FdDriver::Timeout(DriverContext& port) {
  if (read_by_timer_) ReadyInput(port, spec_.in);
}

void FdDriver::Output(DriverContext& port, std::span<const uint8_t> data) {
  io_->Write(port, spec_.out, data);
}

void FdDriver::ReadyOutput(DriverContext& port, int fd) {
  io_->OnWritable(port, fd);
}

void FdDriver::ReadyInput(DriverContext& port, int fd) {
  if (!io_->OnReadable(port, fd)) {
    if (read_by_timer_) port.SetTimer(0);
    return;
  }
  if (spec_.eof) {
    port.Send(port.owner(), MakeTuple(port.scratch(), {port.port(), atoms::kEof}));
  } else {
    port.Exit(atoms::kNormal);
  }
}

}  // namespace ling
