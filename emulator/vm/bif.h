// Built-in functions: C++ functions the interpreter calls with their
// arguments. A BIF returns its result, or kNonValue after setting `error`
// (the exception reason) and `error_class` (error, exit or throw) in its
// context.
//
// Allocation: a BIF builds its terms with runtime/term's builders on
// `memory`, a TermAllocator that never collects, so its arguments and what
// it built stay where they are until it returns. (The interpreter collects
// afterwards if the results went into overflow chunks.)
//
// Concurrency: a BIF runs on the thread running its process and touches only
// that process's memory.
#ifndef LING_EMULATOR_VM_BIF_H_
#define LING_EMULATOR_VM_BIF_H_

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>

#include "absl/status/statusor.h"
#include "emulator/vm/host.h"
#include "emulator/vm/process_context.h"
#include "emulator/vm/process_memory.h"
#include "ling/term.h"
#include "runtime/term/atoms.h"

namespace ling::vm {

struct BifContext {
  ProcessMemory& memory;
  Host* host = nullptr;               // nullptr outside a running system (unit tests)
  Term self = kNonValue;              // the calling process's pid
  ProcessContext* process = nullptr;  // nullptr outside a running system
  // The instruction calling the BIF (nullptr outside the interpreter): its
  // function is process_info's current_function.
  const Word* pc = nullptr;
  // The return address when the caller has no frame (a tail call), else
  // nullptr: with `pc`, where process_info's current_stacktrace starts.
  const Word* cp = nullptr;
  Term error = kNonValue;
  Term error_class = atoms::kError;
  // A raw stacktrace to raise with (erlang:raise/2,3); kNonValue: a new one.
  Term error_trace = kNonValue;

  // Set by TrapTo: a BIF that hands its work to Erlang code (BEAM's
  // BIF_TRAP, e.g. unicode's utf16 input) returns kNonValue with these set;
  // the interpreter then calls trap_module:trap_function(trap_args...) in
  // its place, as a tail call. Only BIFs called as functions may trap.
  Term trap_module = kNonValue;
  Term trap_function = kNonValue;
  std::array<Term, 3> trap_args{};
  uint32_t trap_arity = 0;

  // Set by a BIF that suspended its process (ProcessContext, e.g. a
  // command to a busy port) and returned kNonValue: the interpreter gives
  // the scheduler back and, once the process resumes, calls the BIF again
  // with the same arguments. Only BIFs called as functions may do this.
  bool call_again = false;

  // The reductions left in the process's time slice when a BIF called as a
  // function runs; what it leaves here is what the process has left after
  // it (clamped to 1 .. the slice: at 1, the next call yields). For
  // erlang:bump_reductions/1 and erts_debug's reds_left.
  int64_t reductions_left = 1;

  Term Fail(Term reason) { return Raise(atoms::kError, reason); }
  Term TrapTo(Term module, Term function, std::initializer_list<Term> args) {
    trap_module = module;
    trap_function = function;
    trap_arity = static_cast<uint32_t>(args.size());
    std::copy(args.begin(), args.end(), trap_args.begin());
    return kNonValue;
  }
  // A builder's result, or its failure raised: system_limit for a number
  // too large to represent, badarith for the rest.
  Term Result(const absl::StatusOr<Term>& built) {
    if (built.ok()) return *built;
    return Fail(built.status().code() == absl::StatusCode::kResourceExhausted ? atoms::kSystemLimit
                                                                              : atoms::kBadarith);
  }
  Term Raise(Term cls, Term reason) {
    error_class = cls;
    error = reason;
    return kNonValue;
  }
};

using BifFunction = Term (*)(BifContext& ctx, const Term* args);

struct BifEntry {
  const char* module;
  const char* name;
  int arity;
  BifFunction function;
};

// The BIFs of each source file: bif.cc (arithmetic, comparisons, tuples,
// exceptions), bif_system.cc (self, display, halt, time),
// bif_dictionary.cc (the process dictionary), bif_types.cc (type tests,
// number conversions, booleans, sizes), bif_convert.cc (terms to and from
// text and bytes, the external format), bif_tuple_list.cc (tuples, '++' and
// '--', the native lists functions), bif_hash.cc (phash, phash2),
// bif_maps.cc (the native maps functions), bif_binary.cc (the binary
// module, split_binary, binary_part), bif_unicode.cc
// (unicode:characters_to_list/binary, io's encodings), bif_math.cc (the
// math module), bif_unique.cc (make_ref, unique_integer), bif_code.cc
// (what is loaded and exported, module_info, make_fun, fun_info),
// bif_checksum.cc (crc32, adler32, md5), bif_process.cc (send, spawn,
// links, monitors, exit/2, trap_exit, registered names, group leaders),
// bif_port.cc (open_port, port_command, erts_internal's port requests),
// bif_persistent_term.cc (persistent_term),
// bif_os.cc (the environment, getpid, the file name encoding),
// bif_time.cc (the clocks and the calendar), bif_system_info.cc
// (system_info, system_flag), bif_statistics.cc (statistics, memory),
// bif_iovec.cc (iolist_to_iovec), bif_prim_file.cc (prim_file's
// NIFs: files and the file system), bif_prim_buffer.cc (prim_buffer's NIFs),
// bif_zlib.cc (zlib's NIFs), bif_erts_debug.cc (the VM inspection OTP's
// tests use: erts_debug:same/flat_size, erts_internal:cmp_term/term_type),
// bif_dtrace.cc (the DTrace tags, as without DTrace), bif_process_info.cc
// (process_info), bif_ets.cc (ETS tables and objects), bif_ets_select.cc
// (ETS's match specifications: select, match and kin), bif_id_text.cc
// (list_to_pid, list_to_port, list_to_ref), bif_code_loading.cc (loading,
// deleting and purging modules, the code path), bif_timer.cc (send_after,
// start_timer, cancel_timer, read_timer).
std::span<const BifEntry> CoreBifs();
std::span<const BifEntry> SystemBifs();
std::span<const BifEntry> DictionaryBifs();
std::span<const BifEntry> TypeBifs();
std::span<const BifEntry> ConvertBifs();
std::span<const BifEntry> TupleListBifs();
std::span<const BifEntry> HashBifs();
std::span<const BifEntry> MapBifs();
std::span<const BifEntry> BinaryBifs();
std::span<const BifEntry> UnicodeBifs();
std::span<const BifEntry> MathBifs();
std::span<const BifEntry> UniqueBifs();
std::span<const BifEntry> CodeBifs();
std::span<const BifEntry> CodeLoadingBifs();
std::span<const BifEntry> ChecksumBifs();
std::span<const BifEntry> ProcessBifs();
std::span<const BifEntry> PortBifs();
std::span<const BifEntry> PersistentTermBifs();
std::span<const BifEntry> OsBifs();
std::span<const BifEntry> TimeBifs();
std::span<const BifEntry> SystemInfoBifs();
std::span<const BifEntry> StatisticsBifs();
std::span<const BifEntry> IovecBifs();
std::span<const BifEntry> PrimFileBifs();
std::span<const BifEntry> PrimBufferBifs();
std::span<const BifEntry> ZlibBifs();
std::span<const BifEntry> ErtsDebugBifs();
std::span<const BifEntry> TimerBifs();
std::span<const BifEntry> DtraceBifs();
std::span<const BifEntry> ProcessInfoBifs();
std::span<const BifEntry> IdTextBifs();
std::span<const BifEntry> EtsBifs();
std::span<const BifEntry> EtsSelectBifs();
inline constexpr std::span<const BifEntry> (*kBifTables[])() = {
    CoreBifs,       SystemBifs,         DictionaryBifs, TypeBifs,      ConvertBifs,
    TupleListBifs,  HashBifs,           MapBifs,        BinaryBifs,    UnicodeBifs,
    MathBifs,       UniqueBifs,         CodeBifs,       ChecksumBifs,  ProcessBifs,
    PortBifs,       PersistentTermBifs, OsBifs,         PrimFileBifs,  PrimBufferBifs,
    DtraceBifs,     ProcessInfoBifs,    IdTextBifs,     TimeBifs,      SystemInfoBifs,
    StatisticsBifs, IovecBifs,          EtsBifs,        EtsSelectBifs, CodeLoadingBifs,
    ZlibBifs,       ErtsDebugBifs,      TimerBifs};

// The BIF implementing module:name/arity, or nullptr.
const BifEntry* FindBif(Term module, Term name, int arity);

// The arithmetic and comparison BIFs the interpreter also inlines for small
// integers: called on its slow path.
Term BifPlus(BifContext& ctx, const Term* args);
Term BifMinus(BifContext& ctx, const Term* args);

}  // namespace ling::vm

#endif  // LING_EMULATOR_VM_BIF_H_
