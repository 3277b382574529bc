// The interpreter: runs an Erlang process's loaded code for one time slice.
// Direct threading: each instruction starts with its handler's address
// (HandlerAddress), and every handler ends by jumping to the next one.
//
// Concurrency: Run is called by the thread running the process; the Machine
// (x registers) belongs to that thread, the ErlangState to the process.
#ifndef LING_EMULATOR_VM_INTERPRETER_H_
#define LING_EMULATOR_VM_INTERPRETER_H_

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "emulator/loader/generic_code.h"
#include "emulator/vm/code_index.h"
#include "emulator/vm/code_words.h"
#include "emulator/vm/export_table.h"
#include "emulator/vm/host.h"
#include "emulator/vm/process_context.h"
#include "emulator/vm/process_memory.h"
#include "ling/term.h"

namespace ling::vm {

enum class Op : uint16_t {
#define LING_OP(name, operands) k##name,
#include "emulator/vm/instructions.def"
#undef LING_OP
  kCount
};

// The address that starts an instruction of `op` in loaded code.
Word HandlerAddress(Op op);

// A scheduler thread's registers, and the export table of the code it runs
// (apply and export funs look functions up there).
struct Machine {
  std::array<Term, loader::kMaxXRegisters> x{};
  std::array<double, loader::kMaxFloatRegisters> fr{};
  const ExportTable* exports = nullptr;
  const CodeIndex* code_index = nullptr;  // for stack traces
  Host* host = nullptr;                   // loads modules on first call; halts
};

// An Erlang process's machine state between slices.
struct ErlangState {
  ProcessMemory memory;
  const Word* pc = nullptr;
  const Word* cp = nullptr;
  std::vector<Term> saved_x;  // the live x registers while not running
  Term self = kNonValue;      // the process's pid
  // Its mailbox and signals; nullptr outside a running system (then the
  // mailbox is empty and a receive waits for ever).
  ProcessContext* process = nullptr;
  // Code the process runs next that belongs to no module: its first call
  // through an export entry (StartCall below), or a BIF call to make again
  // once the process resumes. One serves both: a retry replaces the code
  // the process has left (or the same call, when the first call is the BIF).
  std::array<Word, 3> call_stub{};
};

enum class RunOutcome {
  kYielded,   // out of reductions: Run again to continue
  kWaiting,   // in a receive (after ProcessContext::Wait), or suspended by a BIF (a busy
              // port): Run again when that is over
  kFinished,  // the first call returned: `value` is its result
  kError,     // an uncaught exception: `value` is the reason, `error_class` its class
};

struct RunResult {
  RunOutcome outcome;
  Term value;  // on the process heap (valid until the next Run)
  int reductions_used;
  Term error_class = kNonValue;  // kError: error or exit (an uncaught throw is error {nocatch, V})
  Term stacktrace = kNil;        // kError: [{M, F, ArityOrArgs, Location}] (stacktrace.h)
};

// Sets the process up to call `entry` with `args`; when that call returns,
// Run reports kFinished.
void StartCall(ErlangState& s, const Word* entry, std::span<const Term> args);
// The same through `function`'s export entry, as an external call: the
// module is loaded if it has no code yet, and a missing function raises
// undef in the process.
void StartCall(ErlangState& s, Export* function, std::span<const Term> args);

RunResult Run(ErlangState& s, Machine& m, int reductions);

}  // namespace ling::vm

#endif  // LING_EMULATOR_VM_INTERPRETER_H_
