// The production instance of BasicThreadProgress, compiled once here; the
// template (and its memory-order argument) lives in thread_progress.h.
#include "runtime/progress/thread_progress.h"

namespace ling {

template class BasicThreadProgress<StdAtomicPolicy>;

}  // namespace ling
