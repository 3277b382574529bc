#include "ports/framing/packet.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

namespace ling::framing {

absl::Status ValidatePacketHeaderBytes(int header_bytes) {
  if (header_bytes == 1 || header_bytes == 2 || header_bytes == 4) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("packet header size must be 1, 2 or 4 bytes, got ", header_bytes));
}

uint64_t MaxPayloadForHeader(int header_bytes) {
  return (uint64_t{1} << (8 * header_bytes)) - 1;
}

absl::Status AppendPacket(int header_bytes, absl::string_view payload, std::string* out) {
  if (absl::Status status = ValidatePacketHeaderBytes(header_bytes); !status.ok()) return status;
  if (payload.size() > MaxPayloadForHeader(header_bytes)) {
    return absl::InvalidArgumentError(
        absl::StrCat("payload of ", payload.size(), " bytes does not fit a ", header_bytes,
                     "-byte packet header (max ", MaxPayloadForHeader(header_bytes), ")"));
  }
  for (int shift = 8 * (header_bytes - 1); shift >= 0; shift -= 8) {
    out->push_back(static_cast<char>((payload.size() >> shift) & 0xff));
  }
  out->append(payload.data(), payload.size());
  return absl::OkStatus();
}

absl::StatusOr<std::string> EncodePacket(int header_bytes, absl::string_view payload) {
  std::string out;
  if (absl::Status status = AppendPacket(header_bytes, payload, &out); !status.ok()) return status;
  return out;
}

absl::StatusOr<PacketDecoder> PacketDecoder::Create(int header_bytes, size_t max_packet_size) {
  if (absl::Status status = ValidatePacketHeaderBytes(header_bytes); !status.ok()) return status;
  if (max_packet_size == 0) {
    return absl::InvalidArgumentError("max packet size must be positive");
  }
  return PacketDecoder(header_bytes, max_packet_size);
}

absl::Status PacketDecoder::Feed(absl::string_view bytes, std::vector<std::string>* packets) {
  if (!error_.ok()) return error_;
  while (!bytes.empty()) {
    if (header_have_ < header_bytes_) {
      header_[header_have_++] = static_cast<unsigned char>(bytes.front());
      bytes.remove_prefix(1);
      if (header_have_ < header_bytes_) continue;
      body_size_ = 0;
      for (int i = 0; i < header_bytes_; ++i)
        body_size_ = (body_size_ << 8) | header_[i];
      if (body_size_ > max_packet_size_) {
        error_ = absl::InvalidArgumentError(absl::StrCat(
            "packet length ", body_size_, " exceeds the limit of ", max_packet_size_, " bytes"));
        return error_;
      }
    }
    // Copy no more than arrived: memory follows the data, not the prefix.
    size_t take = std::min<uint64_t>(body_size_ - body_.size(), bytes.size());
    if (body_.empty() && take == body_size_) {
      packets->emplace_back(bytes.substr(0, take));  // whole body in this chunk
    } else {
      body_.append(bytes.data(), take);
      if (body_.size() < body_size_) return absl::OkStatus();  // take was all of bytes
      packets->push_back(std::move(body_));
      body_.clear();
    }
    bytes.remove_prefix(take);
    header_have_ = 0;
  }
  return absl::OkStatus();
}

absl::Status PacketDecoder::Finish() {
  if (!error_.ok()) return error_;
  size_t dropped = pending_bytes();
  header_have_ = 0;
  body_.clear();
  if (dropped == 0) return absl::OkStatus();
  return absl::DataLossError(
      absl::StrCat("end of stream inside a packet: ", dropped, " bytes dropped"));
}

}  // namespace ling::framing
