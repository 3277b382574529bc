#include "ports/drivers/spawn_driver.h"

#include <unistd.h>

#include <cerrno>

#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/binary.h"
#include "runtime/term/build.h"

namespace ling {

absl::Status SpawnDriver::Start(DriverContext& port) {
  if (spec_.packet != 0 && spec_.line != 0) {
    return absl::InvalidArgumentError("packet and line framing exclude each other");
  }
  if (spec_.packet != 0) {
    absl::StatusOr<framing::PacketDecoder> d = framing::PacketDecoder::Create(spec_.packet);
    if (!d.ok()) return d.status();
    packets_.emplace(std::move(*d));
  }
  if (spec_.line != 0) {
    absl::StatusOr<framing::LineDecoder> d = framing::LineDecoder::Create(spec_.line);
    if (!d.ok()) return d.status();
    lines_.emplace(std::move(*d));
  }
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
  absl::string_view bytes(reinterpret_cast<const char*>(data.data()), data.size());
  if (packets_.has_value()) {
    if (!framing::AppendPacket(spec_.packet, bytes, &pending_).ok()) {
      port.Exit(InternAtom("einval"));  // too long for the packet header
      return;
    }
  } else {
    pending_.append(bytes.data(), bytes.size());
  }
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
      Deliver(port, std::string_view(buf, static_cast<size_t>(n)));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    // End of output (or a read error, which ends it too). A last line
    // without newline still arrives ({noeol, Data}); an incomplete packet
    // does not (as in BEAM).
    port.Select(fd, DriverContext::kSelectRead, false).IgnoreError();
    if (lines_.has_value()) {
      std::vector<framing::LineRecord> records;
      lines_->Finish(&records);
      DeliverLines(port, records);
    }
    if (packets_.has_value()) packets_->Finish().IgnoreError();
    output_done_ = true;
    if (spec_.eof) port.Send(port.owner(), MakeTuple(port.scratch(), {port.port(), atoms::kEof}));
    MaybeFinish(port);
    return;
  }
}

void SpawnDriver::Deliver(DriverContext& port, std::string_view bytes) {
  absl::string_view chunk(bytes.data(), bytes.size());
  if (packets_.has_value()) {
    std::vector<std::string> packets;
    absl::Status fed = packets_->Feed(chunk, &packets);
    for (const std::string& p : packets) {
      port.OutputToOwner({reinterpret_cast<const uint8_t*>(p.data()), p.size()});
    }
    if (!fed.ok()) port.Exit(InternAtom("einval"));  // a hostile length prefix
    return;
  }
  if (lines_.has_value()) {
    std::vector<framing::LineRecord> records;
    lines_->Feed(chunk, &records);
    DeliverLines(port, records);
    return;
  }
  port.OutputToOwner({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
}

void SpawnDriver::DeliverLines(DriverContext& port, std::vector<framing::LineRecord>& records) {
  static const Term kEol = InternAtom("eol");
  static const Term kNoeol = InternAtom("noeol");
  for (const framing::LineRecord& r : records) {
    Heap& h = port.scratch();
    Term line = MakeTuple(h, {r.eol ? kEol : kNoeol, MakeBinary(h, std::string_view(r.data))});
    port.Send(port.owner(), MakeTuple(h, {port.port(), MakeTuple(h, {atoms::kData, line})}));
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
