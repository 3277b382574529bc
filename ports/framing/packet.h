// {packet, N} framing of port data, as BEAM does it: every message is
// prefixed by its length as an N-byte big-endian unsigned integer, N = 1, 2
// or 4 (BEAM rejects other N with badarg).
//
// Concurrency: the free functions are pure. A PacketDecoder is a plain value
// with no internal locking: one thread at a time (the port's executor).
#ifndef LING_PORTS_FRAMING_PACKET_H_
#define LING_PORTS_FRAMING_PACKET_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace ling::framing {

// OK for N = 1, 2, 4; InvalidArgument otherwise.
absl::Status ValidatePacketHeaderBytes(int header_bytes);

// The largest payload an N-byte header can describe (255, 65535, 2^32 - 1).
uint64_t MaxPayloadForHeader(int header_bytes);

// Appends header + payload to *out. InvalidArgument for a bad N or a payload
// longer than the header can describe; *out is then unchanged.
absl::Status AppendPacket(int header_bytes, absl::string_view payload, std::string* out);
absl::StatusOr<std::string> EncodePacket(int header_bytes, absl::string_view payload);

// Splits a byte stream arriving in arbitrary chunks into packets. The result
// does not depend on where the chunks are cut.
class PacketDecoder {
 public:
  // A length prefix is untrusted input: a larger announced payload fails the
  // stream before anything is allocated for it.
  static constexpr size_t kDefaultMaxPacketSize = size_t{64} << 20;

  // InvalidArgument for a bad N or a zero limit.
  static absl::StatusOr<PacketDecoder> Create(int header_bytes,
                                              size_t max_packet_size = kDefaultMaxPacketSize);

  // Appends every packet completed by `bytes` to *packets (zero-length
  // packets included). If a length prefix exceeds the limit, the packets
  // before it are still appended, InvalidArgument is returned, and the
  // decoder stays failed: the stream cannot be resynchronised, so every later
  // Feed returns the same error.
  absl::Status Feed(absl::string_view bytes, std::vector<std::string>* packets);

  // End of stream. BEAM silently drops an incomplete trailing packet; this
  // drops it too but says so: DataLoss naming the bytes dropped, OK if there
  // were none. Resets the decoder for a new stream (a failed one stays
  // failed).
  absl::Status Finish();

  // Bytes of the incomplete packet held (header included).
  size_t pending_bytes() const { return header_have_ + body_.size(); }

 private:
  PacketDecoder(int header_bytes, size_t max_packet_size)
      : header_bytes_(header_bytes), max_packet_size_(max_packet_size) {}

  int header_bytes_;
  size_t max_packet_size_;
  unsigned char header_[4] = {};
  int header_have_ = 0;     // header bytes collected for the current packet
  uint64_t body_size_ = 0;  // announced length, valid once the header is complete
  std::string body_;        // body bytes collected so far
  absl::Status error_;      // sticky
};

}  // namespace ling::framing

#endif  // LING_PORTS_FRAMING_PACKET_H_
