#include "runtime/api/native_body.h"

#include <exception>
#include <stdexcept>
#include <string>

#include "runtime/core/process.h"
#include "runtime/term/atoms.h"
#include "runtime/term/build.h"

namespace ling {
namespace {

std::string DescribeException(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    return ex.what();
  } catch (...) {
    return "unknown exception";
  }
}

}  // namespace

BodyOutcome NativeBody::Resume(Process& p) {
  if (!task_.handle()) {
    context_.process_ = &p;
    task_ = fn_(context_);
  }
  task_.handle().resume();
  if (task_.handle().done()) {
    if (std::exception_ptr e = task_.handle().promise().exception) {
      std::string what = DescribeException(e);
      Term reason = MakeTuple(p.heap(), {atoms::kNativeException, MakeBinary(p.heap(), what)});
      p.RequestExit(reason);
    }
    return BodyOutcome::kFinished;
  }
  return p.receiving() || p.suspended() ? BodyOutcome::kWaiting : BodyOutcome::kYielded;
}

}  // namespace ling
