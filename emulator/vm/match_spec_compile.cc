// MatchSpec::Compile: checks a match specification and builds its nodes.
#include <algorithm>
#include <charconv>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "emulator/vm/match_spec.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/build.h"
#include "runtime/term/map.h"

namespace ling::vm {
namespace {

// '$N' -> N; nullopt for any other term.
std::optional<uint32_t> VariableNumber(Term t) {
  if (!IsAtom(t)) return std::nullopt;
  std::string_view name = AtomName(t);
  if (name.size() < 2 || name[0] != '$') return std::nullopt;
  uint32_t n = 0;
  auto [end, ec] = std::from_chars(name.data() + 1, name.data() + name.size(), n);
  if (ec != std::errc() || end != name.data() + name.size()) return std::nullopt;
  return n;
}

struct Atoms {
  Term any = InternAtom("_");
  Term object = InternAtom("$_");
  Term all_vars = InternAtom("$$");
  Term const_ = InternAtom("const");
  Term self = InternAtom("self");
  Term andalso = InternAtom("andalso");
  Term orelse = InternAtom("orelse");
  Term and_ = InternAtom("and");
  Term or_ = InternAtom("or");
};
const Atoms& MsAtoms() {
  static const Atoms* atoms = new Atoms;
  return *atoms;
}

// The guard BIFs erl's ETS match specifications may call (erl_db_util.c's
// guard_tab, without the tracing ones), as "name/arity".
bool AllowedFunction(std::string_view name, int arity) {
  static constexpr std::pair<std::string_view, int> kAllowed[] = {
      {"is_atom", 1},   {"is_float", 1},  {"is_integer", 1},  {"is_list", 1},
      {"is_number", 1}, {"is_pid", 1},    {"is_port", 1},     {"is_reference", 1},
      {"is_tuple", 1},  {"is_map", 1},    {"is_binary", 1},   {"is_function", 1},
      {"is_record", 3}, {"abs", 1},       {"element", 2},     {"hd", 1},
      {"length", 1},    {"node", 1},      {"node", 0},        {"round", 1},
      {"size", 1},      {"map_size", 1},  {"map_get", 2},     {"is_map_key", 2},
      {"bit_size", 1},  {"byte_size", 1}, {"binary_part", 2}, {"binary_part", 3},
      {"tl", 1},        {"trunc", 1},     {"float", 1},       {"+", 1},
      {"-", 1},         {"+", 2},         {"-", 2},           {"*", 2},
      {"/", 2},         {"div", 2},       {"rem", 2},         {"band", 2},
      {"bor", 2},       {"bxor", 2},      {"bnot", 1},        {"bsl", 2},
      {"bsr", 2},       {">", 2},         {">=", 2},          {"<", 2},
      {"=<", 2},        {"=:=", 2},       {"==", 2},          {"=/=", 2},
      {"/=", 2},        {"not", 1},       {"xor", 2},
  };
  return std::find(std::begin(kAllowed), std::end(kAllowed), std::pair{name, arity}) !=
         std::end(kAllowed);
}

}  // namespace

class MatchSpec::Compiler {
 public:
  explicit Compiler(MatchSpec& ms) : ms_(ms) {}

  bool AddClause(Term clause) {
    if (!IsTuple(clause) || TupleArity(clause) != 3) return false;
    Term head = TupleElement(clause, 0), guards = TupleElement(clause, 1),
         body = TupleElement(clause, 2);
    Clause c;
    slots_.clear();
    c.head_begin = static_cast<uint32_t>(ms_.patterns_.size());
    if (!AddPattern(head)) return false;
    c.head_end = static_cast<uint32_t>(ms_.patterns_.size());
    c.slots = static_cast<uint32_t>(slots_.size());
    for (const auto& [number, slot] : slots_)
      c.vars.push_back({number, slot});
    std::sort(c.vars.begin(), c.vars.end());
    if (!AddExprs(guards, c.guards) || !AddExprs(body, c.body) || c.body.empty()) return false;
    const Expr& last = ms_.exprs_[c.body.back()];
    if (c.body.size() != 1 || last.op != Expr::kObject) ms_.returns_object_ = false;
    ms_.clauses_.push_back(std::move(c));
    return true;
  }

 private:
  // Preorder, as Match walks it: a variable's first occurrence binds it.
  bool AddPattern(Term t) {
    const Atoms& a = MsAtoms();
    if (t == a.any) {
      ms_.patterns_.push_back({Pattern::kAny});
      return true;
    }
    if (std::optional<uint32_t> n = VariableNumber(t)) {
      auto [it, fresh] = slots_.try_emplace(*n, static_cast<uint32_t>(slots_.size()));
      ms_.patterns_.push_back({fresh ? Pattern::kBind : Pattern::kSame, it->second});
      return true;
    }
    if (IsTuple(t)) {
      uint64_t arity = TupleArity(t);
      ms_.patterns_.push_back({Pattern::kTuple, static_cast<uint32_t>(arity), t});
      for (uint64_t i = 0; i < arity; ++i) {
        if (!AddPattern(TupleElement(t, i))) return false;
      }
      return true;
    }
    if (IsList(t)) {
      // Along the spine, not recursively: a cons node, its head's subtree,
      // then the tail's, which is the next cons node.
      for (; IsList(t); t = Tail(t)) {
        ms_.patterns_.push_back({Pattern::kCons, 0, t});
        if (!AddPattern(Head(t))) return false;
      }
      return AddPattern(t);
    }
    if (IsMap(t)) {
      MapEntries entries = MapEntriesInKeyOrder(t);
      ms_.patterns_.push_back({Pattern::kMap, static_cast<uint32_t>(entries.size())});
      for (const auto& [key, value] : entries) {
        // Keys are matched as they are written: a variable cannot be one.
        if (VariableNumber(key) || key == a.any) return false;
        ms_.patterns_.push_back({Pattern::kConst, 0, key});
        if (!AddPattern(value)) return false;
      }
      return true;
    }
    ms_.patterns_.push_back({Pattern::kConst, 0, t});
    return true;
  }

  bool AddExprs(Term list, std::vector<uint32_t>& out) {
    for (; IsList(list); list = Tail(list)) {
      std::optional<uint32_t> e = AddExpr(Head(list));
      if (!e) return false;
      out.push_back(*e);
    }
    return IsNil(list);
  }

  uint32_t Push(Expr e) {
    ms_.exprs_.push_back(std::move(e));
    return static_cast<uint32_t>(ms_.exprs_.size() - 1);
  }

  std::optional<uint32_t> AddExpr(Term t) {
    const Atoms& a = MsAtoms();
    if (t == a.object) return Push({Expr::kObject});
    if (t == a.all_vars) return Push({Expr::kAllVars});
    if (std::optional<uint32_t> n = VariableNumber(t)) {
      auto it = slots_.find(*n);
      if (it == slots_.end()) return std::nullopt;  // unbound
      return Push({Expr::kVar, it->second});
    }
    if (IsList(t)) {
      // One node for the whole spine: the heads, then the tail.
      Expr e{Expr::kList};
      for (; IsList(t); t = Tail(t)) {
        std::optional<uint32_t> head = AddExpr(Head(t));
        if (!head) return std::nullopt;
        e.args.push_back(*head);
      }
      std::optional<uint32_t> tail = AddExpr(t);
      if (!tail) return std::nullopt;
      e.args.push_back(*tail);
      return Push(std::move(e));
    }
    if (IsMap(t)) {
      Expr e{Expr::kMap};
      for (const auto& [key, value] : MapEntriesInKeyOrder(t)) {
        std::optional<uint32_t> k = AddExpr(key), v = AddExpr(value);
        if (!k || !v) return std::nullopt;
        e.args.push_back(*k);
        e.args.push_back(*v);
      }
      return Push(std::move(e));
    }
    if (!IsTuple(t)) return Push({Expr::kConst, 0, t});
    uint64_t arity = TupleArity(t);
    if (arity == 0) return std::nullopt;
    Term first = TupleElement(t, 0);
    if (arity == 1 && IsTuple(first)) return AddTupleBuild(first);
    if (arity == 2 && first == a.const_) return Push({Expr::kConst, 0, TupleElement(t, 1)});
    if (!IsAtom(first)) return std::nullopt;
    Expr e{Expr::kCall};
    int args = static_cast<int>(arity - 1);
    if (first == a.andalso || first == a.orelse || first == a.and_ || first == a.or_) {
      e.op = first == a.andalso  ? Expr::kAndAlso
             : first == a.orelse ? Expr::kOrElse
             : first == a.and_   ? Expr::kAnd
                                 : Expr::kOr;
    } else if (first == a.self && args == 0) {
      e.op = Expr::kSelf;
    } else {
      if (!AllowedFunction(AtomName(first), args)) return std::nullopt;
      const BifEntry* bif = FindBif(atoms::kErlang, first, args);
      if (bif == nullptr) return std::nullopt;
      e.bif = bif->function;
    }
    for (uint64_t i = 1; i < arity; ++i) {
      std::optional<uint32_t> arg = AddExpr(TupleElement(t, i));
      if (!arg) return std::nullopt;
      e.args.push_back(*arg);
    }
    // andalso, orelse, and, or need an operand at least.
    if (e.op != Expr::kCall && e.op != Expr::kSelf && e.args.empty()) return std::nullopt;
    return Push(std::move(e));
  }

  std::optional<uint32_t> AddTupleBuild(Term tuple) {
    Expr e{Expr::kTuple};
    for (uint64_t i = 0; i < TupleArity(tuple); ++i) {
      std::optional<uint32_t> arg = AddExpr(TupleElement(tuple, i));
      if (!arg) return std::nullopt;
      e.args.push_back(*arg);
    }
    return Push(std::move(e));
  }

  MatchSpec& ms_;
  absl::flat_hash_map<uint32_t, uint32_t> slots_;  // variable number -> slot
};

std::optional<MatchSpec> MatchSpec::Compile(Term spec) {
  MatchSpec ms;
  Compiler compiler(ms);
  for (; IsList(spec); spec = Tail(spec)) {
    if (!compiler.AddClause(Head(spec))) return std::nullopt;
  }
  if (!IsNil(spec)) return std::nullopt;
  if (ms.clauses_.empty()) ms.returns_object_ = false;
  return ms;
}

Term MatchSpec::BoundKey(uint32_t keypos) const {
  if (clauses_.size() != 1) return kNonValue;
  const Clause& c = clauses_[0];
  const Pattern& head = patterns_[c.head_begin];
  if (head.op != Pattern::kTuple || head.n < keypos) return kNonValue;
  // Skips to the element at keypos, past the subtrees before it.
  uint32_t i = c.head_begin + 1;
  for (uint32_t element = 1; element < keypos; ++element)
    i = SubtreeEnd(i);
  // A ground subtree (no variable, no '_', no map's subset match) matches
  // just the term it was compiled from.
  for (uint32_t j = i, end = SubtreeEnd(i); j < end; ++j) {
    Pattern::Op op = patterns_[j].op;
    if (op == Pattern::kAny || op == Pattern::kBind || op == Pattern::kSame || op == Pattern::kMap)
      return kNonValue;
  }
  return patterns_[i].term;
}

uint32_t MatchSpec::SubtreeEnd(uint32_t i) const {
  for (uint32_t pending = 1; pending > 0; ++i) {
    --pending;
    const Pattern& p = patterns_[i];
    if (p.op == Pattern::kTuple) pending += p.n;
    if (p.op == Pattern::kCons) pending += 2;
    if (p.op == Pattern::kMap) pending += 2 * p.n;
  }
  return i;
}

}  // namespace ling::vm
