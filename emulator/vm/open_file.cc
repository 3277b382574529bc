#include "emulator/vm/open_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace ling::vm {
namespace {

constexpr mode_t kNewFileMode = 0666;  // before the umask, as BEAM
constexpr mode_t kNewDirectoryMode = 0777;

// A system call's result, retried while a signal interrupts it.
template <class Call>
auto Retry(Call call) {
  decltype(call()) r;
  do {
    r = call();
  } while (r < 0 && errno == EINTR);
  return r;
}

int OpenFlags(unsigned modes) {
  if (modes & (kFileAppend | kFileExclusive)) modes |= kFileWrite;
  if (!(modes & (kFileRead | kFileWrite))) modes |= kFileRead;
  int flags = !(modes & kFileWrite)  ? O_RDONLY
              : !(modes & kFileRead) ? O_WRONLY | O_CREAT | O_TRUNC
                                     : O_RDWR | O_CREAT;
  if (modes & kFileAppend) flags = (flags & ~O_TRUNC) | O_APPEND;
  if (modes & kFileExclusive) flags |= O_EXCL;
  if (modes & kFileSync) flags |= O_SYNC;
  if (modes & kFileDirectory) flags |= O_DIRECTORY;
  return flags | O_CLOEXEC;
}

bool IsDirectory(int fd) {
  struct stat info;
  return fstat(fd, &info) == 0 && S_ISDIR(info.st_mode);
}

// Reads up to out.size() bytes at `offset` (-1: the position), shrinking
// `out` to what came.
int ReadInto(int fd, int64_t offset, std::vector<uint8_t>& out) {
  ssize_t n = Retry([&] {
    return offset < 0 ? read(fd, out.data(), out.size())
                      : pread(fd, out.data(), out.size(), static_cast<off_t>(offset));
  });
  if (n < 0) return errno;
  out.resize(static_cast<size_t>(n));
  return 0;
}

// Writes all of `bytes` at `offset` (-1: the position).
int WriteAll(int fd, int64_t offset, std::span<const uint8_t> bytes) {
  while (!bytes.empty()) {
    ssize_t n = Retry([&] {
      return offset < 0 ? write(fd, bytes.data(), bytes.size())
                        : pwrite(fd, bytes.data(), bytes.size(), static_cast<off_t>(offset));
    });
    if (n < 0) return errno;
    bytes = bytes.subspan(static_cast<size_t>(n));
    if (offset >= 0) offset += n;
  }
  return 0;
}

}  // namespace

OpenFile* OpenFile::Open(const char* path, unsigned modes, int* error) {
  mode_t create_mode = (modes & kFileDirectory) ? kNewDirectoryMode : kNewFileMode;
  int fd = Retry([&] { return open(path, OpenFlags(modes), create_mode); });
  if (fd < 0) {
    *error = errno;
    return nullptr;
  }
  // open(2) takes a directory without O_DIRECTORY; prim_file asks for
  // directory mode to be explicit.
  if (!(modes & (kFileSkipTypeCheck | kFileDirectory)) && IsDirectory(fd)) {
    close(fd);
    *error = EISDIR;
    return nullptr;
  }
  return new OpenFile(fd);
}

OpenFile* OpenFile::Adopt(int fd, int* error) {
  if (fcntl(fd, F_GETFL) < 0 && errno == EBADF) {
    *error = EBADF;
    return nullptr;
  }
  return new OpenFile(fd);
}

OpenFile::~OpenFile() {
  if (fd_ >= 0) close(fd_);
}

template <class Op>
int OpenFile::WithDescriptor(Op op) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (fd_ < 0) return EINVAL;
  return op(fd_);
}

int OpenFile::Close() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (fd_ < 0) return EINVAL;
  int fd = fd_;
  fd_ = -1;
  // The descriptor is gone even when close reports an error (Linux).
  return close(fd) < 0 && errno != EINTR ? errno : 0;
}

int OpenFile::Read(size_t size, std::vector<uint8_t>& out) {
  return WithDescriptor([&](int fd) {
    out.resize(size);
    return ReadInto(fd, -1, out);
  });
}

int OpenFile::Write(std::span<const uint8_t> bytes) {
  return WithDescriptor([&](int fd) { return WriteAll(fd, -1, bytes); });
}

int OpenFile::ReadAt(int64_t offset, size_t size, std::vector<uint8_t>& out) {
  return WithDescriptor([&](int fd) {
    out.resize(size);
    return ReadInto(fd, offset, out);
  });
}

int OpenFile::WriteAt(int64_t offset, std::span<const uint8_t> bytes) {
  return WithDescriptor([&](int fd) { return WriteAll(fd, offset, bytes); });
}

int OpenFile::Seek(int whence, int64_t offset, int64_t* position) {
  return WithDescriptor([&](int fd) {
    off_t at = lseek(fd, static_cast<off_t>(offset), whence);
    if (at < 0) return errno;
    *position = at;
    return 0;
  });
}

int OpenFile::Sync(bool data_only) {
  return WithDescriptor([&](int fd) {
    int r = Retry([&] { return data_only ? fdatasync(fd) : fsync(fd); });
    return r < 0 ? errno : 0;
  });
}

int OpenFile::Truncate() {
  return WithDescriptor([&](int fd) {
    off_t at = lseek(fd, 0, SEEK_CUR);
    if (at < 0 || ftruncate(fd, at) < 0) return errno;
    return 0;
  });
}

int OpenFile::Allocate(int64_t offset, int64_t length) {
  return WithDescriptor([&](int fd) {
    int r = Retry([&] { return fallocate(fd, 0, offset, length); });
    return r < 0 ? errno : 0;
  });
}

int OpenFile::Advise(int64_t offset, int64_t length, int advice) {
  // posix_fadvise returns the error rather than setting errno.
  return WithDescriptor([&](int fd) { return posix_fadvise(fd, offset, length, advice); });
}

int OpenFile::Stat(struct stat* info) {
  return WithDescriptor([&](int fd) { return fstat(fd, info) < 0 ? errno : 0; });
}

int OpenFile::Descriptor(int* out) {
  return WithDescriptor([&](int fd) {
    *out = fd;
    return 0;
  });
}

int ReadWholeFile(const char* path, std::vector<uint8_t>& out) {
  int error = 0;
  OpenFile* file = OpenFile::Open(path, kFileRead, &error);
  if (file == nullptr) return error;
  struct stat info;
  error = file->Stat(&info);
  // Files that tell no size (/proc) are read in growing blocks to the end.
  size_t block = error == 0 && info.st_size > 0 ? static_cast<size_t>(info.st_size) : 16 << 10;
  out.clear();
  std::vector<uint8_t> chunk;
  while (error == 0) {
    error = file->Read(block, chunk);
    if (error != 0 || chunk.empty()) break;
    out.insert(out.end(), chunk.begin(), chunk.end());
    block = std::max(block, out.size());
  }
  file->Close();
  file->Release();
  return error;
}

}  // namespace ling::vm
