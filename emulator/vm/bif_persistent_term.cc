// persistent_term: terms stored node-wide, read by any process without a
// copy. A stored key and value are copied once into storage that is never
// freed or moved -- process heaps point at them as they point at module
// literals, and a collection leaves them where they are. Replaced and
// erased values stay allocated (BEAM frees them after a global collection
// that ling does not have yet), so storage grows with every put: a
// persistent term is for data that rarely changes, as BEAM's docs say.
//
// Concurrency: a reader-writer lock guards the table; puts and erases are
// serialised, gets run in parallel. Terms handed out are immutable.
#include <mutex>
#include <shared_mutex>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/inlined_vector.h"
#include "emulator/vm/bif.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/build.h"
#include "runtime/term/compare.h"
#include "runtime/term/copy.h"
#include "runtime/term/heap.h"
#include "runtime/term/map.h"
#include "runtime/term/map_hash.h"

namespace ling::vm {
namespace {

class PersistentTerms {
 public:
  static PersistentTerms& Get() {
    static PersistentTerms* table = new PersistentTerms;  // lives as long as the program
    return *table;
  }

  Term Find(Term key) {
    std::shared_lock<std::shared_mutex> lock(mutex_);
    const Entry* e = FindLocked(key);
    return e != nullptr ? e->value : kNonValue;
  }

  void Put(Term key, Term value) {
    std::unique_lock<std::shared_mutex> lock(mutex_);
    if (Entry* e = FindLocked(key)) {
      if (!ExactEqual(e->value, value)) e->value = CopyTerm(value, storage_);
      return;
    }
    by_hash_[InternalHash(key, 0)].push_back({CopyTerm(key, storage_), CopyTerm(value, storage_)});
    ++count_;
  }

  bool Erase(Term key) {
    std::unique_lock<std::shared_mutex> lock(mutex_);
    auto bucket = by_hash_.find(InternalHash(key, 0));
    if (bucket == by_hash_.end()) return false;
    Bucket& entries = bucket->second;
    for (Entry& e : entries) {
      if (!ExactEqual(e.key, key)) continue;
      e = entries.back();
      entries.pop_back();
      if (entries.empty()) by_hash_.erase(bucket);
      --count_;
      return true;
    }
    return false;
  }

  std::vector<std::pair<Term, Term>> All() {
    std::shared_lock<std::shared_mutex> lock(mutex_);
    std::vector<std::pair<Term, Term>> all;
    for (const auto& [hash, entries] : by_hash_) {
      for (const Entry& e : entries)
        all.push_back({e.key, e.value});
    }
    return all;
  }

  size_t size() {
    std::shared_lock<std::shared_mutex> lock(mutex_);
    return count_;
  }

  size_t MemoryBytes() {
    std::shared_lock<std::shared_mutex> lock(mutex_);
    return storage_.SizeBytes();
  }

 private:
  struct Entry {
    Term key;
    Term value;
  };
  // The entries whose keys share a hash (almost always one).
  using Bucket = absl::InlinedVector<Entry, 1>;

  Entry* FindLocked(Term key) {
    auto bucket = by_hash_.find(InternalHash(key, 0));
    if (bucket == by_hash_.end()) return nullptr;
    for (Entry& e : bucket->second) {
      if (ExactEqual(e.key, key)) return &e;
    }
    return nullptr;
  }

  std::shared_mutex mutex_;
  // By erts's internal hash of the key; guarded by mutex_.
  absl::flat_hash_map<uint32_t, Bucket> by_hash_;
  size_t count_ = 0;  // guarded by mutex_
  Heap storage_;      // guarded by mutex_; never cleared
};

Term BifGet0(BifContext& ctx, const Term*) {
  std::vector<Term> pairs;
  for (const auto& [key, value] : PersistentTerms::Get().All())
    pairs.push_back(MakeTuple(ctx.memory, {key, value}));
  return MakeList(ctx.memory, pairs);
}

Term BifGet1(BifContext& ctx, const Term* args) {
  Term value = PersistentTerms::Get().Find(args[0]);
  return value != kNonValue ? value : ctx.Fail(atoms::kBadarg);
}

Term BifGet2(BifContext&, const Term* args) {
  Term value = PersistentTerms::Get().Find(args[0]);
  return value != kNonValue ? value : args[1];
}

Term BifPut(BifContext&, const Term* args) {
  PersistentTerms::Get().Put(args[0], args[1]);
  return atoms::kOk;
}

Term BifErase(BifContext&, const Term* args) {
  return PersistentTerms::Get().Erase(args[0]) ? atoms::kTrue : atoms::kFalse;
}

// #{count => N, memory => Bytes}.
Term BifInfo(BifContext& ctx, const Term*) {
  static const Term kCount = InternAtom("count"), kMemory = InternAtom("memory");
  PersistentTerms& table = PersistentTerms::Get();
  const std::pair<Term, Term> info[] = {
      {kCount, MakeSmall(static_cast<int64_t>(table.size()))},
      {kMemory, MakeSmall(static_cast<int64_t>(table.MemoryBytes()))}};
  return MakeMap(ctx.memory, info);
}

constexpr BifEntry kPersistentTermBifs[] = {
    {"persistent_term", "get", 0, BifGet0},    {"persistent_term", "get", 1, BifGet1},
    {"persistent_term", "get", 2, BifGet2},    {"persistent_term", "put", 2, BifPut},
    {"persistent_term", "erase", 1, BifErase}, {"persistent_term", "info", 0, BifInfo},
};

}  // namespace

std::span<const BifEntry> PersistentTermBifs() {
  return kPersistentTermBifs;
}

}  // namespace ling::vm
