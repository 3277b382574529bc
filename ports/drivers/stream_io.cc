#include "ports/drivers/stream_io.h"

#include <unistd.h>

#include <cerrno>

#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/binary.h"
#include "runtime/term/build.h"

namespace ling {

absl::StatusOr<StreamIo> StreamIo::Create(const StreamFraming& framing) {
  if (framing.packet != 0 && framing.line != 0) {
    return absl::InvalidArgumentError("packet and line framing exclude each other");
  }
  StreamIo io;
  io.packet_ = framing.packet;
  if (framing.packet != 0) {
    absl::StatusOr<framing::PacketDecoder> d = framing::PacketDecoder::Create(framing.packet);
    if (!d.ok()) return d.status();
    io.packets_.emplace(std::move(*d));
  }
  if (framing.line != 0) {
    absl::StatusOr<framing::LineDecoder> d = framing::LineDecoder::Create(framing.line);
    if (!d.ok()) return d.status();
    io.lines_.emplace(std::move(*d));
  }
  return io;
}

void StreamIo::Write(DriverContext& port, int fd, std::span<const uint8_t> data) {
  if (fd < 0) return;
  absl::string_view bytes(reinterpret_cast<const char*>(data.data()), data.size());
  if (packets_.has_value()) {
    if (!framing::AppendPacket(packet_, bytes, &pending_).ok()) {
      port.Exit(InternAtom("einval"));  // too long for the packet header
      return;
    }
  } else {
    pending_.append(bytes.data(), bytes.size());
  }
  WritePending(port, fd);
}

void StreamIo::OnWritable(DriverContext& port, int fd) {
  WritePending(port, fd);
}

void StreamIo::WritePending(DriverContext& port, int fd) {
  while (!pending_.empty()) {
    ssize_t n = write(fd, pending_.data(), pending_.size());
    if (n > 0) {
      pending_.erase(0, static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      port.Select(fd, DriverContext::kSelectWrite, true).IgnoreError();
      UpdateHeld(port);
      return;
    }
    // EPIPE: the reader went away. What it did not take is lost to it, as
    // with BEAM; the port lives on until its input ends.
    pending_.clear();
  }
  port.Select(fd, DriverContext::kSelectWrite, false).IgnoreError();
  UpdateHeld(port);
}

void StreamIo::UpdateHeld(DriverContext& port) {
  port.SetHeldOutput(pending_.size());
  const PortLimits& limits = port.port_queue_limits();
  bool busy = busy_ ? pending_.size() > limits.low : pending_.size() >= limits.high;
  if (limits.disabled) busy = false;
  if (busy != busy_) port.SetBusy(busy);
  busy_ = busy;
}

bool StreamIo::OnReadable(DriverContext& port, int fd) {
  if (!ReadAvailable(port, fd)) return false;
  FinishInput(port);
  return true;
}

bool StreamIo::ReadAvailable(DriverContext& port, int fd) {
  char buf[16 * 1024];
  for (int rounds = 0; rounds < 16; ++rounds) {  // bounded: the scheduler moves on
    ssize_t n = read(fd, buf, sizeof buf);
    if (n > 0) {
      Deliver(port, std::string_view(buf, static_cast<size_t>(n)));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return false;
    // End of input (a read error ends it too).
    port.Select(fd, DriverContext::kSelectRead, false).IgnoreError();
    return true;
  }
  return false;
}

void StreamIo::FinishInput(DriverContext& port) {
  if (lines_.has_value()) {
    std::vector<framing::LineRecord> records;
    lines_->Finish(&records);
    DeliverLines(port, records);
  }
  if (packets_.has_value()) packets_->Finish().IgnoreError();
}

void StreamIo::Deliver(DriverContext& port, std::string_view bytes) {
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

void StreamIo::DeliverLines(DriverContext& port, const std::vector<framing::LineRecord>& records) {
  static const Term kEol = InternAtom("eol");
  static const Term kNoeol = InternAtom("noeol");
  for (const framing::LineRecord& r : records) {
    Heap& h = port.scratch();
    Term data = port.DataTerm({reinterpret_cast<const uint8_t*>(r.data.data()), r.data.size()});
    Term line = MakeTuple(h, {r.eol ? kEol : kNoeol, data});
    port.Send(port.owner(), MakeTuple(h, {port.port(), MakeTuple(h, {atoms::kData, line})}));
  }
}

}  // namespace ling
