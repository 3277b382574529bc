// prim_buffer's NIFs as BIFs: the byte queue prim_file reads ahead into
// (read_buffer.h). prim_buffer.erl is OTP's, loaded from erts's ebin.
#include <optional>
#include <string>
#include <vector>

#include "emulator/vm/bif.h"
#include "emulator/vm/bif_util.h"
#include "emulator/vm/read_buffer.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/bignum.h"
#include "runtime/term/binary.h"
#include "runtime/term/build.h"
#include "runtime/term/resource.h"

namespace ling::vm {
namespace {

// A byte count: a non-negative integer that fits 64 bits.
std::optional<uint64_t> Count(Term t) {
  std::optional<int64_t> v = IntegerToInt64(t);
  if (!v || *v < 0) return std::nullopt;
  return static_cast<uint64_t>(*v);
}

#define BUFFER_ARG(name)                              \
  ReadBuffer* name = ResourceAs<ReadBuffer>(args[0]); \
  if (name == nullptr) return ctx.Fail(atoms::kBadarg)

Term BifNew(BifContext& ctx, const Term*) {
  return AdoptResource(ctx.memory, ReadBuffer::Create());
}

Term BifSize(BifContext& ctx, const Term* args) {
  BUFFER_ARG(buffer);
  return MakeUnsignedInteger(ctx.memory, buffer->size());
}

// An iovec: a proper list of binaries.
Term BifWrite(BifContext& ctx, const Term* args) {
  BUFFER_ARG(buffer);
  std::vector<uint8_t> scratch;
  std::string bytes;
  Term list = args[1];
  for (; IsList(list); list = Tail(list)) {
    std::optional<std::span<const uint8_t>> b = BinaryView(Head(list), scratch);
    if (!b) return ctx.Fail(atoms::kBadarg);
    bytes.append(Chars(*b));
  }
  if (!IsNil(list)) return ctx.Fail(atoms::kBadarg);
  buffer->Append(Bytes(bytes));
  return atoms::kOk;
}

Term BifCopyingRead(BifContext& ctx, const Term* args) {
  BUFFER_ARG(buffer);
  std::optional<uint64_t> n = Count(args[1]);
  std::vector<uint8_t> bytes;
  if (!n || !buffer->Take(*n, &bytes)) return ctx.Fail(atoms::kBadarg);
  return MakeBinary(ctx.memory, bytes);
}

// The first block queued: ling's queue is one block, so all of it.
Term BifPeekHead(BifContext& ctx, const Term* args) {
  BUFFER_ARG(buffer);
  std::vector<uint8_t> bytes = buffer->Peek();
  if (bytes.empty()) return ctx.Fail(atoms::kBadarg);
  return MakeBinary(ctx.memory, bytes);
}

Term BifSkip(BifContext& ctx, const Term* args) {
  BUFFER_ARG(buffer);
  std::optional<uint64_t> n = Count(args[1]);
  if (!n || !buffer->Take(*n, nullptr)) return ctx.Fail(atoms::kBadarg);
  return atoms::kOk;
}

Term BifFindByteIndex(BifContext& ctx, const Term* args) {
  static const Term kNotFound = InternAtom("not_found");
  BUFFER_ARG(buffer);
  if (!IsSmall(args[1]) || SmallValue(args[1]) < 0 || SmallValue(args[1]) > 255)
    return ctx.Fail(atoms::kBadarg);
  std::optional<size_t> at = buffer->Find(static_cast<uint8_t>(SmallValue(args[1])));
  if (!at) return kNotFound;
  return MakeTuple(ctx.memory, {atoms::kOk, MakeUnsignedInteger(ctx.memory, *at)});
}

Term BifTryLock(BifContext& ctx, const Term* args) {
  static const Term kAcquired = InternAtom("acquired"), kBusy = InternAtom("busy");
  BUFFER_ARG(buffer);
  return buffer->TryLock() ? kAcquired : kBusy;
}

Term BifUnlock(BifContext& ctx, const Term* args) {
  static const Term kViolation = InternAtom("lock_order_violation");
  BUFFER_ARG(buffer);
  if (!buffer->Unlock()) return ctx.Fail(kViolation);
  return atoms::kOk;
}

#undef BUFFER_ARG

constexpr BifEntry kPrimBufferBifs[] = {
    {"prim_buffer", "new", 0, BifNew},
    {"prim_buffer", "size", 1, BifSize},
    {"prim_buffer", "write", 2, BifWrite},
    {"prim_buffer", "copying_read", 2, BifCopyingRead},
    {"prim_buffer", "peek_head", 1, BifPeekHead},
    {"prim_buffer", "skip", 2, BifSkip},
    {"prim_buffer", "find_byte_index", 2, BifFindByteIndex},
    {"prim_buffer", "try_lock", 1, BifTryLock},
    {"prim_buffer", "unlock", 1, BifUnlock},
};

}  // namespace

std::span<const BifEntry> PrimBufferBifs() {
  return kPrimBufferBifs;
}

}  // namespace ling::vm
