// EtsTable: one ETS table -- its objects, kept in storage the table owns,
// and the options it was made with. The ETS BIFs (bif_ets.cc) reach tables
// through the registry (ets_tables.h).
//
// Storage: every object is copied into a HeapFragment of its own (copy.h),
// so deleting or replacing an object frees exactly its words, and the refc
// binaries it holds keep one reference each, dropped with the fragment.
// Readers copy objects out into their process's memory; nothing a process
// holds ever points into a table.
//
// Order: objects sit in a B-tree by key. An ordered_set orders keys by term
// order and treats keys that compare equal (==, 1 and 1.0) as one key. The
// hash kinds (set, bag, duplicate_bag) tell keys apart by =:= and order them
// by their hash (InternalHash), then by the exact order: a stable order that
// is neither insertion nor term order, as erl's is not, and in which "the
// key after K" is defined whether K is in the table or not, so a traversal
// survives inserts and deletes without extra bookkeeping.
//
// Concurrency: a table is shared by every scheduler thread. mutex() guards
// everything below it: readers (lookup, first/next, select, info) hold it
// shared, writers (insert, delete, update_*, owner changes) hold it
// exclusive, and every method here says which it needs from its caller.
// Objects are only read while the lock is held. A table that has been
// deleted stays alive as long as some caller holds its shared_ptr, with
// alive() false and no objects: callers check alive() under the lock.
#ifndef LING_EMULATOR_VM_ETS_TABLE_H_
#define LING_EMULATOR_VM_ETS_TABLE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "ling/term.h"
#include "ling/types.h"
#include "runtime/term/heap.h"

namespace ling::vm {

enum class EtsType : uint8_t { kSet, kOrderedSet, kBag, kDuplicateBag };
enum class EtsAccess : uint8_t { kPublic, kProtected, kPrivate };

// A term copied into storage of its own (an immediate needs none).
class StoredTerm {
 public:
  StoredTerm() = default;
  explicit StoredTerm(Term t);
  Term term() const { return term_; }
  size_t words() const;

 private:
  Term term_ = kNonValue;
  std::unique_ptr<HeapFragment> storage_;
};

struct EtsOptions {
  EtsType type = EtsType::kSet;
  EtsAccess access = EtsAccess::kProtected;
  uint32_t keypos = 1;  // 1-based, as Erlang counts
  bool named = false;
  bool read_concurrency = false;
  bool write_concurrency = false;
  bool write_concurrency_auto = false;  // {write_concurrency, auto}
  bool compressed = false;
  std::optional<bool> decentralized_counters;  // unset: erl's default for the type
  Term heir = kNonValue;                       // a pid, or kNonValue for none
  Term heir_data = kNonValue;                  // copied into the table by the constructor
};

class EtsTable {
 public:
  EtsTable(Term name, MonitorRef id, Term owner, const EtsOptions& options);
  EtsTable(const EtsTable&) = delete;
  EtsTable& operator=(const EtsTable&) = delete;

  std::shared_mutex& mutex() const { return mutex_; }

  // ---- what never changes ----
  MonitorRef id() const { return id_; }
  EtsType type() const { return type_; }
  bool is_bag() const { return type_ == EtsType::kBag || type_ == EtsType::kDuplicateBag; }
  uint32_t keypos() const { return keypos_; }
  bool named() const { return named_; }
  // As ets:new/2 was given them; protection and heir may change since
  // (access(), heir()).
  const EtsOptions& options() const { return options_; }

  // ---- state (mutex() shared to read, exclusive to change) ----
  bool alive() const { return alive_; }
  EtsAccess access() const { return access_; }
  void set_access(EtsAccess access) { access_ = access; }
  Term name() const { return name_; }
  void set_name(Term name) { name_ = name; }
  Term owner() const { return owner_; }
  void set_owner(Term owner) { owner_ = owner; }
  Term heir() const { return heir_; }
  Term heir_data() const { return heir_data_.term(); }
  // {heir, none}, or {heir, Pid, Data} copied in.
  void SetHeir(Term heir, Term data);
  // Marks the table deleted and frees every object.
  void Kill();
  // safe_fixtable/2 by `pid` (a count per process, as erl keeps it), and
  // every fixation `pid` holds, dropped when it exits.
  void Fix(Term pid, bool on);
  void Unfix(Term pid);
  const absl::flat_hash_map<uint64_t, int64_t>& fixations() const { return fixations_; }
  bool fixed() const { return !fixations_.empty(); }
  int64_t fixed_since_ns() const { return fixed_since_ns_; }

  // Whether `t` is a tuple this table can hold (a tuple of keypos() or more
  // elements).
  bool IsObject(Term t) const;
  Term KeyOf(Term object) const { return TupleElement(object, keypos_ - 1); }

  // ---- reading (mutex() shared) ----
  size_t size() const { return size_; }
  // Words of storage, objects and bookkeeping together (info memory).
  size_t MemoryWords() const;
  // The objects under `key` (none: empty), in insertion order.
  const std::vector<StoredTerm>* Find(Term key) const;
  // The first or last key, or the one after or before `key` in the
  // table's order, whether or not `key` is in the table; kNonValue at the
  // end. The key returned points into the table.
  Term FirstKey() const;
  Term LastKey() const;
  Term NextKey(Term key) const;
  Term PrevKey(Term key) const;
  bool Contains(Term key) const { return Find(key) != nullptr; }
  // Calls f(objects under one key) for each key in order (reverse: from
  // the last), starting after `after` (kNonValue: from the start), until f
  // returns false.
  void ForEach(Term after, bool reverse,
               absl::FunctionRef<bool(Term key, const std::vector<StoredTerm>&)> f) const;

  // ---- writing (mutex() exclusive) ----
  // Inserts one object (IsObject): replaces the object under its key in a
  // set or ordered_set, joins the others in a bag unless an identical
  // one is there, always joins them in a duplicate_bag.
  void Insert(Term object);
  // Deletes every object under `key`; how many there were.
  size_t Erase(Term key);
  // Deletes the objects =:= `object` (only the first in a set's slot can
  // be); how many.
  size_t EraseObject(Term object);
  // Replaces the one object under `key` of a set or ordered_set.
  // Precondition: there is one, and `object` has an equal key.
  void Replace(Term key, Term object);
  // Deletes every object; how many there were.
  size_t Clear();

  // Debug checker (aborts with a message on failure; mutex() shared): the
  // size counts the objects; every object is a tuple with a key at keypos
  // equal to its slot's key; a set or ordered_set has one object a slot, a
  // bag no two =:= objects in a slot; no slot is empty; the B-tree is in
  // the table's order, strictly (no two slots for one key).
  void CheckInvariants() const;

 private:
  // A slot's key: points into the slot's first object (or is immediate).
  // `term` is repointed, never to a different key in the table's order,
  // when that object goes: the B-tree's order is unchanged by it.
  struct Key {
    mutable Term term;
    uint32_t hash;  // 0 in an ordered_set
  };
  struct KeyLess {
    bool ordered;
    bool operator()(const Key& a, const Key& b) const;
  };
  using Slots = absl::btree_map<Key, std::vector<StoredTerm>, KeyLess>;

  Key MakeKey(Term key) const;
  void Repoint(const Slots::iterator& slot);

  mutable std::shared_mutex mutex_;
  const MonitorRef id_;
  const EtsOptions options_;
  const EtsType type_;
  const uint32_t keypos_;
  const bool named_;

  bool alive_ = true;
  EtsAccess access_;
  Term name_;
  Term owner_;
  Term heir_ = kNonValue;
  StoredTerm heir_data_;
  absl::flat_hash_map<uint64_t, int64_t> fixations_;  // pid's raw word -> count
  int64_t fixed_since_ns_ = 0;
  Slots slots_;
  size_t size_ = 0;
  size_t object_words_ = 0;
};

}  // namespace ling::vm

#endif  // LING_EMULATOR_VM_ETS_TABLE_H_
