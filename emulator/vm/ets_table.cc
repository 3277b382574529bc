#include "emulator/vm/ets_table.h"

#include <chrono>
#include <utility>

#include "runtime/term/compare.h"
#include "runtime/term/copy.h"
#include "runtime/term/map_hash.h"

namespace ling::vm {

StoredTerm::StoredTerm(Term t) {
  storage_ = CopyToFragment(t, &term_);
}

size_t StoredTerm::words() const {
  return storage_ != nullptr ? storage_->capacity() : 0;
}

EtsTable::EtsTable(Term name, MonitorRef id, Term owner, const EtsOptions& options)
    : id_(id),
      options_(options),
      type_(options.type),
      keypos_(options.keypos),
      named_(options.named),
      access_(options.access),
      name_(name),
      owner_(owner),
      slots_(KeyLess{options.type == EtsType::kOrderedSet}) {
  SetHeir(options.heir, options.heir_data);
}

// The same word is the same term, and small integers order by value: the
// common keys skip the general comparison.
bool EtsTable::KeyLess::operator()(const Key& a, const Key& b) const {
  if (a.term == b.term) return false;
  if (ordered) {
    if (IsSmall(a.term) && IsSmall(b.term)) return SmallValue(a.term) < SmallValue(b.term);
    return Compare(a.term, b.term) < 0;
  }
  if (a.hash != b.hash) return a.hash < b.hash;
  return CompareExact(a.term, b.term) < 0;
}

EtsTable::Key EtsTable::MakeKey(Term key) const {
  return {key, type_ == EtsType::kOrderedSet ? 0 : InternalHash(key, 0)};
}

void EtsTable::SetHeir(Term heir, Term data) {
  heir_ = heir;
  heir_data_ = heir == kNonValue ? StoredTerm() : StoredTerm(data);
}

void EtsTable::Kill() {
  alive_ = false;
  Clear();
  fixations_.clear();
  heir_data_ = StoredTerm();
}

void EtsTable::Fix(Term pid, bool on) {
  auto it = fixations_.find(pid.raw());
  if (on) {
    if (fixations_.empty()) {
      fixed_since_ns_ = std::chrono::duration_cast<std::chrono::nanoseconds>(
                            std::chrono::steady_clock::now().time_since_epoch())
                            .count();
    }
    ++fixations_[pid.raw()];
  } else if (it != fixations_.end() && --it->second == 0) {
    fixations_.erase(it);
  }
}

void EtsTable::Unfix(Term pid) {
  fixations_.erase(pid.raw());
}

bool EtsTable::IsObject(Term t) const {
  return IsTuple(t) && TupleArity(t) >= keypos_;
}

size_t EtsTable::MemoryWords() const {
  // Each slot's B-tree entry and vector, about six words; the table itself
  // about forty, as erl's empty table.
  return 40 + object_words_ + slots_.size() * 6 + size_ * 2;
}

const std::vector<StoredTerm>* EtsTable::Find(Term key) const {
  auto it = slots_.find(MakeKey(key));
  return it == slots_.end() ? nullptr : &it->second;
}

Term EtsTable::FirstKey() const {
  return slots_.empty() ? kNonValue : slots_.begin()->first.term;
}

Term EtsTable::LastKey() const {
  return slots_.empty() ? kNonValue : slots_.rbegin()->first.term;
}

Term EtsTable::NextKey(Term key) const {
  auto it = slots_.upper_bound(MakeKey(key));
  return it == slots_.end() ? kNonValue : it->first.term;
}

Term EtsTable::PrevKey(Term key) const {
  auto it = slots_.lower_bound(MakeKey(key));
  if (it == slots_.begin()) return kNonValue;
  return std::prev(it)->first.term;
}

void EtsTable::ForEach(Term after, bool reverse,
                       absl::FunctionRef<bool(Term, const std::vector<StoredTerm>&)> f) const {
  if (!reverse) {
    auto it = after == kNonValue ? slots_.begin() : slots_.upper_bound(MakeKey(after));
    for (; it != slots_.end(); ++it) {
      if (!f(it->first.term, it->second)) return;
    }
    return;
  }
  auto it = after == kNonValue ? slots_.end() : slots_.lower_bound(MakeKey(after));
  while (it != slots_.begin()) {
    --it;
    if (!f(it->first.term, it->second)) return;
  }
}

// The slot's key points into its first object again (after that object
// changed), which has an equal key.
void EtsTable::Repoint(const Slots::iterator& slot) {
  slot->first.term = KeyOf(slot->second.front().term());
}

void EtsTable::Insert(Term object) {
  StoredTerm stored(object);
  object_words_ += stored.words();
  Key key = MakeKey(KeyOf(stored.term()));
  auto [slot, inserted] = slots_.try_emplace(key);
  std::vector<StoredTerm>& objects = slot->second;
  if (inserted) {
    objects.push_back(std::move(stored));
    ++size_;
    return;
  }
  switch (type_) {
    case EtsType::kSet:
    case EtsType::kOrderedSet:
      object_words_ -= objects.front().words();
      objects.front() = std::move(stored);
      Repoint(slot);
      return;
    case EtsType::kBag:
      for (const StoredTerm& o : objects) {
        if (ExactEqual(o.term(), object)) {
          object_words_ -= stored.words();
          return;
        }
      }
      [[fallthrough]];
    case EtsType::kDuplicateBag:
      objects.push_back(std::move(stored));
      ++size_;
      return;
  }
}

size_t EtsTable::Erase(Term key) {
  auto it = slots_.find(MakeKey(key));
  if (it == slots_.end()) return 0;
  size_t n = it->second.size();
  for (const StoredTerm& o : it->second)
    object_words_ -= o.words();
  size_ -= n;
  slots_.erase(it);
  return n;
}

size_t EtsTable::EraseObject(Term object) {
  auto it = slots_.find(MakeKey(KeyOf(object)));
  if (it == slots_.end()) return 0;
  std::vector<StoredTerm>& objects = it->second;
  size_t kept = 0, erased = 0;
  for (size_t i = 0; i < objects.size(); ++i) {
    if (ExactEqual(objects[i].term(), object)) {
      object_words_ -= objects[i].words();
      ++erased;
    } else {
      if (kept != i) objects[kept] = std::move(objects[i]);
      ++kept;
    }
  }
  if (erased == 0) return 0;
  size_ -= erased;
  if (kept == 0) {
    slots_.erase(it);
  } else {
    objects.resize(kept);
    Repoint(it);
  }
  return erased;
}

void EtsTable::Replace(Term key, Term object) {
  auto it = slots_.find(MakeKey(key));
  StoredTerm stored(object);
  object_words_ += stored.words();
  object_words_ -= it->second.front().words();
  it->second.front() = std::move(stored);
  Repoint(it);
}

size_t EtsTable::Clear() {
  size_t n = size_;
  slots_.clear();
  size_ = 0;
  object_words_ = 0;
  return n;
}

}  // namespace ling::vm
