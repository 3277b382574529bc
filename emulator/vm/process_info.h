// process_info's answers for one process, computed by that process's own
// thread from its interpreter state (memory, position in the code) and its
// runtime state (ProcessContext): by erlang:process_info/1,2 for the
// caller itself (bif_process_info.cc), and by an Erlang body answering
// another process's request between its runs (emulator/system/
// erlang_body.cc; runtime/core/process_body.h says why that point is safe).
//
// Concurrency: the thread running the process, while its state is
// consistent (inside a BIF, or between runs of the interpreter).
#ifndef LING_EMULATOR_VM_PROCESS_INFO_H_
#define LING_EMULATOR_VM_PROCESS_INFO_H_

#include "emulator/vm/code_index.h"
#include "emulator/vm/code_words.h"
#include "emulator/vm/process_context.h"
#include "emulator/vm/process_memory.h"
#include "ling/term.h"
#include "runtime/term/heap.h"

namespace ling::vm {

struct ProcessInfoSource {
  ProcessMemory& memory;     // read only: sizes, the dictionary
  ProcessContext* process;   // the runtime's items of the process itself
  const CodeIndex* index;    // nullptr: no current function
  const Word* pc = nullptr;  // where the process is (current_function...)
  const Word* cp = nullptr;  // its return address when it has no frame
  Term status = kNonValue;   // what status answers: running, waiting...
};

// What process_info's second argument may be for a live process: an item
// ling answers, a proper list of them, or the atom `all` (process_info/1's
// items).
bool ProcessInfoSpecAnswered(Term spec);

// process_info(Pid, Spec) of a live process, `spec` passing the check
// above: {Item, Value} for an item ([] for a lone registered_name without
// a name), the list of pairs for a list, erl's default items for `all`.
// Built on `out`; kNonValue if the source lacks what an item needs (no
// code position: outside the interpreter).
Term ProcessInfoAnswer(const ProcessInfoSource& source, Term spec, TermAllocator& out);

}  // namespace ling::vm

#endif  // LING_EMULATOR_VM_PROCESS_INFO_H_
