// The os module's BIFs: the environment (getenv/1, env/0, putenv/2,
// unsetenv/1) and the OS process id (getpid/0). Names and values are
// strings, UTF-8 in the environment as in BEAM's unicode file name mode,
// which is also what file:native_name_encoding/0 tells: utf8 always, as
// ling treats file names (erl says so under a UTF-8 locale, latin1 under
// the C locale).
//
// Concurrency: the C library's environment is one for the whole program;
// a lock serialises every access these BIFs make to it.
#include <unistd.h>

#include <cstdlib>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "emulator/vm/bif.h"
#include "emulator/vm/bif_util.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/build.h"
#include "runtime/term/utf8.h"

extern char** environ;

namespace ling::vm {
namespace {

std::mutex& EnvironmentLock() {
  static std::mutex lock;
  return lock;
}

// A name or value from Erlang: a flat character list.
std::optional<std::string> EnvText(Term t) {
  std::optional<std::string> text = CharListUtf8(t);
  if (!text.has_value() || text->find('\0') != std::string::npos) return std::nullopt;
  return text;
}

// The environment's bytes as characters: UTF-8 decoded, else byte by byte.
Term EnvString(TermAllocator& heap, std::string_view bytes) {
  if (std::optional<std::u32string> chars = DecodeUtf8(Bytes(bytes))) {
    return MakeCharList(heap, *chars);
  }
  return MakeString(heap, bytes);
}

Term BifGetenv(BifContext& ctx, const Term* args) {
  std::optional<std::string> name = EnvText(args[0]);
  if (!name.has_value()) return ctx.Fail(atoms::kBadarg);
  std::lock_guard<std::mutex> lock(EnvironmentLock());
  const char* value = std::getenv(name->c_str());
  return value != nullptr ? EnvString(ctx.memory, value) : atoms::kFalse;
}

// os:env/0: [{Name, Value}].
Term BifEnv(BifContext& ctx, const Term*) {
  std::lock_guard<std::mutex> lock(EnvironmentLock());
  std::vector<Term> pairs;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string_view entry(*e);
    size_t eq = entry.find('=', 1);
    if (eq == std::string_view::npos) continue;
    pairs.push_back(MakeTuple(ctx.memory, {EnvString(ctx.memory, entry.substr(0, eq)),
                                           EnvString(ctx.memory, entry.substr(eq + 1))}));
  }
  return MakeList(ctx.memory, pairs);
}

Term BifPutenv(BifContext& ctx, const Term* args) {
  std::optional<std::string> name = EnvText(args[0]), value = EnvText(args[1]);
  if (!name.has_value() || !value.has_value() || name->empty() ||
      name->find('=') != std::string::npos) {
    return ctx.Fail(atoms::kBadarg);
  }
  std::lock_guard<std::mutex> lock(EnvironmentLock());
  if (setenv(name->c_str(), value->c_str(), 1) != 0) return ctx.Fail(atoms::kBadarg);
  return atoms::kTrue;
}

Term BifUnsetenv(BifContext& ctx, const Term* args) {
  std::optional<std::string> name = EnvText(args[0]);
  if (!name.has_value()) return ctx.Fail(atoms::kBadarg);
  std::lock_guard<std::mutex> lock(EnvironmentLock());
  unsetenv(name->c_str());
  return atoms::kTrue;
}

Term BifNativeNameEncoding(BifContext&, const Term*) {
  static const Term kUtf8 = InternAtom("utf8");
  return kUtf8;
}

// os:getpid/0: the OS process id as a string.
Term BifGetpid(BifContext& ctx, const Term*) {
  return MakeString(ctx.memory, std::to_string(getpid()));
}

constexpr BifEntry kOsBifs[] = {
    {"os", "getenv", 1, BifGetenv}, {"os", "env", 0, BifEnv},
    {"os", "putenv", 2, BifPutenv}, {"os", "unsetenv", 1, BifUnsetenv},
    {"os", "getpid", 0, BifGetpid}, {"file", "native_name_encoding", 0, BifNativeNameEncoding},
};

}  // namespace

std::span<const BifEntry> OsBifs() {
  return kOsBifs;
}

}  // namespace ling::vm
