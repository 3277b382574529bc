#include "runtime/term/map_hash.h"

#include <vector>

#include "absl/container/inlined_vector.h"
#include "runtime/base/check.h"
#include "runtime/term/bignum.h"
#include "runtime/term/binary.h"
#include "runtime/term/flatmap.h"
#include "runtime/term/fun.h"
#include "runtime/term/hash_mix.h"
#include "runtime/term/hashmap.h"
#include "runtime/term/reference.h"

namespace ling {
namespace {

// Keeps the internal hash apart from phash2, which starts from 0 (erts's
// INTERNAL_HASH_SALT, a 32-bit prime).
constexpr uint32_t kInternalHashSalt = 3432918353u;

// CONST_HASH: a light mix of a constant (type information) into the hash.
void ConstHash(uint32_t& hash, uint32_t constant) {
  hash ^= constant;
  hash = (hash << 17) ^ (hash >> (32 - 17));
}

void HashImmediate(uint32_t& hash, Term t) {
  hash::Hash2(hash, static_cast<uint32_t>(t.raw()), static_cast<uint32_t>(t.raw() >> 32),
              hash::kHConst);
}

// Terms still to hash, the next on top; kNonValue stands for erts's HASH_CDR
// marker (the end of a cons cell whose tail is no list).
using Todo = absl::InlinedVector<Term, 16>;
constexpr Term kCdrMark = kNonValue;

// A map's or trie node's contents, queued so that erts's order comes out:
// a flatmap's pairs in key order; a trie node's children from the last to
// the first (erts pushes them first to last), a leaf's key before its value.
void PushMapContents(Todo& todo, Term t) {
  if (IsFlatmap(t)) {
    const uint64_t* keys = FlatmapKeys(t);
    const uint64_t* values = FlatmapValues(t);
    for (uint64_t i = FlatmapSize(t); i-- > 0;) {
      todo.push_back(Term::FromRaw(values[i]));
      todo.push_back(Term::FromRaw(keys[i]));
    }
    return;
  }
  HashmapNode node = HashmapNodeOf(t);
  for (uint32_t i = 0; i < node.count; ++i) {
    Term child = Term::FromRaw(node.children[i]);
    if (IsList(child)) {
      todo.push_back(Tail(child));
      todo.push_back(Head(child));
    } else {
      todo.push_back(child);
    }
  }
}

// Hashes `t`'s own part; queues its parts. Returns the part to hash next
// without queueing it (a list's head, a tuple's first element), or kNonValue.
Term HashStep(uint32_t& hash, Term t, Todo& todo, std::vector<uint8_t>& scratch) {
  if (IsList(t)) {
    hash::ByteRun run = hash::HashByteRun(hash, t);
    if (run.count > 0) hash::Hash2(hash, run.partial, run.count, hash::kHConst22);
    t = run.rest;
    if (!IsList(t)) return t;  // the tail after the bytes
    ConstHash(hash, hash::kHConst17);
    todo.push_back(Tail(t));
    if (!IsList(Tail(t))) todo.push_back(kCdrMark);
    return Head(t);
  }
  if (IsImmediate(t)) {
    HashImmediate(hash, t);
    return kNonValue;
  }
  LING_CHECK(IsBoxed(t)) << "hashing a non-term " << t.raw();
  const uint64_t* p = BoxedPointer(t);
  switch (HeaderSubtag(p[0])) {
    case tag::Subtag::kTuple: {
      uint64_t arity = TupleArity(t);
      hash::Hash1(hash, static_cast<uint32_t>(arity), hash::kHConst9);
      if (arity == 0) return kNonValue;
      for (uint64_t i = arity; i-- > 1;)
        todo.push_back(TupleElement(t, i));
      return TupleElement(t, 0);
    }
    case tag::Subtag::kMap:
      hash::Hash1(hash, static_cast<uint32_t>(FlatmapSize(t)), hash::kHConst16);
      PushMapContents(todo, t);
      return kNonValue;
    case tag::Subtag::kHashmap:
      hash::Hash1(hash, static_cast<uint32_t>(HashmapSize(t)), hash::kHConst16);
      PushMapContents(todo, t);
      return kNonValue;
    case tag::Subtag::kHashmapNode:
      PushMapContents(todo, t);
      return kNonValue;
    case tag::Subtag::kFun: {
      // erts hashes the module, index and old uniq; the new uniq is hashed
      // too, since =:= tells funs apart by it here.
      LocalFunId id = LocalFunIdOf(t);
      uint32_t num_free = LocalFunNumFree(t);
      hash::Hash2(hash, num_free, static_cast<uint32_t>(id.module.raw()), hash::kHConst20);
      hash::Hash2(hash, id.index, id.uniq, hash::kHConst21);
      for (size_t i = 0; i < id.new_uniq.size(); i += 8) {
        auto word = [&](size_t at) {
          return uint32_t{id.new_uniq[at]} | uint32_t{id.new_uniq[at + 1]} << 8 |
                 uint32_t{id.new_uniq[at + 2]} << 16 | uint32_t{id.new_uniq[at + 3]} << 24;
        };
        hash::Hash2(hash, word(i), word(i + 4), hash::kHConst21);
      }
      if (num_free == 0) return kNonValue;
      for (uint32_t i = num_free; i-- > 1;)
        todo.push_back(LocalFunFreeVar(t, i));
      return LocalFunFreeVar(t, 0);
    }
    case tag::Subtag::kExport:
      // erts hashes the export entry's address; here what identifies it.
      hash::Hash2(hash, static_cast<uint32_t>(ExportFunModule(t).raw()),
                  static_cast<uint32_t>(ExportFunFunction(t).raw()), hash::kHConst14);
      hash::Hash1(hash, FunArity(t), hash::kHConst14);
      return kNonValue;
    case tag::Subtag::kHeapBinary:
    case tag::Subtag::kRefcBinary:
    case tag::Subtag::kSubBinary:
      hash::HashBitstring(hash, t, scratch);
      return kNonValue;
    case tag::Subtag::kPositiveBignum:
    case tag::Subtag::kNegativeBignum: {
      IntegerView v(t);
      hash::HashMagnitude(hash, v.magnitude(), v.negative());
      return kNonValue;
    }
    case tag::Subtag::kReference: {
      // The 32-bit words in the external format's order (external.h).
      MonitorRef r = ReferenceValue(t);
      hash::Hash1(hash, static_cast<uint32_t>(r.low), hash::kHConst7);
      hash::Hash2(hash, static_cast<uint32_t>(r.high), static_cast<uint32_t>(r.high >> 32),
                  hash::kHConst8);
      hash::Hash1(hash, static_cast<uint32_t>(r.low >> 32), hash::kHConst8);
      return kNonValue;
    }
    case tag::Subtag::kFloat: {
      hash::FloatHalves f = hash::FloatBits(t);
      hash::Hash2(hash, f.low, f.high, hash::kHConst12);
      return kNonValue;
    }
    case tag::Subtag::kMatchContext:
      break;
  }
  LING_CHECK(false) << "hashing boxed subtag " << static_cast<int>(HeaderSubtag(p[0]));
  return kNonValue;
}

}  // namespace

uint32_t InternalHash(Term t, uint32_t salt) {
  uint32_t hash = salt ^ kInternalHashSalt;
  if (IsImmediate(t)) {  // most keys: no work stack
    HashImmediate(hash, t);
    return hash;
  }
  Todo todo;
  std::vector<uint8_t> scratch;
  for (;;) {
    t = HashStep(hash, t, todo, scratch);
    while (t == kNonValue) {
      if (todo.empty()) return hash;
      t = todo.back();
      todo.pop_back();
      if (t == kCdrMark) ConstHash(hash, hash::kHConst18);
    }
  }
}

uint32_t MapKeyHash(Term key, uint32_t generation) {
  uint32_t salt = 0;
  if (generation > 0) hash::Hash2(salt, generation, 1, hash::kHConst22);
  return InternalHash(key, salt);
}

}  // namespace ling
