// CodeIndex: which loaded function a code address lies in, and the source
// line it came from -- what stack traces are made of. The code server adds
// each module version's code when it loads it and removes it when it is
// purged.
//
// Concurrency: Add and Remove take the index's lock exclusively, Find
// shares it; Find may be called from any thread. The LoadedCode added must
// stay alive (and at its address) until it is removed.
#ifndef LING_EMULATOR_VM_CODE_INDEX_H_
#define LING_EMULATOR_VM_CODE_INDEX_H_

#include <cstdint>
#include <map>
#include <optional>
#include <shared_mutex>
#include <string_view>

#include "emulator/vm/code_words.h"
#include "emulator/vm/specialise.h"
#include "ling/term.h"

namespace ling::vm {

struct CodeLocation {
  Term module;
  Term function;
  uint32_t arity;
  std::string_view file;  // empty when the code carries no line information
  uint32_t line = 0;
};

class CodeIndex {
 public:
  void Add(const LoadedCode& code);
  void Remove(const LoadedCode& code);
  // The function `address` lies in, with the line of the last `line`
  // instruction at or before it; nullopt outside loaded code.
  std::optional<CodeLocation> Find(const Word* address) const;

 private:
  mutable std::shared_mutex mutex_;
  std::map<const Word*, const LoadedCode*> by_start_;
};

}  // namespace ling::vm

#endif  // LING_EMULATOR_VM_CODE_INDEX_H_
