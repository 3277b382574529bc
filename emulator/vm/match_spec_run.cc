// MatchSpec::Run: matches a head, evaluates guards and body.
#include <vector>

#include "absl/container/inlined_vector.h"
#include "emulator/vm/match_spec.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/build.h"
#include "runtime/term/compare.h"
#include "runtime/term/map.h"

namespace ling::vm {

bool MatchSpec::Match(const Clause& c, Term object, std::vector<Term>& slots) const {
  // The terms still to match, in the patterns' preorder: no recursion.
  absl::InlinedVector<Term, 16> todo = {object};
  for (uint32_t i = c.head_begin; i < c.head_end; ++i) {
    const Pattern& p = patterns_[i];
    Term t = todo.back();
    todo.pop_back();
    switch (p.op) {
      case Pattern::kAny:
        break;
      case Pattern::kBind:
        slots[p.n] = t;
        break;
      case Pattern::kSame:
        if (!ExactEqual(slots[p.n], t)) return false;
        break;
      case Pattern::kConst:
        if (!ExactEqual(p.term, t)) return false;
        break;
      case Pattern::kTuple:
        if (!IsTuple(t) || TupleArity(t) != p.n) return false;
        for (uint32_t k = p.n; k > 0; --k)
          todo.push_back(TupleElement(t, k - 1));
        break;
      case Pattern::kCons:
        if (!IsList(t)) return false;
        todo.push_back(Tail(t));
        todo.push_back(Head(t));
        break;
      case Pattern::kMap: {
        if (!IsMap(t)) return false;
        // The nodes go key, value subtree, key, value subtree...: the key
        // nodes (constants) get their own key to match, each value subtree
        // the map's value under that key.
        absl::InlinedVector<std::pair<Term, Term>, 8> entries;
        for (uint32_t k = 0, key_node = i + 1; k < p.n; ++k) {
          Term key = patterns_[key_node].term;
          std::optional<Term> v = MapFind(t, key);
          if (!v) return false;
          entries.push_back({key, *v});
          key_node = SubtreeEnd(key_node + 1);
        }
        for (size_t k = entries.size(); k > 0; --k) {
          todo.push_back(entries[k - 1].second);
          todo.push_back(entries[k - 1].first);
        }
        break;
      }
    }
  }
  return true;
}

Term MatchSpec::Eval(uint32_t index, Term object, const std::vector<Term>& slots, const Clause& c,
                     BifContext& ctx) const {
  const Expr& e = exprs_[index];
  switch (e.op) {
    case Expr::kConst:
      return e.term;
    case Expr::kVar:
      return slots[e.slot];
    case Expr::kObject:
      return object;
    case Expr::kAllVars: {
      std::vector<Term> values;
      for (const auto& [number, slot] : c.vars)
        values.push_back(slots[slot]);
      return MakeList(ctx.memory, values);
    }
    case Expr::kSelf:
      return ctx.self;
    case Expr::kTuple:
    case Expr::kCall: {
      absl::InlinedVector<Term, 4> args;
      for (uint32_t a : e.args) {
        Term v = Eval(a, object, slots, c, ctx);
        if (v == kNonValue) return kNonValue;
        args.push_back(v);
      }
      if (e.op == Expr::kTuple) return MakeTuple(ctx.memory, std::span<const Term>(args));
      BifContext call{ctx.memory, ctx.host, ctx.self, ctx.process};
      return e.bif(call, args.data());
    }
    case Expr::kList: {
      std::vector<Term> values;
      for (uint32_t a : e.args) {
        Term v = Eval(a, object, slots, c, ctx);
        if (v == kNonValue) return kNonValue;
        values.push_back(v);
      }
      Term list = values.back();
      for (size_t i = values.size() - 1; i > 0; --i)
        list = MakeCons(ctx.memory, values[i - 1], list);
      return list;
    }
    case Expr::kMap: {
      std::vector<std::pair<Term, Term>> pairs;
      for (size_t i = 0; i < e.args.size(); i += 2) {
        Term k = Eval(e.args[i], object, slots, c, ctx);
        if (k == kNonValue) return kNonValue;
        Term v = Eval(e.args[i + 1], object, slots, c, ctx);
        if (v == kNonValue) return kNonValue;
        pairs.push_back({k, v});
      }
      return MakeMap(ctx.memory, pairs);
    }
    case Expr::kAndAlso:
    case Expr::kOrElse: {
      // Every operand but the last must be a boolean; the last one is the
      // result, whatever it is, as in Erlang (and in erl's match
      // specifications).
      Term stop = e.op == Expr::kAndAlso ? atoms::kFalse : atoms::kTrue;
      Term go = e.op == Expr::kAndAlso ? atoms::kTrue : atoms::kFalse;
      for (size_t i = 0; i + 1 < e.args.size(); ++i) {
        Term v = Eval(e.args[i], object, slots, c, ctx);
        if (v == kNonValue || v == stop) return v;
        if (v != go) return kNonValue;
      }
      return Eval(e.args.back(), object, slots, c, ctx);
    }
    case Expr::kAnd:
    case Expr::kOr: {
      bool all = true, any = false;
      for (uint32_t a : e.args) {
        Term v = Eval(a, object, slots, c, ctx);
        if (v != atoms::kTrue && v != atoms::kFalse) return kNonValue;
        all = all && v == atoms::kTrue;
        any = any || v == atoms::kTrue;
      }
      bool result = e.op == Expr::kAnd ? all : any;
      return result ? atoms::kTrue : atoms::kFalse;
    }
  }
  return kNonValue;
}

Term MatchSpec::Run(Term object, BifContext& ctx) const {
  std::vector<Term> slots;
  for (const Clause& c : clauses_) {
    slots.assign(c.slots, kNonValue);
    if (!Match(c, object, slots)) continue;
    bool pass = true;
    for (uint32_t g : c.guards) {
      if (Eval(g, object, slots, c, ctx) != atoms::kTrue) {
        pass = false;
        break;
      }
    }
    if (!pass) continue;
    Term result = kNonValue;
    for (uint32_t b : c.body) {
      result = Eval(b, object, slots, c, ctx);
      if (result == kNonValue) return atoms::kEXIT;
    }
    return result;
  }
  return kNonValue;
}

}  // namespace ling::vm
