#include "ports/drivers/spawn_driver.h"

#include <unistd.h>

#include <cerrno>

#include "runtime/term/atoms.h"
#include "runtime/term/build.h"

namespace ling {

absl::Status SpawnDriver::Start(DriverContext& port) {
  absl::StatusOr<Subprocess> started = Subprocess::Start(spec_.program);
  if (!started.ok()) return started.status();
  program_.emplace(std::move(*started));
  absl::Status s = port.Select(program_->from_child(), DriverContext::kSelectRead, true);
  if (s.ok()) s = port.Select(program_->exit_fd(), DriverContext::kSelectRead, true);
  return s;
}

void SpawnDriver::Stop(DriverContext&) {
  // The port deselected everything before Stop; closing the pipes tells the
  // program its input ended.
  program_.reset();
}

void SpawnDriver::Output(DriverContext& port, std::span<const uint8_t> data) {
  if (!program_.has_value() || program_->to_child() < 0) return;
  pending_.append(reinterpret_cast<const char*>(data.data()), data.size());
  WritePending(port);
}

void SpawnDriver::WritePending(DriverContext& port) {
  int fd = program_->to_child();
  while (!pending_.empty()) {
    ssize_t n = write(fd, pending_.data(), pending_.size());
    if (n > 0) {
      pending_.erase(0, static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      port.Select(fd, DriverContext::kSelectWrite, true).IgnoreError();
      if (pending_.size() > kBusyBytes) port.SetBusy(true);
      return;
    }
    // EPIPE: the program closed its input. What it did not take is lost to
    // it, as with BEAM; the port lives on until its output ends.
    pending_.clear();
    break;
  }
  port.Select(fd, DriverContext::kSelectWrite, false).IgnoreError();
  port.SetBusy(false);
}

void SpawnDriver::ReadyOutput(DriverContext& port, int fd) {
  if (program_.has_value() && fd == program_->to_child()) WritePending(port);
}

void SpawnDriver::ReadyInput(DriverContext& port, int fd) {
  if (!program_.has_value()) return;
  if (fd == program_->from_child()) {
    ReadOutput(port);
  } else if (fd == program_->exit_fd()) {
    exit_status_ = program_->TryWait();
    if (exit_status_.has_value()) {
      port.Select(fd, DriverContext::kSelectRead, false).IgnoreError();
      MaybeFinish(port);
    }
  }
}

void SpawnDriver::ReadOutput(DriverContext& port) {
  int fd = program_->from_child();
  char buf[16 * 1024];
  for (int rounds = 0; rounds < 16; ++rounds) {  // bounded: the scheduler moves on
    ssize_t n = read(fd, buf, sizeof buf);
    if (n > 0) {
      port.OutputToOwner({reinterpret_cast<const uint8_t*>(buf), static_cast<size_t>(n)});
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    // End of output (or a read error, which ends it too).
    port.Select(fd, DriverContext::kSelectRead, false).IgnoreError();
    output_done_ = true;
    if (spec_.eof) port.Send(port.owner(), MakeTuple(port.scratch(), {port.port(), atoms::kEof}));
    MaybeFinish(port);
    return;
  }
}

void SpawnDriver::MaybeFinish(DriverContext& port) {
  if (finished_ || !output_done_) return;
  if (spec_.exit_status) {
    if (!exit_status_.has_value()) return;  // its exit is still to come
    Heap& h = port.scratch();
    port.Send(
        port.owner(),
        MakeTuple(h, {port.port(), MakeTuple(h, {atoms::kExitStatus, MakeSmall(*exit_status_)})}));
  }
  finished_ = true;
  if (!spec_.eof) port.Exit(atoms::kNormal);
}

}  // namespace ling
