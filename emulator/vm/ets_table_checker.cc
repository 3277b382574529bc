// EtsTable::CheckInvariants: a walk over the whole table, for tests and
// debugging (aborts with a message on the first broken invariant).
#include "emulator/vm/ets_table.h"
#include "runtime/base/check.h"
#include "runtime/term/compare.h"

namespace ling::vm {

void EtsTable::CheckInvariants() const {
  size_t objects = 0, words = 0;
  const Key* previous = nullptr;
  for (const auto& [key, slot] : slots_) {
    LING_CHECK(!slot.empty()) << "ets: an empty slot";
    if (previous != nullptr) {
      LING_CHECK(slots_.key_comp()(*previous, key)) << "ets: slots out of order";
    }
    previous = &key;
    if (!is_bag()) LING_CHECK(slot.size() == 1) << "ets: a set slot with several objects";
    for (size_t i = 0; i < slot.size(); ++i) {
      Term o = slot[i].term();
      LING_CHECK(IsObject(o)) << "ets: an object that is no tuple of keypos elements";
      Term k = KeyOf(o);
      LING_CHECK(type_ == EtsType::kOrderedSet ? Equal(k, key.term) : ExactEqual(k, key.term))
          << "ets: an object under another key";
      if (type_ == EtsType::kBag) {
        for (size_t j = 0; j < i; ++j)
          LING_CHECK(!ExactEqual(slot[j].term(), o)) << "ets: a bag holds an object twice";
      }
      words += slot[i].words();
      ++objects;
    }
    Key probe = MakeKey(key.term);
    LING_CHECK(probe.hash == key.hash) << "ets: a slot's hash is not its key's";
  }
  LING_CHECK(objects == size_) << "ets: size " << size_ << " but " << objects << " objects";
  LING_CHECK(words == object_words_) << "ets: storage words out of count";
  LING_CHECK(alive_ || size_ == 0) << "ets: a deleted table holds objects";
}

}  // namespace ling::vm
