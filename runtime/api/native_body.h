// NativeBody: runs a C++20 coroutine (ling::Task) as a process body.
#ifndef LING_RUNTIME_API_NATIVE_BODY_H_
#define LING_RUNTIME_API_NATIVE_BODY_H_

#include "ling/native.h"
#include "runtime/core/process_body.h"

namespace ling {

class NativeBody final : public ProcessBody {
 public:
  explicit NativeBody(ProcessFunction fn) : fn_(std::move(fn)), context_(nullptr) {}

  BodyOutcome Resume(Process& p) override;

 private:
  ProcessFunction fn_;  // kept alive: the coroutine may refer to its captures
  Context context_;
  Task task_;
};

}  // namespace ling

#endif  // LING_RUNTIME_API_NATIVE_BODY_H_
