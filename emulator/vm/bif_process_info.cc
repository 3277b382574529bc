// erlang:process_info/1,2 and erts_internal's system task requests
// (garbage_collect of another process). What the interpreter keeps of a
// process (its dictionary, memory, current function) is read here; what
// the runtime keeps (mailbox, links, monitors, names) comes through
// ProcessContext::RuntimeInfo. Both are read only by the process's own
// thread: the items of the caller come at once; those of another process
// are asked of it with a request signal, as BEAM does -- the BIF checks
// its arguments and traps to ling_request:process_info/2, which sends the
// request and waits for the answer the target computes with the same code
// (process_info.h).
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "emulator/vm/bif.h"
#include "emulator/vm/bif_util.h"
#include "emulator/vm/code_index.h"
#include "emulator/vm/process_info.h"
#include "emulator/vm/stacktrace.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/bignum.h"
#include "runtime/term/binary.h"
#include "runtime/term/build.h"
#include "runtime/term/map.h"

namespace ling::vm {
namespace {

// BEAM's default, which ling's collector follows (process_memory.h).
constexpr int64_t kMinBinVheapSize = 46422;

struct InfoAtoms {
  Term registered_name = InternAtom("registered_name"), dictionary = InternAtom("dictionary"),
       heap_size = InternAtom("heap_size"), total_heap_size = InternAtom("total_heap_size"),
       stack_size = InternAtom("stack_size"), memory = InternAtom("memory"),
       binary = InternAtom("binary"), garbage_collection = InternAtom("garbage_collection"),
       error_handler = InternAtom("error_handler"), min_heap_size = InternAtom("min_heap_size"),
       min_bin_vheap_size = InternAtom("min_bin_vheap_size"),
       current_function = InternAtom("current_function"), suspending = InternAtom("suspending"),
       current_stacktrace = InternAtom("current_stacktrace"),
       current_location = InternAtom("current_location"),
       max_heap_size = InternAtom("max_heap_size"), fullsweep_after = InternAtom("fullsweep_after"),
       minor_gcs = InternAtom("minor_gcs"), size = InternAtom("size"), kill = InternAtom("kill"),
       error_logger = InternAtom("error_logger"),
       include_shared_binaries = InternAtom("include_shared_binaries"),
       status = InternAtom("status"), message_queue_len = InternAtom("message_queue_len"),
       links = InternAtom("links"), trap_exit = InternAtom("trap_exit"),
       priority = InternAtom("priority"), group_leader = InternAtom("group_leader"),
       reductions = InternAtom("reductions"), initial_call = InternAtom("initial_call"),
       all = InternAtom("all"), running = InternAtom("running"),
       process_info = InternAtom("process_info"), ling_request = InternAtom("ling_request"),
       garbage_collect = InternAtom("garbage_collect"), major = InternAtom("major"),
       minor = InternAtom("minor");
};
const InfoAtoms& A() {
  static const InfoAtoms atoms;
  return atoms;
}

Term SmallTuple(TermAllocator& out, Term item, int64_t value) {
  return MakeTuple(out, {item, MakeInteger(out, value)});
}

// The value of an item the interpreter keeps; kNonValue for other items.
Term InterpreterInfo(const ProcessInfoSource& source, Term item, TermAllocator& out) {
  const InfoAtoms& a = A();
  ProcessMemory& m = source.memory;
  if (item == a.dictionary) {
    std::vector<Term> pairs;
    const std::vector<Term>& d = m.dictionary();
    for (size_t i = 0; i + 1 < d.size(); i += 2)
      pairs.push_back(MakeTuple(out, {d[i], d[i + 1]}));
    return MakeList(out, pairs);
  }
  // BEAM's heap_size is the young generation's block, which the stack
  // shares; total_heap_size adds the old generation.
  if (item == a.heap_size) return MakeInteger(out, static_cast<int64_t>(m.block_words()));
  if (item == a.total_heap_size)
    return MakeInteger(out, static_cast<int64_t>(m.block_words() + m.old_block_words()));
  if (item == a.stack_size) return MakeInteger(out, static_cast<int64_t>(m.stack_words()));
  if (item == a.memory) {
    size_t words = m.block_words() + m.old_block_words() + m.dictionary().capacity();
    return MakeInteger(out, static_cast<int64_t>(words * sizeof(uint64_t) + sizeof(ProcessMemory)));
  }
  if (item == a.binary) {  // BEAM's {Id, Size, RefCount} per refc binary held
    std::vector<Term> binaries;
    m.ForEachProcBin([&](const uint64_t* procbin) {
      const BinaryData* data = RefcData(MakeBoxed(procbin));
      binaries.push_back(MakeTuple(
          out, {MakeInteger(out, static_cast<int64_t>(reinterpret_cast<uintptr_t>(data))),
                MakeInteger(out, static_cast<int64_t>(procbin[binary_words::kProcBinSize])),
                MakeInteger(out, data->refs())}));
    });
    return MakeList(out, binaries);
  }
  if (item == a.error_handler) return InternAtom("error_handler");
  if (item == a.min_heap_size) return MakeInteger(out, static_cast<int64_t>(m.min_heap_words()));
  if (item == a.min_bin_vheap_size) return MakeInteger(out, kMinBinVheapSize);
  if (item == a.garbage_collection) {
    const std::pair<Term, Term> limits[] = {{a.error_logger, atoms::kTrue},
                                            {a.include_shared_binaries, atoms::kFalse},
                                            {a.kill, atoms::kTrue},
                                            {a.size, MakeSmall(0)}};
    const Term settings[] = {
        MakeTuple(out, {a.max_heap_size, MakeMap(out, limits)}),
        SmallTuple(out, a.min_bin_vheap_size, kMinBinVheapSize),
        SmallTuple(out, a.min_heap_size, static_cast<int64_t>(m.min_heap_words())),
        SmallTuple(out, a.fullsweep_after, m.fullsweep_after()),
        SmallTuple(out, a.minor_gcs, m.minors_since_major())};
    return MakeList(out, settings);
  }
  if (item == a.current_function) {
    std::optional<CodeLocation> at;
    if (source.pc != nullptr && source.index != nullptr) at = source.index->Find(source.pc);
    if (!at) return atoms::kUndefined;
    return MakeTuple(out, {at->module, at->function, MakeSmall(at->arity)});
  }
  if (item == a.current_stacktrace || item == a.current_location) {
    if (source.pc == nullptr || source.index == nullptr) return kNonValue;
    Term frames = CurrentStacktrace(out, m, source.index, source.pc, source.cp);
    if (item == a.current_stacktrace) return frames;
    return IsList(frames) ? Head(frames) : atoms::kUndefined;
  }
  if (item == a.suspending) return kNil;
  return kNonValue;
}

// Every item process_info knows (an unknown one is badarg even for a
// process that is gone), and whether ling answers it for a live process
// (InterpreterInfo's, status and RuntimeInfo's; the others raise badarg).
struct KnownItem {
  const char* name;
  bool answered;
};
constexpr KnownItem kKnownItems[] = {{"async_dist", false},
                                     {"backtrace", false},
                                     {"binary", true},
                                     {"catchlevel", false},
                                     {"current_function", true},
                                     {"current_location", true},
                                     {"current_stacktrace", true},
                                     {"dictionary", true},
                                     {"error_handler", true},
                                     {"garbage_collection", true},
                                     {"garbage_collection_info", false},
                                     {"group_leader", true},
                                     {"heap_size", true},
                                     {"initial_call", true},
                                     {"links", true},
                                     {"last_calls", false},
                                     {"memory", true},
                                     {"message_queue_len", true},
                                     {"messages", true},
                                     {"min_heap_size", true},
                                     {"min_bin_vheap_size", true},
                                     {"monitored_by", true},
                                     {"monitors", true},
                                     {"message_queue_data", false},
                                     {"parent", false},
                                     {"priority", true},
                                     {"reductions", true},
                                     {"registered_name", true},
                                     {"sequential_trace_token", false},
                                     {"stack_size", true},
                                     {"status", true},
                                     {"suspending", true},
                                     {"total_heap_size", true},
                                     {"trace", false},
                                     {"trap_exit", true}};

// The atoms of the known items, or of the answered ones only.
absl::flat_hash_set<uint64_t> KnownItemAtoms(bool answered_only) {
  absl::flat_hash_set<uint64_t> set;
  for (const KnownItem& item : kKnownItems) {
    if (item.answered || !answered_only) set.insert(InternAtom(item.name).raw());
  }
  return set;
}

bool IsItem(Term item) {
  static const absl::flat_hash_set<uint64_t> kItems = KnownItemAtoms(false);
  return IsAtom(item) && kItems.contains(item.raw());
}

bool IsAnswered(Term item) {
  static const absl::flat_hash_set<uint64_t> kAnswered = KnownItemAtoms(true);
  return IsAtom(item) && kAnswered.contains(item.raw());
}

Term ItemValue(const ProcessInfoSource& source, Term item, TermAllocator& out) {
  if (item == A().status) return source.status;
  Term v = InterpreterInfo(source, item, out);
  if (v != kNonValue || source.process == nullptr) return v;
  return source.process->RuntimeInfo(item, out);
}

// Whether `spec` (an item, or a list of items that must be proper) holds
// only items `accept` takes.
template <class F>
bool EveryItem(Term spec, F accept) {
  if (!IsList(spec) && !IsNil(spec)) return accept(spec);
  for (; IsList(spec); spec = Tail(spec)) {
    if (!accept(Head(spec))) return false;
  }
  return IsNil(spec);
}

// nullopt: badarg; kNonValue inside: the process is gone (undefined).
std::optional<Term> Check(BifContext& ctx, Term pid) {
  if (!IsPid(pid) || ctx.process == nullptr) return std::nullopt;
  return ctx.process->IsProcessAlive(pid) ? pid : kNonValue;
}

// process_info of `pid` (alive) for `spec` (checked): answered now for the
// caller itself, else asked of the process (see the file comment).
Term Answer(BifContext& ctx, Term pid, Term spec) {
  const InfoAtoms& a = A();
  if (pid != ctx.self) return ctx.TrapTo(a.ling_request, a.process_info, {pid, spec});
  // As BEAM: what arrived before the call counts.
  ctx.process->TakeInSignals();
  const CodeIndex* index = ctx.host != nullptr ? ctx.host->code_index() : nullptr;
  ProcessInfoSource source{ctx.memory, ctx.process, index, ctx.pc, ctx.cp, a.running};
  Term answer = ProcessInfoAnswer(source, spec, ctx.memory);
  return answer != kNonValue ? answer : ctx.Fail(atoms::kBadarg);
}

Term BifProcessInfo2(BifContext& ctx, const Term* args) {
  std::optional<Term> pid = Check(ctx, args[0]);
  if (!pid) return ctx.Fail(atoms::kBadarg);
  if (*pid == kNonValue) {
    return EveryItem(args[1], IsItem) ? atoms::kUndefined : ctx.Fail(atoms::kBadarg);
  }
  if (!EveryItem(args[1], IsAnswered)) return ctx.Fail(atoms::kBadarg);
  return Answer(ctx, *pid, args[1]);
}

Term BifProcessInfo1(BifContext& ctx, const Term* args) {
  std::optional<Term> pid = Check(ctx, args[0]);
  if (!pid) return ctx.Fail(atoms::kBadarg);
  if (*pid == kNonValue) return atoms::kUndefined;
  return Answer(ctx, *pid, A().all);
}

// ling:request_process_info(Pid, Ref, Spec) (ling_request.erl): asks Pid
// for process_info(Pid, Spec); its answer {Ref, Answer}, or {Ref,
// undefined} when it is gone, comes as a message.
Term BifRequestProcessInfo(BifContext& ctx, const Term* args) {
  if (!IsPid(args[0]) || !IsReference(args[1]) || !ProcessInfoSpecAnswered(args[2]))
    return ctx.Fail(atoms::kBadarg);
  if (ctx.process == nullptr) return ctx.Fail(atoms::kNotsup);
  Term request = MakeTuple(ctx.memory, {A().process_info, args[1], args[2]});
  ctx.process->RequestProcess(args[0], request,
                              MakeTuple(ctx.memory, {args[1], atoms::kUndefined}));
  return atoms::kTrue;
}

// erts_internal:request_system_task(Pid, Prio, Request), as erlang.erl's
// garbage_collect/1,2 call it: the process answers {garbage_collect, ReqId,
// Type} with a message {garbage_collect, ReqId, true} once it has
// collected ({..., false} if it is gone). The priority is not used: the
// process answers when it next handles its signals. Other tasks: badarg.
Term BifRequestSystemTask(BifContext& ctx, const Term* args) {
  const InfoAtoms& a = A();
  Term request = args[2];
  if (!IsPid(args[0]) || !IsTuple(request) || TupleArity(request) != 3 ||
      TupleElement(request, 0) != a.garbage_collect ||
      (TupleElement(request, 2) != a.major && TupleElement(request, 2) != a.minor)) {
    return ctx.Fail(atoms::kBadarg);
  }
  if (ctx.process == nullptr) return ctx.Fail(atoms::kNotsup);
  Term gone = MakeTuple(ctx.memory, {a.garbage_collect, TupleElement(request, 1), atoms::kFalse});
  ctx.process->RequestProcess(args[0], request, gone);
  return atoms::kOk;
}

// erts_internal:garbage_collect(Type): erlang:garbage_collect/1,2 of the
// caller itself. A major collection for either type, as garbage_collect/0
// (the argument, an atom, is not live after the test).
Term BifGarbageCollect1(BifContext& ctx, const Term* args) {
  const InfoAtoms& a = A();
  if (args[0] != a.major && args[0] != a.minor) return ctx.Fail(atoms::kBadarg);
  ctx.memory.CollectMajor(nullptr, 0);
  return atoms::kTrue;
}

constexpr BifEntry kProcessInfoBifs[] = {
    {"erlang", "process_info", 1, BifProcessInfo1},
    {"erlang", "process_info", 2, BifProcessInfo2},
    {"ling", "request_process_info", 3, BifRequestProcessInfo},
    {"erts_internal", "request_system_task", 3, BifRequestSystemTask},
    {"erts_internal", "garbage_collect", 1, BifGarbageCollect1},
};

}  // namespace

bool ProcessInfoSpecAnswered(Term spec) {
  return spec == A().all || EveryItem(spec, IsAnswered);
}

Term ProcessInfoAnswer(const ProcessInfoSource& source, Term spec, TermAllocator& out) {
  const InfoAtoms& a = A();
  auto pair = [&](Term item) {
    Term value = ItemValue(source, item, out);
    return value == kNonValue ? kNonValue : MakeTuple(out, {item, value});
  };
  std::vector<Term> pairs;
  if (spec == a.all) {
    // erl's default items, registered_name first when there is a name.
    Term name = ItemValue(source, a.registered_name, out);
    if (name != kNil) pairs.push_back(MakeTuple(out, {a.registered_name, name}));
    for (Term item :
         {a.current_function, a.initial_call, a.status, a.message_queue_len, a.links, a.dictionary,
          a.trap_exit, a.error_handler, a.priority, a.group_leader, a.total_heap_size, a.heap_size,
          a.stack_size, a.reductions, a.garbage_collection, a.suspending}) {
      pairs.push_back(pair(item));
    }
    return MakeList(out, pairs);
  }
  if (!IsList(spec) && !IsNil(spec)) {
    // A lone registered_name with no name answers [], not a pair.
    if (spec == a.registered_name && ItemValue(source, spec, out) == kNil) return kNil;
    return pair(spec);
  }
  for (; IsList(spec); spec = Tail(spec)) {
    Term p = pair(Head(spec));
    if (p == kNonValue) return kNonValue;
    pairs.push_back(p);
  }
  return MakeList(out, pairs);
}

std::span<const BifEntry> ProcessInfoBifs() {
  return kProcessInfoBifs;
}

}  // namespace ling::vm
