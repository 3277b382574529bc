#include "emulator/loader/module_md5.h"

#include <vector>

#include "runtime/base/md5.h"

namespace ling::loader {
namespace {

// FunT: a 4-byte count, then entries of six 32-bit words, OldUniq last.
constexpr size_t kFunTableHeader = 4;
constexpr size_t kFunEntryBytes = 24;
constexpr size_t kOldUniqOffset = 20;

}  // namespace

std::array<uint8_t, 16> ModuleMd5(const BeamChunks& chunks) {
  Md5 md5;
  md5.Update(chunks.atoms);
  md5.Update(chunks.code);
  if (chunks.strings) md5.Update(*chunks.strings);
  md5.Update(chunks.imports);
  md5.Update(chunks.exports);
  if (chunks.funs) {
    std::vector<uint8_t> funs(chunks.funs->begin(), chunks.funs->end());
    for (size_t at = kFunTableHeader; at + kFunEntryBytes <= funs.size(); at += kFunEntryBytes) {
      std::fill_n(funs.begin() + static_cast<std::ptrdiff_t>(at + kOldUniqOffset), 4, 0);
    }
    md5.Update(funs);
  }
  if (chunks.literals) md5.Update(*chunks.literals);
  if (chunks.meta) md5.Update(*chunks.meta);
  return md5.Final();
}

}  // namespace ling::loader
