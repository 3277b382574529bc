// How the ETS BIFs (bif_ets.cc, bif_ets_select.cc) reach a table: the
// node's registry through the Host, the table an argument names, locked,
// with erl's access rules checked (protection and owner).
//
// Without a host (unit tests of the BIFs), or with a host that keeps no
// tables, the BIFs use one registry of the program's own, so that they can
// be tried on their own; a running system always has its Emulator's.
//
// Concurrency: a TableAccess holds the table's lock (shared to read,
// exclusive to write) from the moment it is granted until it goes; the
// checks are made under that lock, as the owner may change meanwhile.
#ifndef LING_EMULATOR_VM_ETS_ACCESS_H_
#define LING_EMULATOR_VM_ETS_ACCESS_H_

#include <memory>
#include <mutex>
#include <shared_mutex>

#include "emulator/vm/bif.h"
#include "emulator/vm/ets_table.h"
#include "emulator/vm/ets_tables.h"
#include "ling/term.h"

namespace ling::vm {

EtsTables& TablesOf(BifContext& ctx);

// What a BIF does with a table: kInfo needs only that it exists, kRead
// that it is not another process's private table, kWrite that it is public
// or the caller's.
enum class EtsNeed { kInfo, kRead, kWrite };

template <class Lock>
struct TableAccess {
  std::shared_ptr<EtsTable> table;
  Lock lock;

  explicit operator bool() const { return table != nullptr; }
  EtsTable* operator->() const { return table.get(); }
};
using ReadAccess = TableAccess<std::shared_lock<std::shared_mutex>>;
using WriteAccess = TableAccess<std::unique_lock<std::shared_mutex>>;

// Whether `self` may do `need` on `table` (its lock held).
bool Allowed(const EtsTable& table, Term self, EtsNeed need);

// The table `id` names, locked, if it exists and the caller may do `need`
// on it; empty otherwise (the BIF raises badarg).
ReadAccess LockForRead(BifContext& ctx, Term id, EtsNeed need = EtsNeed::kRead);
WriteAccess LockForWrite(BifContext& ctx, Term id);

}  // namespace ling::vm

#endif  // LING_EMULATOR_VM_ETS_ACCESS_H_
