// Match specifications, as ETS's select, match and their kin take them:
// [{Head, Guards, Body}]. A head is a pattern ('_' matches anything, '$N'
// binds a variable, or checks it =:= its value once bound, the rest must be
// =:=, maps match a subset of keys); guards are expressions that must all
// be true; the body's last expression is the result. Expressions: '$N',
// '$_' (the whole object), '$$' (the variables' values, by number), {const,
// T}, {{E, ...}} (a tuple built), lists and maps built element by element,
// {F, Args...} calls to the guard BIFs erl allows there (type tests,
// element, hd, tl, size, arithmetic, comparisons, not, xor, self/0, node),
// and the short-circuit 'andalso', 'orelse' and their strict 'and', 'or' of
// any number of operands. Any other term is a constant.
//
// Compile checks a specification as erl does (nullopt where erl raises
// badarg: not a proper list of such triples, an unknown function, a body
// variable the head does not bind, an empty body) and turns it into a small
// tree of nodes. Run matches one object: a guard that raises fails its
// clause, a body that raises gives 'EXIT', as erl's ETS does.
//
// Concurrency: a MatchSpec is immutable after Compile and refers to terms of
// the specification it was compiled from, which must outlive it (a BIF's
// arguments do, for its call). Run reads the object (the caller must be
// allowed to: a table's lock held) and builds on the BifContext's memory.
#ifndef LING_EMULATOR_VM_MATCH_SPEC_H_
#define LING_EMULATOR_VM_MATCH_SPEC_H_

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "emulator/vm/bif.h"
#include "ling/term.h"

namespace ling::vm {

class MatchSpec {
 public:
  static std::optional<MatchSpec> Compile(Term spec);

  // The result for `object`, or kNonValue when no clause matches. The
  // result may share terms with `object` and with the specification:
  // copy it (copy.h) before the object goes.
  Term Run(Term object, BifContext& ctx) const;

  // The one key every match can have: when the specification has one
  // clause whose head is a tuple with a constant (no variable, no '_')
  // at `keypos` (1-based); else kNonValue. A table looks that key up
  // instead of walking every object.
  Term BoundKey(uint32_t keypos) const;

  // Whether every clause's body is just '$_': the result is the object.
  bool ReturnsObject() const { return returns_object_; }

 private:
  // Head patterns, in preorder; a node's children follow it.
  struct Pattern {
    enum Op : uint8_t { kAny, kBind, kSame, kConst, kTuple, kCons, kMap } op;
    uint32_t n = 0;         // a variable's slot, a tuple's arity, a map's size
    Term term = kNonValue;  // a constant, a map key; the tuple or list matched
  };
  // Expressions: children by index into exprs_. Lists in patterns and
  // expressions are compiled along their spine, so a long one costs no
  // stack depth; nesting does (a specification's own depth).
  struct Expr {
    enum Op : uint8_t {
      kConst,
      kVar,
      kObject,
      kAllVars,
      kTuple,
      kList,  // heads..., tail
      kMap,
      kCall,
      kSelf,
      kAndAlso,
      kOrElse,
      kAnd,
      kOr,
    } op;
    uint32_t slot = 0;  // kVar
    Term term = kNonValue;
    BifFunction bif = nullptr;
    std::vector<uint32_t> args;  // children (a map's: key, value, key, value...)
  };
  struct Clause {
    uint32_t head_begin, head_end;  // patterns_[begin, end)
    uint32_t slots;                 // variables the head binds
    std::vector<uint32_t> guards, body;
    std::vector<std::pair<uint32_t, uint32_t>> vars;  // (number, slot), by number: '$$'
  };
  class Compiler;

  // The index past pattern i's subtree.
  uint32_t SubtreeEnd(uint32_t i) const;
  bool Match(const Clause& c, Term object, std::vector<Term>& slots) const;
  // kNonValue when it raised.
  Term Eval(uint32_t expr, Term object, const std::vector<Term>& slots, const Clause& c,
            BifContext& ctx) const;

  std::vector<Pattern> patterns_;
  std::vector<Expr> exprs_;
  std::vector<Clause> clauses_;
  bool returns_object_ = true;
};

}  // namespace ling::vm

#endif  // LING_EMULATOR_VM_MATCH_SPEC_H_
