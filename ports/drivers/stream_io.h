// StreamIo: the byte-stream half of the spawn and fd drivers -- framed,
// non-blocking writes with backpressure, and framed reads handed to the
// owner -- over two descriptors selected through the port.
//
// Used only from its driver's callbacks (under the port lock).
#ifndef LING_PORTS_DRIVERS_STREAM_IO_H_
#define LING_PORTS_DRIVERS_STREAM_IO_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "ports/driver.h"
#include "ports/framing/line_decoder.h"
#include "ports/framing/packet.h"

namespace ling {

// open_port framing: {packet, N} (N = 1, 2, 4), {line, L}, or stream.
struct StreamFraming {
  int packet = 0;
  size_t line = 0;
};

class StreamIo {
 public:
  // InvalidArgument for bad or conflicting framing.
  static absl::StatusOr<StreamIo> Create(const StreamFraming& framing);

  // Frames `data` and writes it to `fd`; what does not fit now is kept and
  // written when `fd` is writable (OnWritable). Kept bytes make the port
  // busy at the port's port_queue_limits().high and free again at .low.
  void Write(DriverContext& port, int fd, std::span<const uint8_t> data);
  void OnWritable(DriverContext& port, int fd);
  // Reads what `fd` has and sends it to the owner, framed. Returns true at
  // end of input: `fd` is then deselected and a last partial line sent.
  bool OnReadable(DriverContext& port, int fd);
  // As OnReadable, but at end of input the last partial line is kept until
  // FinishInput: a spawn port with exit_status reports the exit before it,
  // as BEAM does.
  bool ReadAvailable(DriverContext& port, int fd);
  // What end of input leaves: a last line without newline is sent
  // ({noeol, Data}); an incomplete packet is dropped (as BEAM).
  void FinishInput(DriverContext& port);

 private:
  StreamIo() = default;
  void WritePending(DriverContext& port, int fd);
  // Tells the port the bytes kept (SetHeldOutput) and sets it busy with
  // hysteresis on them (port_queue_limits).
  void UpdateHeld(DriverContext& port);
  void Deliver(DriverContext& port, std::string_view bytes);
  void DeliverLines(DriverContext& port, const std::vector<framing::LineRecord>& records);

  int packet_ = 0;
  std::optional<framing::PacketDecoder> packets_;
  std::optional<framing::LineDecoder> lines_;
  std::string pending_;  // written but not yet taken by the descriptor
  bool busy_ = false;    // we set the port busy
};

}  // namespace ling

#endif  // LING_PORTS_DRIVERS_STREAM_IO_H_
