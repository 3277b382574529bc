#include "emulator/vm/read_buffer.h"

#include <algorithm>

namespace ling::vm {

size_t ReadBuffer::size() {
  std::lock_guard<std::mutex> lock(mutex_);
  return bytes_.size() - front_;
}

void ReadBuffer::Append(std::span<const uint8_t> bytes) {
  std::lock_guard<std::mutex> lock(mutex_);
  // Taken bytes are dropped once they outnumber the queued ones, so the
  // vector never holds more than twice what is queued, plus the append.
  if (front_ > bytes_.size() - front_) {
    bytes_.erase(bytes_.begin(), bytes_.begin() + static_cast<ptrdiff_t>(front_));
    front_ = 0;
  }
  bytes_.insert(bytes_.end(), bytes.begin(), bytes.end());
}

bool ReadBuffer::Take(size_t n, std::vector<uint8_t>* out) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (bytes_.size() - front_ < n) return false;
  auto first = bytes_.begin() + static_cast<ptrdiff_t>(front_);
  if (out != nullptr) out->assign(first, first + static_cast<ptrdiff_t>(n));
  front_ += n;
  if (front_ == bytes_.size()) {
    bytes_.clear();
    front_ = 0;
  }
  return true;
}

std::vector<uint8_t> ReadBuffer::Peek() {
  std::lock_guard<std::mutex> lock(mutex_);
  return std::vector<uint8_t>(bytes_.begin() + static_cast<ptrdiff_t>(front_), bytes_.end());
}

std::optional<size_t> ReadBuffer::Find(uint8_t byte) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto first = bytes_.begin() + static_cast<ptrdiff_t>(front_);
  auto at = std::find(first, bytes_.end(), byte);
  if (at == bytes_.end()) return std::nullopt;
  return static_cast<size_t>(at - first);
}

}  // namespace ling::vm
