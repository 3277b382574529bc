// Heap and HeapFragment: where a process's boxed terms live.
//
// A Heap belongs to one process and is used by one thread at a time (the
// thread running the process); it is not thread-safe. It allocates by bumping
// a pointer through chunks that grow geometrically, starting with none (an
// idle process with an unused heap costs only this object), and frees
// everything at once when the process ends. (The emulator's garbage collector
// will compact it; native processes rely on bulk release.)
//
// A HeapFragment is one exact-size block, typically a message: the sender
// copies a term into it, it travels with the signal, and the receiver may
// Adopt() it into its heap so it is freed with the heap.
//
// Both keep an off-heap list: the refc binaries (ProcBins) they hold, each of
// which owns one reference to shared BinaryData, and the resource references
// (resource.h), each owning one count of a Resource; dropped on release.
#ifndef LING_RUNTIME_TERM_HEAP_H_
#define LING_RUNTIME_TERM_HEAP_H_

#include <cstddef>
#include <cstdint>
#include <memory>

namespace ling {

// The off-heap entries of one heap or fragment -- ProcBins and resource
// references -- linked through their `next` word. Both kinds keep their
// shared object at word 2 and the link at word 3 of the term.
class OffHeapList {
 public:
  OffHeapList() = default;
  OffHeapList(const OffHeapList&) = delete;
  OffHeapList& operator=(const OffHeapList&) = delete;
  ~OffHeapList() { Release(); }

  // Links the entry whose header is at `entry`.
  void Add(uint64_t* entry);
  // Drops every reference held; the list becomes empty.
  void Release();
  // Drops the reference one entry holds (for collectors that found it
  // dead).
  static void ReleaseEntry(const uint64_t* entry);
  static bool IsProcBin(const uint64_t* entry);
  // Moves all entries of `other` into this list.
  void Splice(OffHeapList& other);
  // Empties the list without dropping any reference: for a collector that
  // has moved or released every entry itself.
  void Forget() { first_ = nullptr; }
  size_t size() const;
  // Calls f(entry) for each linked entry's header, newest first.
  template <class F>
  void ForEach(F f) const {
    for (uint64_t* e = first_; e != nullptr; e = Next(e))
      f(static_cast<const uint64_t*>(e));
  }
  // Calls f(procbin) for the ProcBins only, newest first; f may change them
  // (never their links).
  template <class F>
  void ForEachProcBin(F f) {
    for (uint64_t* e = first_; e != nullptr; e = Next(e)) {
      if (IsProcBin(e)) f(e);
    }
  }
  template <class F>
  void ForEachProcBin(F f) const {
    ForEach([&f](const uint64_t* e) {
      if (IsProcBin(e)) f(e);
    });
  }

 private:
  static uint64_t* Next(const uint64_t* procbin);

  uint64_t* first_ = nullptr;
};

// Where the term builders (build.h, bignum.h, map.h...) put what they build:
// a Heap for native processes and scratch work, an Erlang process's memory
// for BIFs. The contract every implementation keeps: Allocate never moves or
// frees what it handed out before, so a builder may allocate several times
// and keep the earlier pointers. A refc binary written into the memory is
// linked on off_heap(), which then owns its reference.
class TermAllocator {
 public:
  // `words` 8-byte words, 8-byte aligned.
  virtual uint64_t* Allocate(size_t words) = 0;
  virtual OffHeapList& off_heap() = 0;

 protected:
  ~TermAllocator() = default;
};

class HeapFragment {
 public:
  static std::unique_ptr<HeapFragment> Create(size_t words);
  ~HeapFragment() = default;
  // Create() allocates more than sizeof(HeapFragment) (the data follows the
  // object); an unsized delete keeps sized deallocation from lying about it.
  static void operator delete(void* p) { ::operator delete(p); }

  // Bump allocation inside the fragment; precondition: fits.
  uint64_t* Allocate(size_t words);
  uint64_t* data() { return data_; }
  size_t capacity() const { return capacity_; }
  size_t used() const { return used_; }
  OffHeapList& off_heap() { return off_heap_; }

 private:
  friend class Heap;
  explicit HeapFragment(size_t words) : capacity_(words) {}

  HeapFragment* next_ = nullptr;  // in a Heap's adopted list
  size_t capacity_;
  size_t used_ = 0;
  OffHeapList off_heap_;
  alignas(8) uint64_t data_[];
};

class Heap final : public TermAllocator {
 public:
  Heap() = default;
  Heap(const Heap&) = delete;
  Heap& operator=(const Heap&) = delete;
  ~Heap() { Clear(); }

  // `words` 8-byte words, 8-byte aligned, valid until Clear().
  uint64_t* Allocate(size_t words) override;
  // Takes a fragment (a received message) into the heap's lifetime.
  void Adopt(std::unique_ptr<HeapFragment> fragment);
  // Frees every chunk and adopted fragment, dropping binary references.
  void Clear();

  // Bytes held in chunks and adopted fragments.
  size_t SizeBytes() const { return bytes_; }
  // Whether `p` points into a chunk's used words or an adopted fragment: a
  // walk over them, for collectors (a heap rarely has more than a few).
  bool Contains(const uint64_t* p) const;
  // Words allocated in chunks and used in fragments.
  size_t UsedWords() const;
  OffHeapList& off_heap() override { return off_heap_; }

  // Debug checker (aborts with a message on failure): chunk and fragment
  // chains are well formed and add up to SizeBytes(); every off-heap entry is
  // a refc binary inside this heap's memory holding a live reference, the
  // only one when the binary is writable (writable_binary.h).
  void CheckInvariants() const;

 private:
  struct Chunk {
    Chunk* prev;
    size_t words;
    alignas(8) uint64_t data[];
  };
  static constexpr size_t kFirstChunkWords = 32;
  static constexpr size_t kMaxChunkWords = 64 * 1024;

  Chunk* top_ = nullptr;
  uint64_t* hp_ = nullptr;
  uint64_t* limit_ = nullptr;
  HeapFragment* fragments_ = nullptr;
  size_t bytes_ = 0;
  OffHeapList off_heap_;
};

}  // namespace ling

#endif  // LING_RUNTIME_TERM_HEAP_H_
