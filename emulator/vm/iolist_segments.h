// IolistSegments: the bytes of port_command's iodata as segments for the
// driver, as BEAM's ErlIOVec has them (erts_ioq_iolist_to_vec): a binary of
// kSmallIoBinLimit bytes or more that starts on a byte is a segment of its
// own, viewed in place, never copied -- when it lies in a refc binary the
// segment names that binary, so that a command that has to queue takes a
// reference to it instead of copying (PortTask::WithDataCopy); list bytes,
// smaller binaries and binaries that start inside a byte are copied, in
// order, into runs in a buffer of the object's own. iodata that is one
// binary is one segment in place, whatever its size.
//
// The segments are valid while the object lives and the iodata's memory is
// neither collected nor changed: for a BIF, until it returns.
//
// Concurrency: one thread, on the calling process's own terms (as a BIF).
#ifndef LING_EMULATOR_VM_IOLIST_SEGMENTS_H_
#define LING_EMULATOR_VM_IOLIST_SEGMENTS_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "ling/term.h"
#include "runtime/term/binary.h"

namespace ling::vm {

class IolistSegments {
 public:
  // BEAM's ERL_SMALL_IO_BIN_LIMIT: four times its heap binary limit.
  static constexpr size_t kSmallIoBinLimit = 4 * kHeapBinaryLimit;

  IolistSegments() = default;
  // The segments may point into the object.
  IolistSegments(const IolistSegments&) = delete;
  IolistSegments& operator=(const IolistSegments&) = delete;

  // Takes the bytes of `iodata`: a binary, or a possibly improper list of
  // bytes 0..255, binaries and such lists, whose tail may be a binary.
  // False (the segments then undefined) if `iodata` is not that, or holds a
  // bitstring that is not whole bytes. Once per object.
  bool Build(Term iodata);

  // The bytes, in order; no segment is empty.
  std::span<const std::span<const uint8_t>> segments() const { return segments_; }
  // One entry per segment: the refc binary the segment lies in, or nullptr
  // (copied bytes, heap binaries).
  std::span<BinaryData* const> refc() const { return refc_; }

 private:
  // A binary inside the list.
  bool AddBinary(Term binary);
  // Bytes to copy, after those copied so far (in the last segment if it is
  // a copied run, else in a new one).
  void Copy(std::span<const uint8_t> bytes);
  void CopyByte(uint8_t byte);
  // `n` bytes were appended to copied_.
  void Copied(size_t n);
  // Points the copied runs into copied_, now that it no longer grows.
  void PlaceCopies();

  // While building, a copied run is an empty placeholder (a real segment is
  // never empty), its length in run_sizes_.
  absl::InlinedVector<std::span<const uint8_t>, 4> segments_;
  absl::InlinedVector<BinaryData*, 4> refc_;
  absl::InlinedVector<size_t, 4> run_sizes_;
  bool last_copied_ = false;  // the last segment is a copied run
  absl::InlinedVector<uint8_t, 256> copied_;
  std::vector<uint8_t> unaligned_;  // scratch for a binary that starts inside a byte
};

}  // namespace ling::vm

#endif  // LING_EMULATOR_VM_IOLIST_SEGMENTS_H_
