// Host: what the interpreter and its BIFs need from the system around
// them -- the code server, to load a module on its first call (the
// error_handler rule), and whoever embeds the emulator, to halt.
//
// Concurrency: called from any scheduler thread, by the process running;
// implementations lock what they share.
#ifndef LING_EMULATOR_VM_HOST_H_
#define LING_EMULATOR_VM_HOST_H_

#include "ling/term.h"

namespace ling::vm {

class Host {
 public:
  // Loads `module` if it has no code yet; whether it has code now.
  virtual bool EnsureLoaded(Term module) = 0;
  // erlang:halt/1: the whole system stops with `status` (does not return
  // in a launcher; an embedding host decides).
  virtual void Halt(int status) = 0;

 protected:
  ~Host() = default;
};

}  // namespace ling::vm

#endif  // LING_EMULATOR_VM_HOST_H_
