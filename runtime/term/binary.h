// Binaries. Up to kHeapBinaryLimit bytes live inside the heap (a heap
// binary); larger ones live off-heap in a reference-counted, immutable
// BinaryData, and the heap holds a ProcBin that points to it. Copying a
// refc binary into another heap copies the ProcBin and takes a reference,
// never the bytes.
//
// Layouts (words):
//   heap binary: header(kHeapBinary, 1 + ceil(size/8)) | size | bytes...
//   ProcBin:     header(kRefcBinary, 3) | size | BinaryData* | next ProcBin
//
// The sub-binary subtag (a slice of another binary) is reserved for the
// emulator's bit syntax; nothing here builds one, and the functions below
// reject it.
//
// Concurrency: BinaryData is shared between processes and threads; its
// reference count is atomic and its bytes never change after creation.
#ifndef LING_RUNTIME_TERM_BINARY_H_
#define LING_RUNTIME_TERM_BINARY_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "ling/term.h"
#include "runtime/term/heap.h"

namespace ling {

inline constexpr size_t kHeapBinaryLimit = 64;
inline constexpr size_t kProcBinWords = 4;

class BinaryData {
 public:
  BinaryData(const BinaryData&) = delete;
  BinaryData& operator=(const BinaryData&) = delete;

  // One reference, owned by the caller.
  static BinaryData* Create(std::span<const uint8_t> bytes);
  // Taking a reference needs no ordering: the caller already holds one.
  void AddRef() { refs_.fetch_add(1, std::memory_order_relaxed); }
  // Drops a reference; the last one frees the data (acq_rel, so every
  // holder's reads happen before the free).
  void Release();
  size_t size() const { return size_; }
  const uint8_t* bytes() const { return bytes_; }
  int64_t refs() const { return refs_.load(std::memory_order_acquire); }

 private:
  explicit BinaryData(size_t size) : size_(size) {}
  std::atomic<int64_t> refs_{1};
  size_t size_;
  alignas(8) uint8_t bytes_[];
};

// Words a binary of `size` bytes takes on a heap.
size_t BinaryWords(size_t size);
Term MakeBinary(TermAllocator& heap, std::span<const uint8_t> bytes);
Term MakeBinary(TermAllocator& heap, std::string_view text);
// Builds the binary at hp (BinaryWords(size) words), linking a ProcBin into
// `off_heap`.
Term WriteBinary(uint64_t* hp, std::span<const uint8_t> bytes, OffHeapList& off_heap);
// Precondition: t is a heap or refc binary. The bytes stay valid as long as
// the term's heap (or, for a refc binary, any reference to its data) lives.
std::span<const uint8_t> BinaryBytes(Term t);
// The BinaryData behind a refc binary (nullptr for a heap binary).
BinaryData* RefcData(Term t);

}  // namespace ling

#endif  // LING_RUNTIME_TERM_BINARY_H_
