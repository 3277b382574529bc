#include "runtime/term/atom_table.h"

#include <atomic>
#include <cstring>
#include <memory>
#include <mutex>
#include <shared_mutex>

#include "absl/container/flat_hash_map.h"
#include "runtime/base/check.h"
#include "runtime/term/atoms.h"

namespace ling {
namespace {

// Index -> name storage: fixed-size chunks of name pointers, each chunk
// allocated once and published atomically, so readers never lock.
constexpr size_t kChunkBits = 12;
constexpr size_t kChunkSize = size_t{1} << kChunkBits;
constexpr size_t kChunks = kMaxAtoms / kChunkSize;

struct AtomText {
  uint32_t length;
  char text[];
};

class AtomTable {
 public:
  AtomTable() {
    static constexpr std::string_view kPredefined[] = {
#define LING_ATOM_TEXT(name, text) text,
        LING_PREDEFINED_ATOMS(LING_ATOM_TEXT)
#undef LING_ATOM_TEXT
    };
    for (std::string_view text : kPredefined)
      LING_CHECK(Intern(text).ok());
  }

  absl::StatusOr<Term> Intern(std::string_view text) {
    if (text.size() > kMaxAtomLength) {
      return absl::InvalidArgumentError("atom text longer than 255 bytes");
    }
    {
      std::shared_lock<std::shared_mutex> lock(mutex_);
      auto it = index_.find(text);
      if (it != index_.end()) return MakeAtomFromIndex(it->second);
    }
    std::unique_lock<std::shared_mutex> lock(mutex_);
    auto it = index_.find(text);
    if (it != index_.end()) return MakeAtomFromIndex(it->second);
    uint32_t n = count_.load(std::memory_order_relaxed);
    if (n >= kMaxAtoms) return absl::ResourceExhaustedError("system_limit: atom table full");
    auto* name = static_cast<AtomText*>(::operator new(sizeof(AtomText) + text.size()));
    name->length = static_cast<uint32_t>(text.size());
    std::memcpy(name->text, text.data(), text.size());
    std::atomic<const AtomText*>* chunk = chunks_[n >> kChunkBits].load(std::memory_order_relaxed);
    if (chunk == nullptr) {
      chunk = new std::atomic<const AtomText*>[kChunkSize]();
      chunks_[n >> kChunkBits].store(chunk, std::memory_order_release);
    }
    chunk[n & (kChunkSize - 1)].store(name, std::memory_order_release);
    index_.emplace(std::string_view(name->text, name->length), n);
    count_.store(n + 1, std::memory_order_release);
    return MakeAtomFromIndex(n);
  }

  std::optional<Term> Find(std::string_view text) {
    std::shared_lock<std::shared_mutex> lock(mutex_);
    auto it = index_.find(text);
    if (it == index_.end()) return std::nullopt;
    return MakeAtomFromIndex(it->second);
  }

  std::string_view Name(uint32_t index) const {
    LING_CHECK(index < count_.load(std::memory_order_acquire)) << "unknown atom " << index;
    const auto* chunk = chunks_[index >> kChunkBits].load(std::memory_order_acquire);
    const AtomText* name = chunk[index & (kChunkSize - 1)].load(std::memory_order_acquire);
    return std::string_view(name->text, name->length);
  }

  size_t count() const {
    return count_.load(std::memory_order_acquire);
  }

 private:
  // std::shared_mutex rather than absl::Mutex: Debian's Abseil is not built
  // with ThreadSanitizer annotations, pthreads are understood by it.
  std::shared_mutex mutex_;
  absl::flat_hash_map<std::string_view, uint32_t> index_;  // guarded by mutex_
  std::atomic<std::atomic<const AtomText*>*> chunks_[kChunks] = {};
  std::atomic<uint32_t> count_{0};
};

AtomTable& Table() {
  static AtomTable* table = new AtomTable;  // never destroyed: atoms outlive all
  return *table;
}

}  // namespace

absl::StatusOr<Term> TryInternAtom(std::string_view name) {
  return Table().Intern(name);
}

Term InternAtom(std::string_view name) {
  absl::StatusOr<Term> atom = Table().Intern(name);
  LING_CHECK(atom.ok()) << atom.status().ToString();
  return *atom;
}

std::optional<Term> FindAtom(std::string_view name) {
  return Table().Find(name);
}

std::string_view AtomName(Term atom) {
  return Table().Name(AtomIndex(atom));
}

size_t AtomCount() {
  return Table().count();
}

}  // namespace ling
