// ETS: the native functions of stdlib's ets module (OTP's ets.erl keeps
// them as stubs; these BIFs are their bodies) -- tables and their objects.
// The match-specification functions are in bif_ets_select.cc.
//
// Every object is copied into the table (ets_table.h) and copied out into
// the caller's memory; errors are erl's: badarg for a table that is gone,
// not accessible, or the wrong kind for the call, and for bad arguments.
//
// Concurrency: see ets_access.h and ets_tables.h: each BIF holds one
// table's lock while it reads or writes it, and sends messages only after
// releasing it.
#include <algorithm>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <utility>
#include <vector>

#include "emulator/vm/bif.h"
#include "emulator/vm/bif_util.h"
#include "emulator/vm/ets_access.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/bignum.h"
#include "runtime/term/build.h"
#include "runtime/term/compare.h"
#include "runtime/term/copy.h"
#include "runtime/term/reference.h"

namespace ling::vm {
namespace {

struct EtsAtoms {
#define LING_ETS_ATOMS(X)                                 \
  X(kSet, "set")                                          \
  X(kOrderedSet, "ordered_set")                           \
  X(kBag, "bag")                                          \
  X(kDuplicateBag, "duplicate_bag")                       \
  X(kPublic, "public")                                    \
  X(kProtected, "protected")                              \
  X(kPrivate, "private")                                  \
  X(kNamedTable, "named_table")                           \
  X(kKeypos, "keypos")                                    \
  X(kHeir, "heir")                                        \
  X(kReadConcurrency, "read_concurrency")                 \
  X(kWriteConcurrency, "write_concurrency")               \
  X(kDecentralizedCounters, "decentralized_counters")     \
  X(kCompressed, "compressed")                            \
  X(kAuto, "auto")                                        \
  X(kId, "id")                                            \
  X(kMemory, "memory")                                    \
  X(kOwner, "owner")                                      \
  X(kName, "name")                                        \
  X(kNode, "node")                                        \
  X(kProtection, "protection")                            \
  X(kFixed, "fixed")                                      \
  X(kSafeFixed, "safe_fixed")                             \
  X(kSafeFixedMonotonicTime, "safe_fixed_monotonic_time") \
  X(kStats, "stats")                                      \
  X(kEndOfTable, "$end_of_table")                         \
  X(kEtsTransfer, "ETS-TRANSFER")                         \
  X(kNone, "none")
#define LING_ETS_ATOM_FIELD(name, text) Term name = InternAtom(text);
  LING_ETS_ATOMS(LING_ETS_ATOM_FIELD)
#undef LING_ETS_ATOM_FIELD
};
const EtsAtoms& A() {
  static const EtsAtoms* atoms = new EtsAtoms;
  return *atoms;
}

// The objects of a slot, copied into the caller's memory, in front of
// `tail`.
Term CopyObjects(BifContext& ctx, const std::vector<StoredTerm>& objects, Term tail = kNil) {
  for (size_t i = objects.size(); i > 0; --i)
    tail = MakeCons(ctx.memory, CopyTerm(objects[i - 1].term(), ctx.memory), tail);
  return tail;
}

// A key for the caller: kNonValue (the end) is '$end_of_table'.
Term KeyResult(BifContext& ctx, Term key) {
  return key == kNonValue ? A().kEndOfTable : CopyTerm(key, ctx.memory);
}

// ---- ets:new/2 ------------------------------------------------------------------------

std::optional<EtsOptions> ParseOptions(Term list) {
  const EtsAtoms& a = A();
  EtsOptions o;
  for (; IsList(list); list = Tail(list)) {
    Term t = Head(list);
    if (t == a.kSet) {
      o.type = EtsType::kSet;
    } else if (t == a.kOrderedSet) {
      o.type = EtsType::kOrderedSet;
    } else if (t == a.kBag) {
      o.type = EtsType::kBag;
    } else if (t == a.kDuplicateBag) {
      o.type = EtsType::kDuplicateBag;
    } else if (t == a.kPublic) {
      o.access = EtsAccess::kPublic;
    } else if (t == a.kProtected) {
      o.access = EtsAccess::kProtected;
    } else if (t == a.kPrivate) {
      o.access = EtsAccess::kPrivate;
    } else if (t == a.kNamedTable) {
      o.named = true;
    } else if (t == a.kCompressed) {
      o.compressed = true;
    } else if (IsTuple(t) && TupleArity(t) == 2) {
      Term k = TupleElement(t, 0), v = TupleElement(t, 1);
      bool boolean = v == atoms::kTrue || v == atoms::kFalse;
      if (k == a.kKeypos && IsSmall(v) && SmallValue(v) >= 1 && SmallValue(v) <= 0xffffff) {
        o.keypos = static_cast<uint32_t>(SmallValue(v));
      } else if (k == a.kHeir && v == a.kNone) {
        o.heir = kNonValue;
      } else if (k == a.kReadConcurrency && boolean) {
        o.read_concurrency = v == atoms::kTrue;
      } else if (k == a.kWriteConcurrency && (boolean || v == a.kAuto)) {
        o.write_concurrency = v != atoms::kFalse;
        o.write_concurrency_auto = v == a.kAuto;
      } else if (k == a.kDecentralizedCounters && boolean) {
        o.decentralized_counters = v == atoms::kTrue;
      } else {
        return std::nullopt;
      }
    } else if (IsTuple(t) && TupleArity(t) == 3 && TupleElement(t, 0) == a.kHeir &&
               IsPid(TupleElement(t, 1))) {
      o.heir = TupleElement(t, 1);
      o.heir_data = TupleElement(t, 2);
    } else {
      return std::nullopt;
    }
  }
  if (!IsNil(list)) return std::nullopt;
  return o;
}

Term BifNew(BifContext& ctx, const Term* args) {
  if (!IsAtom(args[0])) return ctx.Fail(atoms::kBadarg);
  std::optional<EtsOptions> options = ParseOptions(args[1]);
  if (!options) return ctx.Fail(atoms::kBadarg);
  std::shared_ptr<EtsTable> table = TablesOf(ctx).Create(args[0], ctx.self, *options);
  if (!table) return ctx.Fail(atoms::kBadarg);
  return options->named ? args[0] : MakeReference(ctx.memory, table->id());
}

// ---- deleting tables and objects ----------------------------------------------------

Term BifDelete1(BifContext& ctx, const Term* args) {
  std::shared_ptr<EtsTable> table;
  {
    WriteAccess t = LockForWrite(ctx, args[0]);
    if (!t) return ctx.Fail(atoms::kBadarg);
    table = t.table;
  }
  // A concurrent delete may win: the table is gone either way.
  TablesOf(ctx).Delete(*table);
  return atoms::kTrue;
}

Term BifDelete2(BifContext& ctx, const Term* args) {
  WriteAccess t = LockForWrite(ctx, args[0]);
  if (!t) return ctx.Fail(atoms::kBadarg);
  t->Erase(args[1]);
  return atoms::kTrue;
}

Term BifDeleteObject(BifContext& ctx, const Term* args) {
  WriteAccess t = LockForWrite(ctx, args[0]);
  if (!t || !t->IsObject(args[1])) return ctx.Fail(atoms::kBadarg);
  t->EraseObject(args[1]);
  return atoms::kTrue;
}

// ets:internal_delete_all/2 (delete_all_objects/1, select_delete's match
// of everything): how many objects went.
Term BifInternalDeleteAll(BifContext& ctx, const Term* args) {
  WriteAccess t = LockForWrite(ctx, args[0]);
  if (!t) return ctx.Fail(atoms::kBadarg);
  return MakeSmall(static_cast<int64_t>(t->Clear()));
}

Term BifTake(BifContext& ctx, const Term* args) {
  WriteAccess t = LockForWrite(ctx, args[0]);
  if (!t) return ctx.Fail(atoms::kBadarg);
  const std::vector<StoredTerm>* objects = t->Find(args[1]);
  if (objects == nullptr) return kNil;
  Term result = CopyObjects(ctx, *objects);
  t->Erase(args[1]);
  return result;
}

// ---- inserting --------------------------------------------------------------------------

// The objects of insert/2's argument (one, or a proper list of them), all
// checked first so that a bad one inserts none; false if any is bad. A
// bag takes a list's objects last first, as erl's does (its lookups show
// the order).
bool Objects(const EtsTable& table, Term arg, std::vector<Term>& out) {
  if (IsTuple(arg)) {
    out.push_back(arg);
    return table.IsObject(arg);
  }
  for (; IsList(arg); arg = Tail(arg)) {
    if (!table.IsObject(Head(arg))) return false;
    out.push_back(Head(arg));
  }
  if (table.type() == EtsType::kBag) std::reverse(out.begin(), out.end());
  return IsNil(arg);
}

Term BifInsert(BifContext& ctx, const Term* args) {
  WriteAccess t = LockForWrite(ctx, args[0]);
  std::vector<Term> objects;
  if (!t || !Objects(*t.table, args[1], objects)) return ctx.Fail(atoms::kBadarg);
  for (Term o : objects)
    t->Insert(o);
  return atoms::kTrue;
}

Term BifInsertNew(BifContext& ctx, const Term* args) {
  WriteAccess t = LockForWrite(ctx, args[0]);
  std::vector<Term> objects;
  if (!t || !Objects(*t.table, args[1], objects)) return ctx.Fail(atoms::kBadarg);
  for (Term o : objects) {
    if (t->Contains(t->KeyOf(o))) return atoms::kFalse;
  }
  for (Term o : objects)
    t->Insert(o);
  return atoms::kTrue;
}

// ---- reading ---------------------------------------------------------------------------

Term BifLookup(BifContext& ctx, const Term* args) {
  ReadAccess t = LockForRead(ctx, args[0]);
  if (!t) return ctx.Fail(atoms::kBadarg);
  const std::vector<StoredTerm>* objects = t->Find(args[1]);
  return objects == nullptr ? kNil : CopyObjects(ctx, *objects);
}

Term BifMember(BifContext& ctx, const Term* args) {
  ReadAccess t = LockForRead(ctx, args[0]);
  if (!t) return ctx.Fail(atoms::kBadarg);
  return Bool(t->Contains(args[1]));
}

Term BifLookupElement(BifContext& ctx, const Term* args) {
  ReadAccess t = LockForRead(ctx, args[0]);
  if (!t || !IsSmall(args[2]) || SmallValue(args[2]) < 1) return ctx.Fail(atoms::kBadarg);
  uint64_t pos = static_cast<uint64_t>(SmallValue(args[2]));
  const std::vector<StoredTerm>* objects = t->Find(args[1]);
  if (objects == nullptr) return ctx.Fail(atoms::kBadarg);
  for (const StoredTerm& o : *objects) {
    if (TupleArity(o.term()) < pos) return ctx.Fail(atoms::kBadarg);
  }
  if (!t->is_bag()) return CopyTerm(TupleElement(objects->front().term(), pos - 1), ctx.memory);
  std::vector<Term> elements;
  for (const StoredTerm& o : *objects)
    elements.push_back(CopyTerm(TupleElement(o.term(), pos - 1), ctx.memory));
  return MakeList(ctx.memory, elements);
}

// first/last/next/prev: a hash table's order has no reverse (erl's last
// is its first, prev its next), and next/prev of a key no longer in it
// fails unless the table is fixed (safe_fixtable/2), as in erl.
Term BifFirst(BifContext& ctx, const Term* args) {
  ReadAccess t = LockForRead(ctx, args[0]);
  if (!t) return ctx.Fail(atoms::kBadarg);
  return KeyResult(ctx, t->FirstKey());
}

Term BifLast(BifContext& ctx, const Term* args) {
  ReadAccess t = LockForRead(ctx, args[0]);
  if (!t) return ctx.Fail(atoms::kBadarg);
  return KeyResult(ctx, t->type() == EtsType::kOrderedSet ? t->LastKey() : t->FirstKey());
}

Term NextOrPrev(BifContext& ctx, const Term* args, bool next) {
  ReadAccess t = LockForRead(ctx, args[0]);
  if (!t) return ctx.Fail(atoms::kBadarg);
  if (t->type() != EtsType::kOrderedSet) {
    if (!t->fixed() && !t->Contains(args[1])) return ctx.Fail(atoms::kBadarg);
    next = true;
  }
  return KeyResult(ctx, next ? t->NextKey(args[1]) : t->PrevKey(args[1]));
}

Term BifNext(BifContext& ctx, const Term* args) {
  return NextOrPrev(ctx, args, true);
}

Term BifPrev(BifContext& ctx, const Term* args) {
  return NextOrPrev(ctx, args, false);
}

// slot/2: the I-th slot's objects (0-based) in the table's order,
// '$end_of_table' just past the last slot, badarg further on. An
// ordered_set has a slot per key; a hash table, like erl's, at least 256
// (a power of two), the ones past its keys empty.
Term BifSlot(BifContext& ctx, const Term* args) {
  ReadAccess t = LockForRead(ctx, args[0]);
  if (!t || !IsSmall(args[1]) || SmallValue(args[1]) < 0) return ctx.Fail(atoms::kBadarg);
  int64_t wanted = SmallValue(args[1]), i = 0;
  Term result = kNonValue;
  t->ForEach(kNonValue, false, [&](Term, const std::vector<StoredTerm>& objects) {
    if (i++ < wanted) return true;
    result = CopyObjects(ctx, objects);
    return false;
  });
  if (result != kNonValue) return result;
  int64_t slots = i;
  if (t->type() != EtsType::kOrderedSet) {
    slots = 256;
    while (slots < i)
      slots *= 2;
  }
  if (wanted < slots) return kNil;
  return wanted == slots ? A().kEndOfTable : ctx.Fail(atoms::kBadarg);
}

// ---- updating in place -------------------------------------------------------------------

// One {Pos, Incr} or {Pos, Incr, Threshold, SetValue} of update_counter.
struct CounterOp {
  uint64_t pos;  // 0-based
  Term incr;
  Term threshold = kNonValue, set_value = kNonValue;
};

std::optional<CounterOp> ParseCounterOp(const EtsTable& table, Term op, uint64_t arity) {
  auto is_integer = [](Term t) { return IsSmall(t) || IsBignum(t); };
  CounterOp c;
  if (is_integer(op)) {
    c = {table.keypos(), op};
  } else if (IsTuple(op) && (TupleArity(op) == 2 || TupleArity(op) == 4) &&
             IsSmall(TupleElement(op, 0)) && SmallValue(TupleElement(op, 0)) >= 1) {
    c.pos = static_cast<uint64_t>(SmallValue(TupleElement(op, 0))) - 1;
    c.incr = TupleElement(op, 1);
    if (TupleArity(op) == 4) {
      c.threshold = TupleElement(op, 2);
      c.set_value = TupleElement(op, 3);
      if (!is_integer(c.threshold) || !is_integer(c.set_value)) return std::nullopt;
    }
  } else {
    return std::nullopt;
  }
  if (!is_integer(c.incr) || c.pos >= arity || c.pos == table.keypos() - 1) return std::nullopt;
  return c;
}

// update_counter/3,4 (`default_object` kNonValue for /3).
Term UpdateCounter(BifContext& ctx, const Term* args, Term default_object) {
  WriteAccess t = LockForWrite(ctx, args[0]);
  if (!t || t->is_bag()) return ctx.Fail(atoms::kBadarg);
  Term key = args[1];
  const std::vector<StoredTerm>* found = t->Find(key);
  Term object;
  if (found != nullptr) {
    object = found->front().term();
  } else {
    if (default_object == kNonValue || !t->IsObject(default_object)) {
      return ctx.Fail(atoms::kBadarg);
    }
    object = default_object;
  }
  std::vector<Term> elements(TupleArity(object));
  for (size_t i = 0; i < elements.size(); ++i)
    elements[i] = TupleElement(object, i);
  // The default object takes the key asked for, as erl's does.
  if (found == nullptr) elements[t->keypos() - 1] = key;
  bool one = !IsList(args[2]) && !IsNil(args[2]);
  std::vector<Term> results;
  for (Term ops = args[2]; !IsNil(ops); ops = one ? kNil : Tail(ops)) {
    if (!one && !IsList(ops)) return ctx.Fail(atoms::kBadarg);
    std::optional<CounterOp> op = ParseCounterOp(*t.table, one ? ops : Head(ops), elements.size());
    if (!op || !(IsSmall(elements[op->pos]) || IsBignum(elements[op->pos]))) {
      return ctx.Fail(atoms::kBadarg);
    }
    const Term sum_args[] = {elements[op->pos], op->incr};
    Term sum = BifPlus(ctx, sum_args);
    if (sum == kNonValue) return kNonValue;
    if (op->threshold != kNonValue) {
      bool up = Compare(op->incr, MakeSmall(0)) >= 0;
      int c = Compare(sum, op->threshold);
      if (up ? c > 0 : c < 0) sum = op->set_value;
    }
    elements[op->pos] = sum;
    results.push_back(sum);
  }
  Term updated = MakeTuple(ctx.memory, elements);
  if (found != nullptr) {
    t->Replace(key, updated);
  } else {
    t->Insert(updated);
  }
  return one ? results.front() : MakeList(ctx.memory, results);
}

Term BifUpdateCounter3(BifContext& ctx, const Term* args) {
  return UpdateCounter(ctx, args, kNonValue);
}

Term BifUpdateCounter4(BifContext& ctx, const Term* args) {
  return UpdateCounter(ctx, args, args[3]);
}

Term BifUpdateElement(BifContext& ctx, const Term* args) {
  WriteAccess t = LockForWrite(ctx, args[0]);
  if (!t || t->is_bag()) return ctx.Fail(atoms::kBadarg);
  const std::vector<StoredTerm>* found = t->Find(args[1]);
  // The pairs are checked whether or not the key is there.
  std::vector<std::pair<uint64_t, Term>> updates;
  bool one = IsTuple(args[2]);
  for (Term list = args[2]; !IsNil(list); list = one ? kNil : Tail(list)) {
    if (!one && !IsList(list)) return ctx.Fail(atoms::kBadarg);
    Term pair = one ? list : Head(list);
    if (!IsTuple(pair) || TupleArity(pair) != 2 || !IsSmall(TupleElement(pair, 0)) ||
        SmallValue(TupleElement(pair, 0)) < 1) {
      return ctx.Fail(atoms::kBadarg);
    }
    uint64_t pos = static_cast<uint64_t>(SmallValue(TupleElement(pair, 0)));
    if (pos == t->keypos()) return ctx.Fail(atoms::kBadarg);
    updates.push_back({pos - 1, TupleElement(pair, 1)});
  }
  if (found == nullptr) return atoms::kFalse;
  Term object = found->front().term();
  std::vector<Term> elements(TupleArity(object));
  for (size_t i = 0; i < elements.size(); ++i)
    elements[i] = TupleElement(object, i);
  for (const auto& [pos, value] : updates) {
    if (pos >= elements.size()) return ctx.Fail(atoms::kBadarg);
    elements[pos] = value;
  }
  t->Replace(args[1], MakeTuple(ctx.memory, elements));
  return atoms::kTrue;
}

// ---- owners, names, options ---------------------------------------------------------------

Term BifGiveAway(BifContext& ctx, const Term* args) {
  Term to = args[1];
  if (!IsPid(to) || to == ctx.self || ctx.process == nullptr || !ctx.process->IsProcessAlive(to)) {
    return ctx.Fail(atoms::kBadarg);
  }
  std::shared_ptr<EtsTable> table = TablesOf(ctx).Find(args[0]);
  if (!table || !TablesOf(ctx).GiveAway(*table, ctx.self, to)) return ctx.Fail(atoms::kBadarg);
  Term id;
  {
    std::shared_lock<std::shared_mutex> lock(table->mutex());
    id = EtsTables::Identifier(*table, ctx.memory);
  }
  ctx.process->Send(to, MakeTuple(ctx.memory, {A().kEtsTransfer, id, ctx.self, args[2]}));
  return atoms::kTrue;
}

Term BifRename(BifContext& ctx, const Term* args) {
  if (!IsAtom(args[1])) return ctx.Fail(atoms::kBadarg);
  std::shared_ptr<EtsTable> table;
  {
    WriteAccess t = LockForWrite(ctx, args[0]);
    if (!t) return ctx.Fail(atoms::kBadarg);
    table = t.table;
  }
  if (!TablesOf(ctx).Rename(*table, args[1])) return ctx.Fail(atoms::kBadarg);
  // The table's identifier: the new name, or an unnamed table's reference.
  return table->named() ? args[1] : MakeReference(ctx.memory, table->id());
}

Term BifWhereis(BifContext& ctx, const Term* args) {
  if (!IsAtom(args[0])) return ctx.Fail(atoms::kBadarg);
  std::shared_ptr<EtsTable> table = TablesOf(ctx).FindNamed(args[0]);
  if (!table) return atoms::kUndefined;
  return MakeReference(ctx.memory, table->id());
}

// setopts/2: {heir, Pid, Data}, {heir, none} and {protection, P}, one or
// a list with each option once, by the owner.
Term BifSetopts(BifContext& ctx, const Term* args) {
  const EtsAtoms& a = A();
  WriteAccess t = LockForWrite(ctx, args[0]);
  if (!t || t->owner() != ctx.self) return ctx.Fail(atoms::kBadarg);
  bool one = IsTuple(args[1]);
  std::optional<Term> heir, heir_data;
  std::optional<EtsAccess> access;
  for (Term list = args[1]; !IsNil(list); list = one ? kNil : Tail(list)) {
    if (!one && !IsList(list)) return ctx.Fail(atoms::kBadarg);
    Term o = one ? list : Head(list);
    if (!IsTuple(o) || TupleArity(o) < 2) return ctx.Fail(atoms::kBadarg);
    Term kind = TupleElement(o, 0), value = TupleElement(o, 1);
    if (kind == a.kHeir && !heir && TupleArity(o) == 2 && value == a.kNone) {
      heir = kNonValue;
    } else if (kind == a.kHeir && !heir && TupleArity(o) == 3 && IsPid(value)) {
      heir = value;
      heir_data = TupleElement(o, 2);
    } else if (kind == a.kProtection && !access && TupleArity(o) == 2 &&
               (value == a.kPublic || value == a.kProtected || value == a.kPrivate)) {
      access = value == a.kPublic      ? EtsAccess::kPublic
               : value == a.kProtected ? EtsAccess::kProtected
                                       : EtsAccess::kPrivate;
    } else {
      return ctx.Fail(atoms::kBadarg);
    }
  }
  if (heir) t->SetHeir(*heir, heir_data.value_or(kNonValue));
  if (access) t->set_access(*access);
  return atoms::kTrue;
}

Term BifSafeFixtable(BifContext& ctx, const Term* args) {
  if (args[1] != atoms::kTrue && args[1] != atoms::kFalse) return ctx.Fail(atoms::kBadarg);
  std::shared_ptr<EtsTable> table;
  {
    ReadAccess t = LockForRead(ctx, args[0]);
    if (!t) return ctx.Fail(atoms::kBadarg);
    table = t.table;
  }
  std::unique_lock<std::shared_mutex> lock(table->mutex());
  if (table->alive()) table->Fix(ctx.self, args[1] == atoms::kTrue);
  return atoms::kTrue;
}

// ---- info ---------------------------------------------------------------------------------

Term TypeAtom(EtsType type) {
  const EtsAtoms& a = A();
  switch (type) {
    case EtsType::kSet:
      return a.kSet;
    case EtsType::kOrderedSet:
      return a.kOrderedSet;
    case EtsType::kBag:
      return a.kBag;
    case EtsType::kDuplicateBag:
      return a.kDuplicateBag;
  }
  return a.kSet;
}

Term AccessAtom(EtsAccess access) {
  const EtsAtoms& a = A();
  return access == EtsAccess::kPublic      ? a.kPublic
         : access == EtsAccess::kProtected ? a.kProtected
                                           : a.kPrivate;
}

// One info/2 item, or kNonValue for an item erl does not know.
Term InfoItem(BifContext& ctx, const EtsTable& t, Term item) {
  const EtsAtoms& a = A();
  const EtsOptions& o = t.options();
  if (item == a.kId) return MakeReference(ctx.memory, t.id());
  if (item == a.kDecentralizedCounters) {
    // As erl 25 reports it: on with {write_concurrency, auto}; with
    // {write_concurrency, true} as asked, by default for an ordered_set
    // only; off without write_concurrency.
    return Bool(o.write_concurrency_auto ||
                (o.write_concurrency &&
                 o.decentralized_counters.value_or(t.type() == EtsType::kOrderedSet)));
  }
  if (item == a.kReadConcurrency) return Bool(o.read_concurrency);
  if (item == a.kWriteConcurrency) {
    return o.write_concurrency_auto ? a.kAuto : Bool(o.write_concurrency);
  }
  if (item == a.kCompressed) return Bool(o.compressed);
  if (item == a.kMemory) return MakeSmall(static_cast<int64_t>(t.MemoryWords()));
  if (item == a.kOwner) return t.owner();
  if (item == a.kHeir) return t.heir() == kNonValue ? a.kNone : t.heir();
  if (item == a.kName) return t.name();
  if (item == atoms::kSize) return MakeSmall(static_cast<int64_t>(t.size()));
  if (item == a.kNode) return atoms::kNonodeNohost;
  if (item == a.kNamedTable) return Bool(t.named());
  if (item == atoms::kType) return TypeAtom(t.type());
  if (item == a.kKeypos) return MakeSmall(t.keypos());
  if (item == a.kProtection) return AccessAtom(t.access());
  if (item == a.kFixed) return Bool(t.fixed());
  if (item == a.kSafeFixed || item == a.kSafeFixedMonotonicTime) {
    if (!t.fixed()) return atoms::kFalse;
    std::vector<Term> fixers;
    for (const auto& [pid, count] : t.fixations())
      fixers.push_back(MakeTuple(ctx.memory, {Term::FromRaw(pid), MakeSmall(count)}));
    int64_t ns = t.fixed_since_ns();
    Term since = item == a.kSafeFixed ? MakeTuple(ctx.memory, {MakeSmall(ns / 1000000000000000),
                                                               MakeSmall(ns / 1000000000 % 1000000),
                                                               MakeSmall(ns / 1000 % 1000000)})
                                      : MakeInteger(ctx.memory, ns);
    return MakeTuple(ctx.memory, {since, MakeList(ctx.memory, fixers)});
  }
  return kNonValue;
}

Term BifInfo1(BifContext& ctx, const Term* args) {
  if (!IsAtom(args[0]) && !IsReference(args[0])) return ctx.Fail(atoms::kBadarg);
  ReadAccess t = LockForRead(ctx, args[0], EtsNeed::kInfo);
  if (!t) return atoms::kUndefined;
  const EtsAtoms& a = A();
  const Term items[] = {a.kId,
                        a.kDecentralizedCounters,
                        a.kReadConcurrency,
                        a.kWriteConcurrency,
                        a.kCompressed,
                        a.kMemory,
                        a.kOwner,
                        a.kHeir,
                        a.kName,
                        atoms::kSize,
                        a.kNode,
                        a.kNamedTable,
                        atoms::kType,
                        a.kKeypos,
                        a.kProtection};
  std::vector<Term> info;
  for (Term item : items)
    info.push_back(MakeTuple(ctx.memory, {item, InfoItem(ctx, *t.table, item)}));
  return MakeList(ctx.memory, info);
}

Term BifInfo2(BifContext& ctx, const Term* args) {
  if (!IsAtom(args[0]) && !IsReference(args[0])) return ctx.Fail(atoms::kBadarg);
  ReadAccess t = LockForRead(ctx, args[0], EtsNeed::kInfo);
  if (!t) return atoms::kUndefined;
  Term value = InfoItem(ctx, *t.table, args[1]);
  return value != kNonValue ? value : ctx.Fail(atoms::kBadarg);
}

// ets:internal_request_all/0 (ets:all/0): erl's schedulers each answer
// {Ref, Tables}, and ets:all/0 waits for erlang:system_info(schedulers)
// answers; here one holds every table and the rest are empty.
Term BifInternalRequestAll(BifContext& ctx, const Term*) {
  if (ctx.process == nullptr) return ctx.Fail(atoms::kBadarg);
  Term ref = MakeReference(ctx.memory);
  std::vector<Term> ids;
  for (const std::shared_ptr<EtsTable>& table : TablesOf(ctx).All()) {
    std::shared_lock<std::shared_mutex> lock(table->mutex());
    if (table->alive()) ids.push_back(EtsTables::Identifier(*table, ctx.memory));
  }
  int64_t answers = 1;
  static const Term kSystemInfo = InternAtom("system_info"), kSchedulers = InternAtom("schedulers");
  if (const BifEntry* info = FindBif(atoms::kErlang, kSystemInfo, 1)) {
    BifContext call{ctx.memory, ctx.host, ctx.self, ctx.process};
    Term n = info->function(call, &kSchedulers);
    if (n != kNonValue && IsSmall(n)) answers = SmallValue(n);
  }
  for (int64_t i = 0; i < answers; ++i) {
    Term tables = i == 0 ? MakeList(ctx.memory, ids) : kNil;
    ctx.process->Send(ctx.self, MakeTuple(ctx.memory, {ref, tables}));
  }
  return ref;
}

constexpr BifEntry kEtsBifs[] = {
    {"ets", "new", 2, BifNew},
    {"ets", "delete", 1, BifDelete1},
    {"ets", "delete", 2, BifDelete2},
    {"ets", "delete_object", 2, BifDeleteObject},
    {"ets", "internal_delete_all", 2, BifInternalDeleteAll},
    {"ets", "take", 2, BifTake},
    {"ets", "insert", 2, BifInsert},
    {"ets", "insert_new", 2, BifInsertNew},
    {"ets", "lookup", 2, BifLookup},
    {"ets", "member", 2, BifMember},
    {"ets", "lookup_element", 3, BifLookupElement},
    {"ets", "first", 1, BifFirst},
    {"ets", "last", 1, BifLast},
    {"ets", "next", 2, BifNext},
    {"ets", "prev", 2, BifPrev},
    {"ets", "slot", 2, BifSlot},
    {"ets", "update_counter", 3, BifUpdateCounter3},
    {"ets", "update_counter", 4, BifUpdateCounter4},
    {"ets", "update_element", 3, BifUpdateElement},
    {"ets", "give_away", 3, BifGiveAway},
    {"ets", "rename", 2, BifRename},
    {"ets", "whereis", 1, BifWhereis},
    {"ets", "setopts", 2, BifSetopts},
    {"ets", "safe_fixtable", 2, BifSafeFixtable},
    {"ets", "info", 1, BifInfo1},
    {"ets", "info", 2, BifInfo2},
    {"ets", "internal_request_all", 0, BifInternalRequestAll},
};

}  // namespace

std::span<const BifEntry> EtsBifs() {
  return kEtsBifs;
}

}  // namespace ling::vm
