#include "emulator/vm/code_index.h"

#include <algorithm>
#include <mutex>

namespace ling::vm {

void CodeIndex::Add(const LoadedCode& code) {
  std::unique_lock lock(mutex_);
  by_start_[code.words.get()] = &code;
}

void CodeIndex::Remove(const LoadedCode& code) {
  std::unique_lock lock(mutex_);
  by_start_.erase(code.words.get());
}

std::optional<CodeLocation> CodeIndex::Find(const Word* address) const {
  std::shared_lock lock(mutex_);
  auto it = by_start_.upper_bound(address);
  if (it == by_start_.begin()) return std::nullopt;
  const LoadedCode& code = *std::prev(it)->second;
  if (address >= code.words.get() + code.size) return std::nullopt;
  auto offset = static_cast<uint32_t>(address - code.words.get());
  // The function: the last one starting (at its func_info) at or before.
  auto f = std::upper_bound(
      code.functions.begin(), code.functions.end(), address,
      [](const Word* a, const LoadedCode::Function& fn) { return a < fn.entry - kFuncInfoWords; });
  if (f == code.functions.begin()) return std::nullopt;
  --f;
  CodeLocation where{code.module, f->name, f->arity, {}, 0};
  auto mark =
      std::upper_bound(code.line_marks.begin(), code.line_marks.end(), offset,
                       [](uint32_t o, const LoadedCode::LineMark& m) { return o < m.offset; });
  // BEAM keeps 24 bits of a line number: a larger one is no location.
  constexpr uint32_t kLineLimit = uint32_t{1} << 24;
  if (mark != code.line_marks.begin() && (--mark)->item != 0 &&
      code.lines.items[mark->item].line < kLineLimit) {
    const loader::LineTable::Item& item = code.lines.items[mark->item];
    where.file = item.file == 0 ? std::string_view(code.source_file)
                                : std::string_view(code.lines.files[item.file - 1]);
    where.line = item.line;
  }
  return where;
}

}  // namespace ling::vm
