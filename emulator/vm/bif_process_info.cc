// erlang:process_info/1,2. What the interpreter keeps of a process (its
// dictionary, memory, current function) is read here; what the runtime
// keeps (mailbox, links, monitors, names, status) comes through
// ProcessContext::RuntimeInfo. Another process's own state is read only by
// its own thread, so for another process only registered_name,
// group_leader and status are answered (and undefined once it is gone);
// other items raise badarg there. BEAM asks the other process with a
// signal and waits: that comes with issue 6.
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "emulator/vm/bif.h"
#include "emulator/vm/bif_util.h"
#include "emulator/vm/code_index.h"
#include "emulator/vm/stacktrace.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/bignum.h"
#include "runtime/term/build.h"
#include "runtime/term/map.h"

namespace ling::vm {
namespace {

// BEAM's defaults, which ling's collector follows (process_memory.h).
constexpr int64_t kMinHeapSize = 233;
constexpr int64_t kMinBinVheapSize = 46422;

struct InfoAtoms {
  Term registered_name = InternAtom("registered_name"), dictionary = InternAtom("dictionary"),
       heap_size = InternAtom("heap_size"), total_heap_size = InternAtom("total_heap_size"),
       stack_size = InternAtom("stack_size"), memory = InternAtom("memory"),
       garbage_collection = InternAtom("garbage_collection"),
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
       reductions = InternAtom("reductions"), initial_call = InternAtom("initial_call");
};
const InfoAtoms& A() {
  static const InfoAtoms atoms;
  return atoms;
}

Term SmallTuple(BifContext& ctx, Term item, int64_t value) {
  return MakeTuple(ctx.memory, {item, MakeInteger(ctx.memory, value)});
}

// The value of an item the interpreter keeps, for the calling process;
// kNonValue for other items.
Term InterpreterInfo(BifContext& ctx, Term item) {
  const InfoAtoms& a = A();
  ProcessMemory& m = ctx.memory;
  if (item == a.dictionary) {
    std::vector<Term> pairs;
    const std::vector<Term>& d = m.dictionary();
    for (size_t i = 0; i + 1 < d.size(); i += 2)
      pairs.push_back(MakeTuple(m, {d[i], d[i + 1]}));
    return MakeList(m, pairs);
  }
  // BEAM's heap_size is the young generation's block, which the stack
  // shares; total_heap_size adds the old generation.
  if (item == a.heap_size) return MakeInteger(m, static_cast<int64_t>(m.block_words()));
  if (item == a.total_heap_size)
    return MakeInteger(m, static_cast<int64_t>(m.block_words() + m.old_block_words()));
  if (item == a.stack_size) return MakeInteger(m, static_cast<int64_t>(m.stack_words()));
  if (item == a.memory) {
    size_t words = m.block_words() + m.old_block_words() + m.dictionary().capacity();
    return MakeInteger(m, static_cast<int64_t>(words * sizeof(uint64_t) + sizeof(ProcessMemory)));
  }
  if (item == a.error_handler) return InternAtom("error_handler");
  if (item == a.min_heap_size) return MakeInteger(m, kMinHeapSize);
  if (item == a.min_bin_vheap_size) return MakeInteger(m, kMinBinVheapSize);
  if (item == a.garbage_collection) {
    const std::pair<Term, Term> limits[] = {{a.error_logger, atoms::kTrue},
                                            {a.include_shared_binaries, atoms::kFalse},
                                            {a.kill, atoms::kTrue},
                                            {a.size, MakeSmall(0)}};
    const Term settings[] = {MakeTuple(m, {a.max_heap_size, MakeMap(m, limits)}),
                             SmallTuple(ctx, a.min_bin_vheap_size, kMinBinVheapSize),
                             SmallTuple(ctx, a.min_heap_size, kMinHeapSize),
                             SmallTuple(ctx, a.fullsweep_after, m.fullsweep_after()),
                             SmallTuple(ctx, a.minor_gcs, m.minors_since_major())};
    return MakeList(m, settings);
  }
  const CodeIndex* index = ctx.host != nullptr ? ctx.host->code_index() : nullptr;
  if (item == a.current_function) {
    std::optional<CodeLocation> at;
    if (ctx.pc != nullptr && index != nullptr) at = index->Find(ctx.pc);
    if (!at) return atoms::kUndefined;
    return MakeTuple(m, {at->module, at->function, MakeSmall(at->arity)});
  }
  if (item == a.current_stacktrace || item == a.current_location) {
    if (ctx.pc == nullptr || index == nullptr) return kNonValue;
    Term frames = CurrentStacktrace(m, m, index, ctx.pc, ctx.cp);
    if (item == a.current_stacktrace) return frames;
    return IsList(frames) ? Head(frames) : atoms::kUndefined;
  }
  if (item == a.suspending) return kNil;
  return kNonValue;
}

// Every item process_info knows, answered here or not: an unknown one is
// badarg even for a process that is gone.
bool IsItem(Term item) {
  static const absl::flat_hash_set<uint64_t> kItems = [] {
    absl::flat_hash_set<uint64_t> items;
    for (const char* name : {"async_dist",
                             "backtrace",
                             "binary",
                             "catchlevel",
                             "current_function",
                             "current_location",
                             "current_stacktrace",
                             "dictionary",
                             "error_handler",
                             "garbage_collection",
                             "garbage_collection_info",
                             "group_leader",
                             "heap_size",
                             "initial_call",
                             "links",
                             "last_calls",
                             "memory",
                             "message_queue_len",
                             "messages",
                             "min_heap_size",
                             "min_bin_vheap_size",
                             "monitored_by",
                             "monitors",
                             "message_queue_data",
                             "parent",
                             "priority",
                             "reductions",
                             "registered_name",
                             "sequential_trace_token",
                             "stack_size",
                             "status",
                             "suspending",
                             "total_heap_size",
                             "trace",
                             "trap_exit"})
      items.insert(InternAtom(name).raw());
    return items;
  }();
  return IsAtom(item) && kItems.contains(item.raw());
}

// The value of `item` for `pid` (alive); kNonValue: badarg (an unknown
// item, or one ling does not answer; see the file comment).
Term ItemValue(BifContext& ctx, Term pid, Term item) {
  if (!IsItem(item)) return kNonValue;
  if (pid == ctx.self) {
    Term v = InterpreterInfo(ctx, item);
    if (v != kNonValue) return v;
  }
  return ctx.process->RuntimeInfo(pid, item, ctx.memory);
}

// nullopt: badarg; kNonValue inside: the process is gone (undefined).
std::optional<Term> Check(BifContext& ctx, Term pid) {
  if (!IsPid(pid) || ctx.process == nullptr) return std::nullopt;
  return ctx.process->IsProcessAlive(pid) ? pid : kNonValue;
}

Term BifProcessInfo2(BifContext& ctx, const Term* args) {
  std::optional<Term> pid = Check(ctx, args[0]);
  if (!pid) return ctx.Fail(atoms::kBadarg);
  auto pair = [&](Term item, Term value) {
    return value == kNonValue ? kNonValue : MakeTuple(ctx.memory, {item, value});
  };
  if (!IsList(args[1]) && !IsNil(args[1])) {
    if (*pid == kNonValue) return IsItem(args[1]) ? atoms::kUndefined : ctx.Fail(atoms::kBadarg);
    Term value = ItemValue(ctx, *pid, args[1]);
    // A lone registered_name with no name answers [], not a pair.
    if (args[1] == A().registered_name && value == kNil) return kNil;
    Term p = pair(args[1], value);
    return p != kNonValue ? p : ctx.Fail(atoms::kBadarg);
  }
  std::vector<Term> pairs;
  Term items = args[1];
  for (; IsList(items); items = Tail(items)) {
    if (!IsItem(Head(items))) return ctx.Fail(atoms::kBadarg);
    if (*pid == kNonValue) continue;
    Term p = pair(Head(items), ItemValue(ctx, *pid, Head(items)));
    if (p == kNonValue) return ctx.Fail(atoms::kBadarg);
    pairs.push_back(p);
  }
  if (!IsNil(items)) return ctx.Fail(atoms::kBadarg);
  return *pid == kNonValue ? atoms::kUndefined : MakeList(ctx.memory, pairs);
}

// process_info/1: erl's default items, registered_name first when there is
// a name.
Term BifProcessInfo1(BifContext& ctx, const Term* args) {
  const InfoAtoms& a = A();
  std::optional<Term> pid = Check(ctx, args[0]);
  if (!pid) return ctx.Fail(atoms::kBadarg);
  if (*pid == kNonValue) return atoms::kUndefined;
  if (*pid != ctx.self) return ctx.Fail(atoms::kBadarg);  // see the file comment
  std::vector<Term> pairs;
  Term name = ItemValue(ctx, *pid, a.registered_name);
  if (name != kNil) pairs.push_back(MakeTuple(ctx.memory, {a.registered_name, name}));
  for (Term item :
       {a.current_function, a.initial_call, a.status, a.message_queue_len, a.links, a.dictionary,
        a.trap_exit, a.error_handler, a.priority, a.group_leader, a.total_heap_size, a.heap_size,
        a.stack_size, a.reductions, a.garbage_collection, a.suspending}) {
    pairs.push_back(MakeTuple(ctx.memory, {item, ItemValue(ctx, *pid, item)}));
  }
  return MakeList(ctx.memory, pairs);
}

constexpr BifEntry kProcessInfoBifs[] = {
    {"erlang", "process_info", 1, BifProcessInfo1},
    {"erlang", "process_info", 2, BifProcessInfo2},
};

}  // namespace

std::span<const BifEntry> ProcessInfoBifs() {
  return kProcessInfoBifs;
}

}  // namespace ling::vm
