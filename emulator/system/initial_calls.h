// InitialCalls: the {Module, Function, Arity} tuples that
// process_info(P, initial_call) answers, one per distinct call, kept for
// the emulator's life. Processes started the same way share one tuple, so
// an idle process keeps a single word for its initial call (100,000
// processes spawned from one fun: one tuple). The tuples live outside every
// process's memory, so collectors treat them as literals.
//
// The table grows only with distinct calls (module and function are atoms,
// which are never freed either).
//
// Concurrency: Get may be called from any thread; a call seen before is
// found under a shared lock.
#ifndef LING_EMULATOR_SYSTEM_INITIAL_CALLS_H_
#define LING_EMULATOR_SYSTEM_INITIAL_CALLS_H_

#include <cstdint>
#include <shared_mutex>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "ling/term.h"
#include "runtime/term/heap.h"

namespace ling::emulator {

class InitialCalls {
 public:
  // The tuple {module, function, arity}; module and function are atoms.
  Term Get(Term module, Term function, uint32_t arity);

 private:
  using Key = std::tuple<uint64_t, uint64_t, uint32_t>;
  std::shared_mutex mutex_;  // guards both
  absl::flat_hash_map<Key, Term> tuples_;
  Heap heap_;
};

}  // namespace ling::emulator

#endif  // LING_EMULATOR_SYSTEM_INITIAL_CALLS_H_
