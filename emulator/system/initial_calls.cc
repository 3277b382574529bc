#include "emulator/system/initial_calls.h"

#include <mutex>

#include "runtime/term/build.h"

namespace ling::emulator {

Term InitialCalls::Get(Term module, Term function, uint32_t arity) {
  Key key{module.raw(), function.raw(), arity};
  {
    std::shared_lock lock(mutex_);
    auto it = tuples_.find(key);
    if (it != tuples_.end()) return it->second;
  }
  std::unique_lock lock(mutex_);
  auto [it, inserted] = tuples_.try_emplace(key, kNonValue);
  if (inserted) it->second = MakeTuple(heap_, {module, function, MakeSmall(arity)});
  return it->second;
}

}  // namespace ling::emulator
