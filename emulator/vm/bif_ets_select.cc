// ETS's match-specification functions: select/1,2,3 and select_reverse,
// select_count, select_delete (internal_select_delete), select_replace,
// match/1,2,3 and match_object/1,2,3 (match specifications built from a
// pattern), and erlang:match_spec_test/3 (ets:test_ms/2), on the engine of
// match_spec.h.
//
// A walk with a limit returns exactly that many results and a continuation
// ({'$ling_select', Tab, Key, Index, Limit, MatchSpec, Reverse}: where to
// go on, the slot's key and how many of its objects were done) while the
// table may hold more, as erl's chunks do; fewer results mean the table
// was walked to its end ({Results, '$end_of_table'}). The table's order
// (ets_table.h) lets a continuation go on after a key deleted meanwhile.
//
// Concurrency: each call holds the table's lock for its whole walk.
#include <optional>
#include <vector>

#include "emulator/vm/bif.h"
#include "emulator/vm/ets_access.h"
#include "emulator/vm/match_spec.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/build.h"
#include "runtime/term/compare.h"
#include "runtime/term/copy.h"

namespace ling::vm {
namespace {

const Term& EndOfTable() {
  static const Term atom = InternAtom("$end_of_table");
  return atom;
}
const Term& ContinuationTag() {
  static const Term atom = InternAtom("$ling_select");
  return atom;
}

// Where a walk starts: after the slot of `key` (kNonValue: at the
// beginning), or inside it from object `index` on when index > 0.
struct Position {
  Term key = kNonValue;
  uint64_t index = 0;
};

// Runs `ms` on the objects from `from` on, in the table's order (reverse
// for an ordered_set if asked), calling f(object, result) for each match
// until f returns false; then `*stopped` says where the walk stopped (the
// position after the last object f saw), if given.
template <class F>
void Walk(const EtsTable& table, const MatchSpec& ms, BifContext& ctx, bool reverse, Position from,
          F f, Position* stopped = nullptr) {
  reverse = reverse && table.type() == EtsType::kOrderedSet;
  bool going = true;
  auto slot = [&](Term key, const std::vector<StoredTerm>& objects, uint64_t first) {
    for (uint64_t i = first; i < objects.size(); ++i) {
      Term result = ms.Run(objects[i].term(), ctx);
      if (result == kNonValue) continue;
      if (!f(objects[i].term(), result)) {
        if (stopped != nullptr) {
          *stopped = i + 1 < objects.size() ? Position{key, i + 1} : Position{key, 0};
        }
        going = false;
        return;
      }
    }
  };
  Term bound = ms.BoundKey(table.keypos());
  if (bound != kNonValue) {
    // Only the one slot can match.
    const std::vector<StoredTerm>* objects = table.Find(bound);
    bool resumed = from.key != kNonValue;
    if (objects != nullptr && (!resumed || from.index > 0)) {
      slot(table.KeyOf(objects->front().term()), *objects, from.index);
    }
    return;
  }
  if (from.key != kNonValue && from.index > 0) {
    if (const std::vector<StoredTerm>* objects = table.Find(from.key)) {
      slot(from.key, *objects, from.index);
      if (!going) return;
    }
  }
  table.ForEach(from.key, reverse, [&](Term key, const std::vector<StoredTerm>& objects) {
    slot(key, objects, 0);
    return going;
  });
}

// select/2,3 and kin on a locked table: every result copied into the
// caller's memory, at most `limit` of them (0: no limit).
Term Select(BifContext& ctx, const EtsTable& table, Term tab, Term spec, const MatchSpec& ms,
            bool reverse, Position from, int64_t limit) {
  std::vector<Term> results;
  Position stopped;
  Walk(
      table, ms, ctx, reverse, from,
      [&](Term, Term result) {
        results.push_back(CopyTerm(result, ctx.memory));
        return limit == 0 || static_cast<int64_t>(results.size()) < limit;
      },
      &stopped);
  if (limit == 0) return MakeList(ctx.memory, results);
  if (results.empty()) return EndOfTable();
  Term list = MakeList(ctx.memory, results);
  if (static_cast<int64_t>(results.size()) < limit) {
    return MakeTuple(ctx.memory, {list, EndOfTable()});
  }
  Term continuation =
      MakeTuple(ctx.memory, {ContinuationTag(), tab, CopyTerm(stopped.key, ctx.memory),
                             MakeSmall(static_cast<int64_t>(stopped.index)), MakeSmall(limit), spec,
                             reverse ? atoms::kTrue : atoms::kFalse});
  return MakeTuple(ctx.memory, {list, continuation});
}

Term SelectFrom(BifContext& ctx, Term tab, Term spec, bool reverse, Position from, int64_t limit) {
  std::optional<MatchSpec> ms = MatchSpec::Compile(spec);
  if (!ms) return ctx.Fail(atoms::kBadarg);
  ReadAccess t = LockForRead(ctx, tab);
  if (!t) return ctx.Fail(atoms::kBadarg);
  return Select(ctx, *t.table, tab, spec, *ms, reverse, from, limit);
}

// A positive small integer limit, or 0 for a bad one.
int64_t Limit(Term t) {
  return IsSmall(t) && SmallValue(t) > 0 ? SmallValue(t) : 0;
}

Term BifSelect2(BifContext& ctx, const Term* args) {
  return SelectFrom(ctx, args[0], args[1], false, {}, 0);
}

Term BifSelect3(BifContext& ctx, const Term* args) {
  int64_t limit = Limit(args[2]);
  if (limit == 0) return ctx.Fail(atoms::kBadarg);
  return SelectFrom(ctx, args[0], args[1], false, {}, limit);
}

Term BifSelectReverse2(BifContext& ctx, const Term* args) {
  return SelectFrom(ctx, args[0], args[1], true, {}, 0);
}

Term BifSelectReverse3(BifContext& ctx, const Term* args) {
  int64_t limit = Limit(args[2]);
  if (limit == 0) return ctx.Fail(atoms::kBadarg);
  return SelectFrom(ctx, args[0], args[1], true, {}, limit);
}

// select/1, select_reverse/1, match/1, match_object/1: the next chunk.
Term BifContinue(BifContext& ctx, const Term* args) {
  Term c = args[0];
  if (c == EndOfTable()) return c;
  if (!IsTuple(c) || TupleArity(c) != 7 || TupleElement(c, 0) != ContinuationTag() ||
      !IsSmall(TupleElement(c, 3)) || Limit(TupleElement(c, 4)) == 0) {
    return ctx.Fail(atoms::kBadarg);
  }
  Position from{TupleElement(c, 2), static_cast<uint64_t>(SmallValue(TupleElement(c, 3)))};
  return SelectFrom(ctx, TupleElement(c, 1), TupleElement(c, 5), TupleElement(c, 6) == atoms::kTrue,
                    from, Limit(TupleElement(c, 4)));
}

// match/2,3 and match_object/2,3: [{Pattern, [], ['$$' or '$_']}].
Term PatternSpec(BifContext& ctx, Term pattern, bool objects) {
  static const Term kAllVars = InternAtom("$$"), kObject = InternAtom("$_");
  Term body = MakeCons(ctx.memory, objects ? kObject : kAllVars, kNil);
  return MakeCons(ctx.memory, MakeTuple(ctx.memory, {pattern, kNil, body}), kNil);
}

Term BifMatch2(BifContext& ctx, const Term* args) {
  return SelectFrom(ctx, args[0], PatternSpec(ctx, args[1], false), false, {}, 0);
}

Term BifMatch3(BifContext& ctx, const Term* args) {
  int64_t limit = Limit(args[2]);
  if (limit == 0) return ctx.Fail(atoms::kBadarg);
  return SelectFrom(ctx, args[0], PatternSpec(ctx, args[1], false), false, {}, limit);
}

Term BifMatchObject2(BifContext& ctx, const Term* args) {
  return SelectFrom(ctx, args[0], PatternSpec(ctx, args[1], true), false, {}, 0);
}

Term BifMatchObject3(BifContext& ctx, const Term* args) {
  int64_t limit = Limit(args[2]);
  if (limit == 0) return ctx.Fail(atoms::kBadarg);
  return SelectFrom(ctx, args[0], PatternSpec(ctx, args[1], true), false, {}, limit);
}

Term BifSelectCount(BifContext& ctx, const Term* args) {
  std::optional<MatchSpec> ms = MatchSpec::Compile(args[1]);
  if (!ms) return ctx.Fail(atoms::kBadarg);
  ReadAccess t = LockForRead(ctx, args[0]);
  if (!t) return ctx.Fail(atoms::kBadarg);
  int64_t count = 0;
  Walk(*t.table, *ms, ctx, false, {}, [&](Term, Term result) {
    if (result == atoms::kTrue) ++count;
    return true;
  });
  return MakeSmall(count);
}

// The objects to delete or replace are gathered first (copied: deleting
// one frees its storage), then changed.
Term BifSelectDelete(BifContext& ctx, const Term* args) {
  std::optional<MatchSpec> ms = MatchSpec::Compile(args[1]);
  if (!ms) return ctx.Fail(atoms::kBadarg);
  WriteAccess t = LockForWrite(ctx, args[0]);
  if (!t) return ctx.Fail(atoms::kBadarg);
  std::vector<Term> doomed;
  Walk(*t.table, *ms, ctx, false, {}, [&](Term object, Term result) {
    if (result == atoms::kTrue) doomed.push_back(CopyTerm(object, ctx.memory));
    return true;
  });
  int64_t deleted = 0;
  for (Term object : doomed)
    deleted += static_cast<int64_t>(t->EraseObject(object));
  return MakeSmall(deleted);
}

// select_replace/2: each result must be an object with the key of the one
// it replaces (=:=), else badarg and no change; a bag cannot.
Term BifSelectReplace(BifContext& ctx, const Term* args) {
  std::optional<MatchSpec> ms = MatchSpec::Compile(args[1]);
  if (!ms) return ctx.Fail(atoms::kBadarg);
  WriteAccess t = LockForWrite(ctx, args[0]);
  if (!t || t->is_bag()) return ctx.Fail(atoms::kBadarg);
  std::vector<std::pair<Term, Term>> replacements;
  bool bad = false;
  Walk(*t.table, *ms, ctx, false, {}, [&](Term object, Term result) {
    if (!t->IsObject(result) || !ExactEqual(t->KeyOf(result), t->KeyOf(object))) {
      bad = true;
      return false;
    }
    replacements.push_back({CopyTerm(t->KeyOf(object), ctx.memory), CopyTerm(result, ctx.memory)});
    return true;
  });
  if (bad) return ctx.Fail(atoms::kBadarg);
  for (const auto& [key, object] : replacements)
    t->Replace(key, object);
  return MakeSmall(static_cast<int64_t>(replacements.size()));
}

// erlang:match_spec_test/3 (ets:test_ms/2) for table specifications:
// {ok, Result, [], []}, Result false when nothing matches (or the term is
// no tuple); {error, [{error, Text}]} for a bad specification (erl's text
// says what is wrong; this one does not). Trace specifications: badarg.
Term BifMatchSpecTest(BifContext& ctx, const Term* args) {
  static const Term kTable = InternAtom("table");
  if (args[2] != kTable) return ctx.Fail(atoms::kBadarg);
  std::optional<MatchSpec> ms = MatchSpec::Compile(args[1]);
  if (!ms) {
    Term error = MakeTuple(ctx.memory, {atoms::kError, MakeString(ctx.memory, "Bad match spec.")});
    return MakeTuple(ctx.memory, {atoms::kError, MakeCons(ctx.memory, error, kNil)});
  }
  Term result = IsTuple(args[0]) ? ms->Run(args[0], ctx) : kNonValue;
  if (result == kNonValue) result = atoms::kFalse;
  return MakeTuple(ctx.memory, {atoms::kOk, result, kNil, kNil});
}

constexpr BifEntry kEtsSelectBifs[] = {
    {"erlang", "match_spec_test", 3, BifMatchSpecTest},
    {"ets", "select", 1, BifContinue},
    {"ets", "select", 2, BifSelect2},
    {"ets", "select", 3, BifSelect3},
    {"ets", "select_reverse", 1, BifContinue},
    {"ets", "select_reverse", 2, BifSelectReverse2},
    {"ets", "select_reverse", 3, BifSelectReverse3},
    {"ets", "match", 1, BifContinue},
    {"ets", "match", 2, BifMatch2},
    {"ets", "match", 3, BifMatch3},
    {"ets", "match_object", 1, BifContinue},
    {"ets", "match_object", 2, BifMatchObject2},
    {"ets", "match_object", 3, BifMatchObject3},
    {"ets", "select_count", 2, BifSelectCount},
    {"ets", "internal_select_delete", 2, BifSelectDelete},
    {"ets", "select_replace", 2, BifSelectReplace},
};

}  // namespace

std::span<const BifEntry> EtsSelectBifs() {
  return kEtsSelectBifs;
}

}  // namespace ling::vm
