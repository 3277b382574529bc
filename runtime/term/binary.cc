#include "runtime/term/binary.h"

#include <cstring>
#include <new>

#include "runtime/base/check.h"

namespace ling {

BinaryData* BinaryData::Create(std::span<const uint8_t> bytes) {
  void* raw = ::operator new(sizeof(BinaryData) + bytes.size());
  auto* data = new (raw) BinaryData(bytes.size());
  if (!bytes.empty()) std::memcpy(data->bytes_, bytes.data(), bytes.size());
  return data;
}

void BinaryData::Release() {
  if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    this->~BinaryData();
    ::operator delete(this);
  }
}

size_t BinaryWords(size_t size) {
  return size <= kHeapBinaryLimit ? 2 + (size + 7) / 8 : kProcBinWords;
}

Term WriteBinary(uint64_t* hp, std::span<const uint8_t> bytes, OffHeapList& off_heap) {
  size_t size = bytes.size();
  if (size <= kHeapBinaryLimit) {
    size_t data_words = (size + 7) / 8;
    hp[0] = MakeHeader(tag::Subtag::kHeapBinary, 1 + data_words);
    hp[1] = size;
    if (data_words > 0) {
      hp[1 + data_words] = 0;  // no uninitialised padding bytes in the last word
      std::memcpy(hp + 2, bytes.data(), size);
    }
    return MakeBoxed(hp);
  }
  hp[0] = MakeHeader(tag::Subtag::kRefcBinary, kProcBinWords - 1);
  hp[1] = size;
  hp[2] = reinterpret_cast<uint64_t>(BinaryData::Create(bytes));
  off_heap.Add(hp);
  return MakeBoxed(hp);
}

Term MakeBinary(TermAllocator& heap, std::span<const uint8_t> bytes) {
  return WriteBinary(heap.Allocate(BinaryWords(bytes.size())), bytes, heap.off_heap());
}

Term MakeBinary(TermAllocator& heap, std::string_view text) {
  return MakeBinary(
      heap, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

std::span<const uint8_t> BinaryBytes(Term t) {
  const uint64_t* p = BoxedPointer(t);
  size_t size = p[1];
  tag::Subtag subtag = HeaderSubtag(p[0]);
  if (subtag == tag::Subtag::kHeapBinary) {
    return {reinterpret_cast<const uint8_t*>(p + 2), size};
  }
  LING_CHECK(subtag == tag::Subtag::kRefcBinary)
      << "not a heap or refc binary (sub-binaries come with the emulator)";
  return {reinterpret_cast<const BinaryData*>(p[2])->bytes(), size};
}

BinaryData* RefcData(Term t) {
  const uint64_t* p = BoxedPointer(t);
  if (HeaderSubtag(p[0]) != tag::Subtag::kRefcBinary) return nullptr;
  return reinterpret_cast<BinaryData*>(p[2]);
}

}  // namespace ling
