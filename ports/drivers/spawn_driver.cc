#include "ports/drivers/spawn_driver.h"

#include "runtime/term/atoms.h"
#include "runtime/term/build.h"

namespace ling {

absl::Status SpawnDriver::Start(DriverContext& port) {
  absl::StatusOr<StreamIo> io = StreamIo::Create(spec_.framing);
  if (!io.ok()) return io.status();
  io_.emplace(std::move(*io));
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
  if (program_.has_value()) io_->Write(port, program_->to_child(), data);
}

void SpawnDriver::ReadyOutput(DriverContext& port, int fd) {
  if (program_.has_value() && fd == program_->to_child()) io_->OnWritable(port, fd);
}

void SpawnDriver::ReadyInput(DriverContext& port, int fd) {
  if (!program_.has_value()) return;
  if (fd == program_->from_child()) {
    // A last partial line stays in io_ until MaybeFinish: it must follow
    // exit_status.
    if (!io_->ReadAvailable(port, fd)) return;
    output_done_ = true;
    MaybeFinish(port);
  } else if (fd == program_->exit_fd()) {
    exit_status_ = program_->TryWait();
    if (exit_status_.has_value()) {
      port.Select(fd, DriverContext::kSelectRead, false).IgnoreError();
      MaybeFinish(port);
    }
  }
}

// BEAM's order at the end: {exit_status, N} (once the program ended and its
// output was read), then the last partial line, then eof or the close --
// with exit_status, all three wait for the exit.
void SpawnDriver::MaybeFinish(DriverContext& port) {
  if (finished_ || !output_done_) return;
  if (spec_.exit_status && !exit_status_.has_value()) return;  // its exit is still to come
  finished_ = true;
  if (spec_.exit_status) SendExitStatus(port);
  io_->FinishInput(port);
  if (spec_.eof) {
    port.Send(port.owner(), MakeTuple(port.scratch(), {port.port(), atoms::kEof}));
  } else {
    port.Exit(atoms::kNormal);
  }
}

void SpawnDriver::SendExitStatus(DriverContext& port) {
  Heap& h = port.scratch();
  Term status = MakeTuple(h, {atoms::kExitStatus, MakeSmall(*exit_status_)});
  port.Send(port.owner(), MakeTuple(h, {port.port(), status}));
}

}  // namespace ling
