// WriteFully: writes all of `data` to `fd`, also when the descriptor is
// non-blocking -- standard output is, once an fd port (Erlang's `user`)
// shares it -- by waiting for it to drain (poll) instead of losing bytes.
//
// Concurrency: callers that must not interleave their writes hold a lock
// of their own around the call.
#ifndef LING_RUNTIME_BASE_WRITE_FULLY_H_
#define LING_RUNTIME_BASE_WRITE_FULLY_H_

#include <string_view>

namespace ling {

// False if the descriptor fails (closed, EPIPE...); what was written stays.
bool WriteFully(int fd, std::string_view data);

}  // namespace ling

#endif  // LING_RUNTIME_BASE_WRITE_FULLY_H_
