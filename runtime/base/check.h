// LING_CHECK: invariant checks that stay on in every build mode (Debian's
// Abseil predates absl/log). A failed check prints where and why, then aborts:
// checks guard invariants, never user input (bad input gets an absl::Status).
//
//   LING_CHECK(queue.empty()) << "port " << id << " still has tasks";
#ifndef LING_RUNTIME_BASE_CHECK_H_
#define LING_RUNTIME_BASE_CHECK_H_

#include <sstream>

namespace ling::internal {

// Collects the message of a failed check; its destructor reports and aborts.
class CheckFailure {
 public:
  CheckFailure(const char* file, int line, const char* condition);
  [[noreturn]] ~CheckFailure();
  std::ostream& stream() { return message_; }

 private:
  std::ostringstream message_;
};

// Lets the macro below swallow the stream expression in a void context.
struct Voidify {
  void operator&(std::ostream&) {}
};

}  // namespace ling::internal

#define LING_CHECK(condition)                 \
  (condition) ? (void)0                       \
              : ::ling::internal::Voidify() & \
                    ::ling::internal::CheckFailure(__FILE__, __LINE__, #condition).stream()

#define LING_CHECK_OP(a, op, b) LING_CHECK((a)op(b)) << "(" << (a) << " vs " << (b) << ") "
#define LING_CHECK_EQ(a, b) LING_CHECK_OP(a, ==, b)
#define LING_CHECK_LT(a, b) LING_CHECK_OP(a, <, b)

#endif  // LING_RUNTIME_BASE_CHECK_H_
