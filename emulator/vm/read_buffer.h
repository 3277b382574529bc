// ReadBuffer: prim_buffer's byte queue, which prim_file uses for read-ahead
// and read_line. Bytes join at the back and leave from the front.
//
// Concurrency: held by resource references (runtime/term/resource.h) that
// any process may hold; every operation takes the buffer's mutex. try_lock
// and unlock are prim_buffer's own advisory flag on top (an atomic), which
// its callers use to keep a buffer to one user at a time.
#ifndef LING_EMULATOR_VM_READ_BUFFER_H_
#define LING_EMULATOR_VM_READ_BUFFER_H_

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <span>
#include <vector>

#include "runtime/term/resource.h"

namespace ling::vm {

class ReadBuffer final : public Resource {
 public:
  // One count, owned by the caller.
  static ReadBuffer* Create() { return new ReadBuffer; }

  size_t size();
  void Append(std::span<const uint8_t> bytes);
  // Takes `n` bytes from the front; false (and nothing taken) when fewer
  // are queued.
  bool Take(size_t n, std::vector<uint8_t>* out);
  // A copy of every byte queued, which stay queued.
  std::vector<uint8_t> Peek();
  // The index of the first `byte` queued.
  std::optional<size_t> Find(uint8_t byte);
  // Whether the flag was free (and now is taken).
  bool TryLock() { return !locked_.exchange(true, std::memory_order_acquire); }
  // False if the flag was not taken.
  bool Unlock() { return locked_.exchange(false, std::memory_order_release); }

 private:
  ReadBuffer() = default;
  ~ReadBuffer() override = default;

  std::mutex mutex_;
  std::vector<uint8_t> bytes_;  // queued bytes are [front_, end)
  size_t front_ = 0;
  std::atomic<bool> locked_{false};
};

}  // namespace ling::vm

#endif  // LING_EMULATOR_VM_READ_BUFFER_H_
