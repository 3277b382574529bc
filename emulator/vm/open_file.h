// OpenFile: a file that prim_file opened -- a raw file of file:open/2, and
// every file the file server works on -- held by resource references
// (runtime/term/resource.h). It closes when prim_file closes it, or else
// when the last term that refers to it goes: the collection that drops it,
// or the end of the process holding it.
//
// Every operation answers 0 or an errno value, as prim_file's NIFs report
// them ({error, enoent}); a closed file answers EINVAL to all of them.
//
// Concurrency: a handle may sit in several processes, but prim_file lets
// only the process that opened the file use it (prim_file.erl checks). Each
// operation still holds the file's mutex, so no two threads ever race on the
// descriptor or on closing it. Operations block the calling scheduler for
// their system call: local files answer quickly, and BEAM's dirty I/O
// schedulers have no counterpart in ling yet.
#ifndef LING_EMULATOR_VM_OPEN_FILE_H_
#define LING_EMULATOR_VM_OPEN_FILE_H_

#include <sys/stat.h>

#include <cstdint>
#include <mutex>
#include <span>
#include <vector>

#include "runtime/term/resource.h"

namespace ling::vm {

// prim_file's open modes (its NIF's mode list, already translated).
enum FileMode : unsigned {
  kFileRead = 1,
  kFileWrite = 2,
  kFileAppend = 4,
  kFileExclusive = 8,
  kFileSync = 16,
  kFileSkipTypeCheck = 32,
  kFileDirectory = 64,
};

class OpenFile final : public Resource {
 public:
  // Opens `path` with `modes`, as prim_file does: write alone truncates and
  // creates, read and write together create, append and exclusive imply
  // write, neither read nor write means read; a directory opens only in
  // directory mode (EISDIR) unless the type check is skipped. One count,
  // owned by the caller; nullptr with *error set on failure.
  static OpenFile* Open(const char* path, unsigned modes, int* error);
  // Takes over an open descriptor (prim_file:file_desc_to_ref); EBADF if
  // it is not open.
  static OpenFile* Adopt(int fd, int* error);

  int Close();
  // Up to `size` bytes from the position (none at the end of the file).
  int Read(size_t size, std::vector<uint8_t>& out);
  int Write(std::span<const uint8_t> bytes);
  int ReadAt(int64_t offset, size_t size, std::vector<uint8_t>& out);
  int WriteAt(int64_t offset, std::span<const uint8_t> bytes);
  // whence: SEEK_SET, SEEK_CUR or SEEK_END.
  int Seek(int whence, int64_t offset, int64_t* position);
  int Sync(bool data_only);
  // Cuts the file at the position.
  int Truncate();
  int Allocate(int64_t offset, int64_t length);
  // advice: a POSIX_FADV_* value.
  int Advise(int64_t offset, int64_t length, int advice);
  int Stat(struct stat* info);
  int Descriptor(int* fd);

 private:
  explicit OpenFile(int fd) : fd_(fd) {}
  ~OpenFile() override;

  // Runs op(fd) under the lock; EINVAL once closed.
  template <class Op>
  int WithDescriptor(Op op);

  std::mutex mutex_;
  int fd_;  // -1 once closed
};

// The whole file at `path` (prim_file:read_file/1); EISDIR for a
// directory.
int ReadWholeFile(const char* path, std::vector<uint8_t>& out);

}  // namespace ling::vm

#endif  // LING_EMULATOR_VM_OPEN_FILE_H_
