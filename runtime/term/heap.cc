#include "runtime/term/heap.h"

#include <algorithm>
#include <new>
#include <utility>

#include "runtime/base/check.h"
#include "runtime/term/binary.h"
#include "runtime/term/resource.h"

namespace ling {

// ---- OffHeapList -------------------------------------------------------------

namespace {
// ProcBin words (see binary.h); a resource reference's are the same.
using binary_words::kProcBinData;
constexpr size_t kProcBinNext = 3;

uint64_t*& NextOf(uint64_t* procbin) {
  return reinterpret_cast<uint64_t*&>(procbin[kProcBinNext]);
}
}  // namespace

uint64_t* OffHeapList::Next(const uint64_t* procbin) {
  return reinterpret_cast<uint64_t*>(procbin[kProcBinNext]);
}

void OffHeapList::Add(uint64_t* entry) {
  NextOf(entry) = first_;
  first_ = entry;
}

bool OffHeapList::IsProcBin(const uint64_t* entry) {
  return HeaderSubtag(entry[0]) == tag::Subtag::kRefcBinary;
}

void OffHeapList::ReleaseEntry(const uint64_t* entry) {
  if (IsProcBin(entry)) {
    reinterpret_cast<BinaryData*>(entry[kProcBinData])->Release();
  } else {
    reinterpret_cast<Resource*>(entry[kProcBinData])->Release();
  }
}

void OffHeapList::Release() {
  while (first_ != nullptr) {
    uint64_t* e = first_;
    first_ = NextOf(e);
    ReleaseEntry(e);
  }
}

void OffHeapList::Splice(OffHeapList& other) {
  while (other.first_ != nullptr) {
    uint64_t* pb = other.first_;
    other.first_ = NextOf(pb);
    Add(pb);
  }
}

size_t OffHeapList::size() const {
  size_t n = 0;
  ForEach([&n](const uint64_t*) { ++n; });
  return n;
}

// ---- HeapFragment --------------------------------------------------------------

std::unique_ptr<HeapFragment> HeapFragment::Create(size_t words) {
  void* raw = ::operator new(sizeof(HeapFragment) + words * sizeof(uint64_t));
  return std::unique_ptr<HeapFragment>(new (raw) HeapFragment(words));
}

uint64_t* HeapFragment::Allocate(size_t words) {
  LING_CHECK(used_ + words <= capacity_) << "heap fragment overflow";
  uint64_t* p = data_ + used_;
  used_ += words;
  return p;
}

// ---- Heap ------------------------------------------------------------------------

uint64_t* Heap::Allocate(size_t words) {
  if (static_cast<size_t>(limit_ - hp_) < words) {
    size_t next = top_ == nullptr ? kFirstChunkWords : std::min(top_->words * 2, kMaxChunkWords);
    next = std::max(next, words);
    auto* chunk = static_cast<Chunk*>(::operator new(sizeof(Chunk) + next * sizeof(uint64_t)));
    chunk->prev = top_;
    chunk->words = next;
    top_ = chunk;
    hp_ = chunk->data;
    limit_ = chunk->data + next;
    bytes_ += next * sizeof(uint64_t);
  }
  uint64_t* p = hp_;
  hp_ += words;
  return p;
}

bool Heap::Contains(const uint64_t* p) const {
  for (const Chunk* c = top_; c != nullptr; c = c->prev) {
    const uint64_t* used_end = c == top_ ? hp_ : c->data + c->words;
    if (p >= c->data && p < used_end) return true;
  }
  for (const HeapFragment* f = fragments_; f != nullptr; f = f->next_) {
    if (p >= f->data_ && p < f->data_ + f->used_) return true;
  }
  return false;
}

size_t Heap::UsedWords() const {
  size_t words = 0;
  for (const Chunk* c = top_; c != nullptr; c = c->prev)
    words += c == top_ ? static_cast<size_t>(hp_ - c->data) : c->words;
  for (const HeapFragment* f = fragments_; f != nullptr; f = f->next_)
    words += f->used_;
  return words;
}

void Heap::Adopt(std::unique_ptr<HeapFragment> fragment) {
  if (fragment == nullptr) return;
  HeapFragment* f = fragment.release();
  off_heap_.Splice(f->off_heap_);
  f->next_ = fragments_;
  fragments_ = f;
  bytes_ += f->capacity_ * sizeof(uint64_t);
}

void Heap::Clear() {
  off_heap_.Release();
  while (top_ != nullptr) {
    Chunk* prev = top_->prev;
    ::operator delete(top_);
    top_ = prev;
  }
  while (fragments_ != nullptr) {
    HeapFragment* next = fragments_->next_;
    delete fragments_;
    fragments_ = next;
  }
  hp_ = limit_ = nullptr;
  bytes_ = 0;
}

void Heap::CheckInvariants() const {
  size_t bytes = 0;
  for (const Chunk* c = top_; c != nullptr; c = c->prev)
    bytes += c->words * sizeof(uint64_t);
  for (const HeapFragment* f = fragments_; f != nullptr; f = f->next_) {
    LING_CHECK(f->used_ <= f->capacity_) << "fragment overfilled";
    bytes += f->capacity_ * sizeof(uint64_t);
  }
  LING_CHECK_EQ(bytes, bytes_) << "heap size accounting is off";
  if (top_ != nullptr) {
    LING_CHECK(hp_ >= top_->data && hp_ <= limit_ && limit_ == top_->data + top_->words)
        << "heap top pointer outside its chunk";
  }
  auto inside = [this](const uint64_t* p) {
    for (const Chunk* c = top_; c != nullptr; c = c->prev) {
      if (p >= c->data && p + kProcBinWords <= c->data + c->words) return true;
    }
    for (const HeapFragment* f = fragments_; f != nullptr; f = f->next_) {
      if (p >= f->data_ && p + kProcBinWords <= f->data_ + f->used_) return true;
    }
    return false;
  };
  off_heap_.ForEach([&](const uint64_t* e) {
    LING_CHECK(inside(e)) << "off-heap entry outside the heap";
    if (!OffHeapList::IsProcBin(e)) {
      LING_CHECK(IsReference(MakeBoxed(e)) && ResourceOf(MakeBoxed(e))->refs() > 0)
          << "off-heap entry is neither a ProcBin nor a live resource reference";
      return;
    }
    const auto* data = reinterpret_cast<const BinaryData*>(e[kProcBinData]);
    LING_CHECK(data->refs() > 0) << "ProcBin points to freed binary data";
    LING_CHECK(!data->writable() || data->refs() == 1) << "a writable binary is shared";
  });
}

}  // namespace ling
