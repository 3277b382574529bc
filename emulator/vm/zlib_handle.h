// ZlibHandle: what zlib:open/0 returns -- a resource reference
// (runtime/term/resource.h) to a ZlibStream (zlib_stream.h) and the pid of
// its controlling process, the only process that may use it (as on erl:
// others get not_on_controlling_process). The stream ends when zlib:close/1
// closes it, or when the last term referring to it goes.
//
// Concurrency: the handle may sit in several processes, each on its own
// scheduler thread. One mutex covers the controller and the stream, held
// from the controller check to the end of the operation, so no two threads
// ever touch the z_stream at once, even across a handover
// (set_controlling_process) racing with a use.
#ifndef LING_EMULATOR_VM_ZLIB_HANDLE_H_
#define LING_EMULATOR_VM_ZLIB_HANDLE_H_

#include <mutex>

#include "absl/functional/function_ref.h"
#include "emulator/vm/zlib_stream.h"
#include "ling/term.h"
#include "runtime/term/resource.h"

namespace ling::vm {

class ZlibHandle final : public Resource {
 public:
  // One count, owned by the caller.
  static ZlibHandle* Create(Term controller) { return new ZlibHandle(controller); }

  // Runs op(stream) under the lock when `caller` controls the stream;
  // false (and nothing run) when it does not.
  bool Use(Term caller, absl::FunctionRef<void(ZlibStream&)> op) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (caller != controller_) return false;
    op(stream_);
    return true;
  }
  // Gives control to `controller`; false when `caller` does not have it.
  bool HandOver(Term caller, Term controller) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (caller != controller_) return false;
    controller_ = controller;
    return true;
  }

 private:
  explicit ZlibHandle(Term controller) : controller_(controller) {}
  ~ZlibHandle() override = default;

  std::mutex mutex_;
  Term controller_;  // a local pid: an immediate
  ZlibStream stream_;
};

}  // namespace ling::vm

#endif  // LING_EMULATOR_VM_ZLIB_HANDLE_H_
