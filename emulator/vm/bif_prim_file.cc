// prim_file's NIFs as BIFs: the file operations under OTP's file module
// (file:open/2 with raw, and the file server's work). prim_file.erl itself
// is OTP's, loaded from erts's ebin; its NIF stubs call these (see
// specialise.cc). Results are the NIFs': ok, {ok, V}, eof or
// {error, Posix}; badarg where the NIF raises it, which prim_file.erl turns
// into {error, badarg}.
//
// Paths reach the NIFs encoded by internal_name2native/1: UTF-8 (the native
// name encoding here, as erl reports it) with a closing NUL byte.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "emulator/vm/bif.h"
#include "emulator/vm/bif_util.h"
#include "emulator/vm/open_file.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/bignum.h"
#include "runtime/term/binary.h"
#include "runtime/term/build.h"
#include "runtime/term/resource.h"
#include "runtime/term/utf8.h"

namespace ling::vm {
namespace {

// ---- arguments and results -------------------------------------------------------

// A NIF path: a binary whose one NUL byte ends it.
std::optional<std::string> NativePath(Term t) {
  std::vector<uint8_t> scratch;
  std::optional<std::span<const uint8_t>> bytes = BinaryView(t, scratch);
  if (!bytes || bytes->empty() || bytes->back() != 0) return std::nullopt;
  std::string path(Chars(bytes->first(bytes->size() - 1)));
  if (path.find('\0') != std::string::npos) return std::nullopt;
  return path;
}

// An integer argument as the NIFs read one: kNonValue-like failures are
// told apart, since a non-number is badarg but a number out of range is
// {error, einval}.
struct IntegerArg {
  bool number;                   // enif_is_number
  std::optional<int64_t> value;  // enif_get_int64
};
IntegerArg Integer(Term t) {
  return {IsNumber(t), IntegerToInt64(t)};
}

Term PosixError(BifContext& ctx, int error) {
  return MakeTuple(ctx.memory, {atoms::kError, ErrnoAtom(error)});
}
Term OkOrError(BifContext& ctx, int error) {
  return error == 0 ? atoms::kOk : PosixError(ctx, error);
}
Term OkTuple(BifContext& ctx, Term value) {
  return MakeTuple(ctx.memory, {atoms::kOk, value});
}
Term ReadResult(BifContext& ctx, int error, const std::vector<uint8_t>& bytes) {
  if (error != 0) return PosixError(ctx, error);
  if (bytes.empty()) return atoms::kEof;
  return OkTuple(ctx, MakeBinary(ctx.memory, bytes));
}

OpenFile* FileArg(Term t) {
  return ResourceAs<OpenFile>(t);
}

// Runs op(path) for a path argument, {error, einval} for a bad one.
template <class Op>
Term WithPath(BifContext& ctx, Term arg, Op op) {
  std::optional<std::string> path = NativePath(arg);
  if (!path) return PosixError(ctx, EINVAL);
  return op(path->c_str());
}

int SystemResult(int r) {
  return r < 0 ? errno : 0;
}

// ---- file names ----------------------------------------------------------------

// Appends a deep list of characters as UTF-8; false for anything else
// (binaries inside lists included, as erl).
bool AppendNameChars(Term t, std::string& out) {
  while (IsList(t)) {
    Term h = Head(t);
    if (IsSmall(h)) {
      int64_t c = SmallValue(h);
      if (c == 0 || !IsCodePoint(c)) return false;
      AppendUtf8(out, static_cast<char32_t>(c));
    } else if (!AppendNameChars(h, out)) {
      return false;
    }
    t = Tail(t);
  }
  return IsNil(t);
}

Term BifName2Native(BifContext& ctx, const Term* args) {
  std::string name;
  std::vector<uint8_t> scratch;
  if (std::optional<std::span<const uint8_t>> bytes = BinaryView(args[0], scratch)) {
    name.assign(Chars(*bytes));
    if (name.find('\0') != std::string::npos) return ctx.Fail(atoms::kBadarg);
  } else if (!AppendNameChars(args[0], name)) {
    return ctx.Fail(atoms::kBadarg);
  }
  name.push_back('\0');
  return MakeBinary(ctx.memory, name);
}

Term BifNative2Name(BifContext& ctx, const Term* args) {
  std::vector<uint8_t> scratch;
  std::optional<std::span<const uint8_t>> bytes = BinaryView(args[0], scratch);
  if (!bytes) return ctx.Fail(atoms::kBadarg);
  std::optional<std::u32string> chars = DecodeUtf8(*bytes);
  // erl's default (+fnuw): a name that is not UTF-8 is reported, then
  // skipped or kept raw by prim_file.
  if (!chars) return MakeTuple(ctx.memory, {atoms::kError, InternAtom("warning")});
  return MakeCharList(ctx.memory, *chars);
}

// Linux keeps names as they are: no normalisation form to apply.
Term BifNormalizeUtf8(BifContext& ctx, const Term* args) {
  std::vector<uint8_t> scratch;
  std::optional<std::span<const uint8_t>> bytes = BinaryView(args[0], scratch);
  if (!bytes) return ctx.Fail(atoms::kBadarg);
  std::optional<std::u32string> chars = DecodeUtf8(*bytes);
  if (!chars) return ctx.Fail(atoms::kBadarg);
  return MakeCharList(ctx.memory, *chars);
}

Term BifIsTranslatable(BifContext& ctx, const Term* args) {
  std::vector<uint8_t> scratch;
  std::optional<std::span<const uint8_t>> bytes = BinaryView(args[0], scratch);
  if (!bytes) return ctx.Fail(atoms::kBadarg);
  return Bool(DecodeUtf8(*bytes).has_value());
}

// ---- open files --------------------------------------------------------------------

unsigned ModesOf(Term list) {
  static const Term kRead = InternAtom("read"), kWrite = InternAtom("write"),
                    kExclusive = InternAtom("exclusive"), kSync = InternAtom("sync"),
                    kSkipTypeCheck = InternAtom("skip_type_check"),
                    kDirectory = InternAtom("directory"), kAppend = InternAtom("append");
  unsigned modes = 0;
  for (; IsList(list); list = Tail(list)) {
    Term m = Head(list);
    if (m == kRead) modes |= kFileRead;
    if (m == kWrite) modes |= kFileWrite;
    if (m == kAppend) modes |= kFileAppend;
    if (m == kExclusive) modes |= kFileExclusive;
    if (m == kSync) modes |= kFileSync;
    if (m == kSkipTypeCheck) modes |= kFileSkipTypeCheck;
    if (m == kDirectory) modes |= kFileDirectory;
    // raw, binary, read_ahead...: prim_file.erl's business.
  }
  return modes;
}

// {ok, Handle} for a file just opened (taking over the creator's count).
Term FileHandle(BifContext& ctx, OpenFile* file, int error) {
  if (file == nullptr) return PosixError(ctx, error);
  return OkTuple(ctx, AdoptResource(ctx.memory, file));
}

Term BifOpen(BifContext& ctx, const Term* args) {
  if (!IsList(args[1]) && !IsNil(args[1])) return ctx.Fail(atoms::kBadarg);
  return WithPath(ctx, args[0], [&](const char* path) {
    int error = 0;
    OpenFile* file = OpenFile::Open(path, ModesOf(args[1]), &error);
    return FileHandle(ctx, file, error);
  });
}

Term BifFileDescToRef(BifContext& ctx, const Term* args) {
  IntegerArg fd = Integer(args[0]);
  if (!fd.value || *fd.value < INT_MIN || *fd.value > INT_MAX) return ctx.Fail(atoms::kBadarg);
  int error = 0;
  OpenFile* file = OpenFile::Adopt(static_cast<int>(*fd.value), &error);
  return FileHandle(ctx, file, error);
}

// The NIFs on an open file share one shape: badarg unless the first
// argument is a file handle.
#define FILE_ARG(name)               \
  OpenFile* name = FileArg(args[0]); \
  if (name == nullptr) return ctx.Fail(atoms::kBadarg)

Term BifClose(BifContext& ctx, const Term* args) {
  FILE_ARG(file);
  return OkOrError(ctx, file->Close());
}

// The process that held the handle died; ling closes with the last term
// instead of through a helper process, so there is nothing left to do.
Term BifDelayedClose(BifContext& ctx, const Term* args) {
  FILE_ARG(file);
  file->Close();
  return atoms::kOk;
}

Term BifRead(BifContext& ctx, const Term* args) {
  FILE_ARG(file);
  IntegerArg size = Integer(args[1]);
  if (!size.number) return ctx.Fail(atoms::kBadarg);
  if (!size.value || *size.value < 0) return PosixError(ctx, EINVAL);
  std::vector<uint8_t> bytes;
  int error = file->Read(static_cast<size_t>(*size.value), bytes);
  return ReadResult(ctx, error, bytes);
}

Term BifPread(BifContext& ctx, const Term* args) {
  FILE_ARG(file);
  IntegerArg offset = Integer(args[1]), size = Integer(args[2]);
  if (!offset.number || !size.number) return ctx.Fail(atoms::kBadarg);
  if (!offset.value || !size.value || *offset.value < 0 || *size.value < 0)
    return PosixError(ctx, EINVAL);
  std::vector<uint8_t> bytes;
  int error = file->ReadAt(*offset.value, static_cast<size_t>(*size.value), bytes);
  return ReadResult(ctx, error, bytes);
}

// Writes take all of an iovec at once, so they never answer {continue, _}.
Term BifWrite(BifContext& ctx, const Term* args) {
  FILE_ARG(file);
  std::string bytes;
  if (!AppendIolist(args[1], bytes)) return ctx.Fail(atoms::kBadarg);
  return OkOrError(ctx, file->Write(Bytes(bytes)));
}

Term BifPwrite(BifContext& ctx, const Term* args) {
  FILE_ARG(file);
  IntegerArg offset = Integer(args[1]);
  std::string bytes;
  if (!offset.number || !AppendIolist(args[2], bytes)) return ctx.Fail(atoms::kBadarg);
  if (!offset.value || *offset.value < 0) return PosixError(ctx, EINVAL);
  return OkOrError(ctx, file->WriteAt(*offset.value, Bytes(bytes)));
}

Term BifSeek(BifContext& ctx, const Term* args) {
  static const Term kBof = InternAtom("bof"), kCur = InternAtom("cur");
  FILE_ARG(file);
  std::optional<int64_t> offset = IntegerToInt64(args[2]);
  if (!offset) return ctx.Fail(atoms::kBadarg);
  int whence;
  if (args[1] == kBof) {
    whence = SEEK_SET;
  } else if (args[1] == kCur) {
    whence = SEEK_CUR;
  } else if (args[1] == atoms::kEof) {
    whence = SEEK_END;
  } else {
    return ctx.Fail(atoms::kBadarg);
  }
  int64_t position = 0;
  if (int error = file->Seek(whence, *offset, &position); error != 0) return PosixError(ctx, error);
  return OkTuple(ctx, MakeInteger(ctx.memory, position));
}

Term BifSync(BifContext& ctx, const Term* args) {
  FILE_ARG(file);
  if (!IsSmall(args[1])) return ctx.Fail(atoms::kBadarg);
  return OkOrError(ctx, file->Sync(SmallValue(args[1]) != 0));
}

Term BifTruncate(BifContext& ctx, const Term* args) {
  FILE_ARG(file);
  return OkOrError(ctx, file->Truncate());
}

// allocate_nif and advise_nif check a range the same way.
std::optional<Term> RangeError(BifContext& ctx, Term offset, Term length, int64_t* o, int64_t* l) {
  IntegerArg a = Integer(offset), b = Integer(length);
  if (!a.number || !b.number) return ctx.Fail(atoms::kBadarg);
  if (!a.value || !b.value || *a.value < 0 || *b.value < 0) return PosixError(ctx, EINVAL);
  *o = *a.value;
  *l = *b.value;
  return std::nullopt;
}

Term BifAllocate(BifContext& ctx, const Term* args) {
  FILE_ARG(file);
  int64_t offset, length;
  if (std::optional<Term> e = RangeError(ctx, args[1], args[2], &offset, &length)) return *e;
  return OkOrError(ctx, file->Allocate(offset, length));
}

Term BifAdvise(BifContext& ctx, const Term* args) {
  static const std::pair<Term, int> kAdvice[] = {{InternAtom("normal"), POSIX_FADV_NORMAL},
                                                 {InternAtom("random"), POSIX_FADV_RANDOM},
                                                 {InternAtom("sequential"), POSIX_FADV_SEQUENTIAL},
                                                 {InternAtom("will_need"), POSIX_FADV_WILLNEED},
                                                 {InternAtom("dont_need"), POSIX_FADV_DONTNEED},
                                                 {InternAtom("no_reuse"), POSIX_FADV_NOREUSE}};
  FILE_ARG(file);
  int64_t offset, length;
  if (std::optional<Term> e = RangeError(ctx, args[1], args[2], &offset, &length)) return *e;
  for (const auto& [name, advice] : kAdvice) {
    if (args[3] == name) return OkOrError(ctx, file->Advise(offset, length, advice));
  }
  return PosixError(ctx, EINVAL);  // not badarg: OTP's file_SUITE checks it
}

Term BifGetHandle(BifContext& ctx, const Term* args) {
  FILE_ARG(file);
  int fd = -1;
  if (int error = file->Descriptor(&fd); error != 0) return PosixError(ctx, error);
  uint8_t bytes[sizeof fd];
  std::memcpy(bytes, &fd, sizeof fd);  // native byte order, as BEAM
  return MakeBinary(ctx.memory, bytes);
}

// Reads a pointer block <<Size:32, Offset:32>> at an offset, then Size
// bytes at Offset (dets' one call).
Term BifIpread(BifContext& ctx, const Term* args) {
  FILE_ARG(file);
  IntegerArg at = Integer(args[1]), max = Integer(args[2]);
  if (!at.number || !max.number) return ctx.Fail(atoms::kBadarg);
  if (!at.value || !max.value || *at.value < 0 || *max.value >= (int64_t{1} << 31))
    return PosixError(ctx, EINVAL);
  std::vector<uint8_t> pointer;
  if (int error = file->ReadAt(*at.value, 8, pointer); error != 0) return PosixError(ctx, error);
  if (pointer.size() < 8) return atoms::kEof;
  auto u32 = [&](size_t i) {
    return uint32_t{pointer[i]} << 24 | uint32_t{pointer[i + 1]} << 16 |
           uint32_t{pointer[i + 2]} << 8 | pointer[i + 3];
  };
  uint32_t size = u32(0), offset = u32(4);
  if (size > *max.value) return atoms::kEof;
  std::vector<uint8_t> payload;
  if (int error = file->ReadAt(offset, size, payload); error != 0) return PosixError(ctx, error);
  Term data = payload.empty() ? atoms::kEof : MakeBinary(ctx.memory, payload);
  return OkTuple(ctx, MakeTuple(ctx.memory, {MakeInteger(ctx.memory, size),
                                             MakeInteger(ctx.memory, offset), data}));
}

// ---- file information ---------------------------------------------------------------

// #file_info{} as file.hrl declares it, times in POSIX seconds (prim_file
// converts them).
Term FileInfo(BifContext& ctx, const struct stat& st, Term access) {
  static const Term kFileInfo = InternAtom("file_info"), kDevice = InternAtom("device"),
                    kDirectory = InternAtom("directory"), kRegular = InternAtom("regular"),
                    kSymlink = InternAtom("symlink"), kOther = InternAtom("other");
  Term type = S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? kDevice
              : S_ISDIR(st.st_mode)                      ? kDirectory
              : S_ISREG(st.st_mode)                      ? kRegular
              : S_ISLNK(st.st_mode)                      ? kSymlink
                                                         : kOther;
  auto n = [&](int64_t v) { return MakeInteger(ctx.memory, v); };
  return MakeTuple(ctx.memory,
                   {kFileInfo, n(st.st_size), type, access, n(st.st_atime), n(st.st_mtime),
                    n(st.st_ctime), n(st.st_mode), n(st.st_nlink), n(st.st_dev), n(st.st_rdev),
                    n(st.st_ino), n(st.st_uid), n(st.st_gid)});
}

Term AccessAtom(bool read, bool write) {
  static const Term kRead = InternAtom("read"), kWrite = InternAtom("write"),
                    kReadWrite = InternAtom("read_write"), kNone = InternAtom("none");
  return read && write ? kReadWrite : read ? kRead : write ? kWrite : kNone;
}

Term BifReadInfo(BifContext& ctx, const Term* args) {
  if (!IsSmall(args[1])) return ctx.Fail(atoms::kBadarg);
  bool follow = SmallValue(args[1]) != 0;
  return WithPath(ctx, args[0], [&](const char* path) {
    struct stat st;
    if (int error = SystemResult(follow ? stat(path, &st) : lstat(path, &st)); error != 0)
      return PosixError(ctx, error);
    return FileInfo(ctx, st, AccessAtom(access(path, R_OK) == 0, access(path, W_OK) == 0));
  });
}

// Access from the mode bits, for the class (owner, group, other) the
// process falls in: what BEAM does for an open file.
Term BifReadHandleInfo(BifContext& ctx, const Term* args) {
  FILE_ARG(file);
  struct stat st;
  if (int error = file->Stat(&st); error != 0) return PosixError(ctx, error);
  int shift = st.st_uid == geteuid() ? 6 : st.st_gid == getegid() ? 3 : 0;
  unsigned bits = (st.st_mode >> shift) & 07;
  return FileInfo(ctx, st, AccessAtom(bits & 04, bits & 02));
}

Term BifReadFile(BifContext& ctx, const Term* args) {
  return WithPath(ctx, args[0], [&](const char* path) {
    std::vector<uint8_t> bytes;
    if (int error = ReadWholeFile(path, bytes); error != 0) return PosixError(ctx, error);
    return OkTuple(ctx, MakeBinary(ctx.memory, bytes));
  });
}

Term BifListDir(BifContext& ctx, const Term* args) {
  return WithPath(ctx, args[0], [&](const char* path) {
    DIR* dir = opendir(path);
    if (dir == nullptr) return PosixError(ctx, errno);
    Term names = kNil;
    while (const dirent* e = readdir(dir)) {
      if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0) continue;
      names = MakeCons(ctx.memory, MakeBinary(ctx.memory, std::string_view(e->d_name)), names);
    }
    closedir(dir);
    return OkTuple(ctx, names);
  });
}

Term BifReadLink(BifContext& ctx, const Term* args) {
  return WithPath(ctx, args[0], [&](const char* path) {
    std::string target(256, '\0');
    for (;;) {
      ssize_t n = readlink(path, target.data(), target.size());
      if (n < 0) return PosixError(ctx, errno);
      if (static_cast<size_t>(n) < target.size()) {
        target.resize(static_cast<size_t>(n));
        return OkTuple(ctx, MakeBinary(ctx.memory, target));
      }
      target.resize(target.size() * 2);
    }
  });
}

// ---- changing the file system ---------------------------------------------------------

// A NIF of one path whose work is one system call.
template <int (*Call)(const char*)>
Term PathCall(BifContext& ctx, const Term* args) {
  return WithPath(ctx, args[0], [&](const char* path) { return OkOrError(ctx, Call(path)); });
}
// The same with two paths.
template <int (*Call)(const char*, const char*)>
Term TwoPathCall(BifContext& ctx, const Term* args) {
  return WithPath(ctx, args[0], [&](const char* from) {
    return WithPath(ctx, args[1], [&](const char* to) { return OkOrError(ctx, Call(from, to)); });
  });
}

int MakeDir(const char* path) {
  return SystemResult(mkdir(path, 0777));
}
// BEAM's answers: eperm for a directory, eexist for a directory not
// empty.
int DeleteFile(const char* path) {
  int error = SystemResult(unlink(path));
  return error == EISDIR ? EPERM : error;
}
int DeleteDir(const char* path) {
  int error = SystemResult(rmdir(path));
  return error == ENOTEMPTY ? EEXIST : error;
}
int SetCwd(const char* path) {
  return SystemResult(chdir(path));
}
int Rename(const char* from, const char* to) {
  return SystemResult(rename(from, to));
}
int HardLink(const char* from, const char* to) {
  return SystemResult(link(from, to));
}
int SoftLink(const char* from, const char* to) {
  return SystemResult(symlink(from, to));
}

Term BifSetPermissions(BifContext& ctx, const Term* args) {
  std::optional<int64_t> mode = IntegerToInt64(args[1]);
  if (!mode || *mode < 0 || *mode > UINT_MAX) return ctx.Fail(atoms::kBadarg);
  return WithPath(ctx, args[0], [&](const char* path) {
    return OkOrError(ctx, SystemResult(chmod(path, static_cast<mode_t>(*mode))));
  });
}

Term BifSetOwner(BifContext& ctx, const Term* args) {
  std::optional<int64_t> uid = IntegerToInt64(args[1]);
  std::optional<int64_t> gid = IntegerToInt64(args[2]);
  if (!uid || !gid || *uid < INT_MIN || *uid > INT_MAX || *gid < INT_MIN || *gid > INT_MAX)
    return ctx.Fail(atoms::kBadarg);
  return WithPath(ctx, args[0], [&](const char* path) {
    // -1 leaves it as it is.
    return OkOrError(ctx,
                     SystemResult(chown(path, static_cast<uid_t>(*uid), static_cast<gid_t>(*gid))));
  });
}

// POSIX sets only access and modification times; the change time follows.
Term BifSetTime(BifContext& ctx, const Term* args) {
  std::optional<int64_t> times[3];
  for (int i = 0; i < 3; ++i) {
    times[i] = IntegerToInt64(args[i + 1]);
    if (!times[i]) return ctx.Fail(atoms::kBadarg);
  }
  return WithPath(ctx, args[0], [&](const char* path) {
    utimbuf t{static_cast<time_t>(*times[0]), static_cast<time_t>(*times[1])};
    return OkOrError(ctx, SystemResult(utime(path, &t)));
  });
}

Term BifGetCwd(BifContext& ctx, const Term*) {
  std::string cwd(256, '\0');
  while (getcwd(cwd.data(), cwd.size()) == nullptr) {
    if (errno != ERANGE) return PosixError(ctx, errno);
    cwd.resize(cwd.size() * 2);
  }
  cwd.resize(std::strlen(cwd.c_str()));
  return OkTuple(ctx, MakeBinary(ctx.memory, cwd));
}

// Drive letters and 8.3 names exist on Windows only.
Term BifGetDeviceCwd(BifContext& ctx, const Term* args) {
  if (!IsSmall(args[0])) return ctx.Fail(atoms::kBadarg);
  return PosixError(ctx, ENOTSUP);
}
Term BifAltname(BifContext& ctx, const Term* args) {
  return WithPath(ctx, args[0], [&](const char*) { return PosixError(ctx, ENOTSUP); });
}

#undef FILE_ARG

constexpr BifEntry kPrimFileBifs[] = {
    {"prim_file", "internal_name2native", 1, BifName2Native},
    {"prim_file", "internal_native2name", 1, BifNative2Name},
    {"prim_file", "internal_normalize_utf8", 1, BifNormalizeUtf8},
    {"prim_file", "is_translatable", 1, BifIsTranslatable},
    {"prim_file", "open_nif", 2, BifOpen},
    {"prim_file", "file_desc_to_ref_nif", 1, BifFileDescToRef},
    {"prim_file", "close_nif", 1, BifClose},
    {"prim_file", "delayed_close_nif", 1, BifDelayedClose},
    {"prim_file", "read_nif", 2, BifRead},
    {"prim_file", "write_nif", 2, BifWrite},
    {"prim_file", "pread_nif", 3, BifPread},
    {"prim_file", "pwrite_nif", 3, BifPwrite},
    {"prim_file", "seek_nif", 3, BifSeek},
    {"prim_file", "sync_nif", 2, BifSync},
    {"prim_file", "truncate_nif", 1, BifTruncate},
    {"prim_file", "allocate_nif", 3, BifAllocate},
    {"prim_file", "advise_nif", 4, BifAdvise},
    {"prim_file", "get_handle_nif", 1, BifGetHandle},
    {"prim_file", "ipread_s32bu_p32bu_nif", 3, BifIpread},
    {"prim_file", "read_handle_info_nif", 1, BifReadHandleInfo},
    {"prim_file", "read_info_nif", 2, BifReadInfo},
    {"prim_file", "read_file_nif", 1, BifReadFile},
    {"prim_file", "list_dir_nif", 1, BifListDir},
    {"prim_file", "read_link_nif", 1, BifReadLink},
    {"prim_file", "make_dir_nif", 1, PathCall<MakeDir>},
    {"prim_file", "del_file_nif", 1, PathCall<DeleteFile>},
    {"prim_file", "del_dir_nif", 1, PathCall<DeleteDir>},
    {"prim_file", "set_cwd_nif", 1, PathCall<SetCwd>},
    {"prim_file", "rename_nif", 2, TwoPathCall<Rename>},
    {"prim_file", "make_hard_link_nif", 2, TwoPathCall<HardLink>},
    {"prim_file", "make_soft_link_nif", 2, TwoPathCall<SoftLink>},
    {"prim_file", "set_permissions_nif", 2, BifSetPermissions},
    {"prim_file", "set_owner_nif", 3, BifSetOwner},
    {"prim_file", "set_time_nif", 4, BifSetTime},
    {"prim_file", "get_cwd_nif", 0, BifGetCwd},
    {"prim_file", "get_device_cwd_nif", 1, BifGetDeviceCwd},
    {"prim_file", "altname_nif", 1, BifAltname},
};

}  // namespace

std::span<const BifEntry> PrimFileBifs() {
  return kPrimFileBifs;
}

}  // namespace ling::vm
