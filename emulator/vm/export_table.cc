#include "emulator/vm/export_table.h"

#include "runtime/term/atom_table.h"

namespace ling::vm {

ExportTable::ExportTable() {
  for (std::span<const BifEntry> (*table)() : kBifTables) {
    for (const BifEntry& b : table()) {
      Get(InternAtom(b.module), InternAtom(b.name), static_cast<uint32_t>(b.arity))->bif =
          b.function;
    }
  }
}

Export* ExportTable::Get(Term module, Term function, uint32_t arity) {
  std::lock_guard<std::mutex> lock(mutex_);
  Key key{module.raw(), function.raw(), arity};
  auto it = index_.find(key);
  if (it != index_.end()) return it->second;
  Export& e = entries_.emplace_back();
  e.module = module;
  e.function = function;
  e.arity = arity;
  index_.emplace(key, &e);
  return &e;
}

Export* ExportTable::Find(Term module, Term function, uint32_t arity) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = index_.find(Key{module.raw(), function.raw(), arity});
  return it == index_.end() ? nullptr : it->second;
}

void ExportTable::Retract(Term module, const Word* begin, const Word* end) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (Export& e : entries_) {
    const Word* code = e.code.load(std::memory_order_relaxed);
    if (e.module == module && code >= begin && code < end)
      e.code.store(nullptr, std::memory_order_release);
  }
}

}  // namespace ling::vm
