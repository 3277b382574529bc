// IoVec: data as a sequence of byte segments, the way a sender gave it
// (BEAM's ErlIOVec): a command built from several pieces reaches a driver
// that writes with writev() without ever being copied into one buffer.
#ifndef LING_PORTS_IOVEC_H_
#define LING_PORTS_IOVEC_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace ling {

using ByteSpan = std::span<const uint8_t>;
using IoVec = std::span<const ByteSpan>;

inline ByteSpan AsBytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

inline size_t IoVecSize(IoVec iov) {
  size_t n = 0;
  for (ByteSpan s : iov)
    n += s.size();
  return n;
}

// The segments one after another, in one string.
inline std::string Flatten(IoVec iov) {
  std::string out;
  out.reserve(IoVecSize(iov));
  for (ByteSpan s : iov)
    out.append(reinterpret_cast<const char*>(s.data()), s.size());
  return out;
}

}  // namespace ling

#endif  // LING_PORTS_IOVEC_H_
