// EtsTables: the node's ETS tables -- the registry that finds a table by
// its reference or, for a named table, by its name, and knows which tables
// each process owns, so that they go when it exits (deleted, or given to
// their heir).
//
// Concurrency: shared by every scheduler thread. The registry's own lock
// guards the maps below; each table has its own lock (ets_table.h). Lock
// order: the registry's lock, then a table's, never the other way: the
// methods that change both (Create, Delete, Rename, GiveAway, OwnerExited)
// take them in that order, and no caller holds a table's lock when it calls
// in here. A table found here is held by shared_ptr, so it outlives a
// concurrent delete; callers check alive() under the table's lock.
#ifndef LING_EMULATOR_VM_ETS_TABLES_H_
#define LING_EMULATOR_VM_ETS_TABLES_H_

#include <functional>
#include <memory>
#include <shared_mutex>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "emulator/vm/ets_table.h"
#include "ling/term.h"
#include "ling/types.h"
#include "runtime/term/heap.h"

namespace ling::vm {

class ProcessContext;

class EtsTables {
 public:
  EtsTables() = default;
  EtsTables(const EtsTables&) = delete;
  EtsTables& operator=(const EtsTables&) = delete;

  // A new table owned by `owner`; nullptr when it is named and the name
  // is taken.
  std::shared_ptr<EtsTable> Create(Term name, Term owner, const EtsOptions& options);
  // The table a reference or (named tables) an atom identifies; nullptr
  // for none.
  std::shared_ptr<EtsTable> Find(Term id) const;
  // ets:whereis/1: the named table called `name`.
  std::shared_ptr<EtsTable> FindNamed(Term name) const;
  // Every live table (ets:all/0).
  std::vector<std::shared_ptr<EtsTable>> All() const;

  // Deletes `table` (its objects go; lookups fail from now on). false if
  // it was gone already.
  bool Delete(EtsTable& table);
  // ets:rename/2 (the caller has checked write access): false when the
  // table is gone or the name is taken by another named table.
  bool Rename(EtsTable& table, Term name);
  // ets:give_away/3: false when the table is gone or not `from`'s.
  bool GiveAway(EtsTable& table, Term from, Term to);

  // The table's identifier as its BIFs return it: its name for a named
  // table, else a reference on `heap`. Caller holds the table's lock (the
  // name changes under it).
  static Term Identifier(const EtsTable& table, TermAllocator& heap);

  // `pid` has exited: each table it owns goes to its heir, with
  // {'ETS-TRANSFER', Tab, Pid, HeirData} sent through `process` (the
  // exiting process, which can still send), when the heir is alive and not
  // `pid`; otherwise the table is deleted.
  void OwnerExited(Term pid, ProcessContext& process);
  // The same without a process to send from (a host-less test): tables go
  // to a heir for which `alive` says true, and `send` gets each message.
  void OwnerExited(Term pid, const std::function<bool(Term)>& alive,
                   const std::function<void(Term to, Term message)>& send);

 private:
  void SetOwnerLocked(EtsTable& table, Term owner);
  void UnregisterLocked(EtsTable& table);

  mutable std::shared_mutex mutex_;
  absl::flat_hash_map<MonitorRef, std::shared_ptr<EtsTable>> by_id_;
  absl::flat_hash_map<uint64_t, std::shared_ptr<EtsTable>> by_name_;        // atom's raw word
  absl::flat_hash_map<uint64_t, absl::flat_hash_set<EtsTable*>> by_owner_;  // pid's raw word
};

}  // namespace ling::vm

#endif  // LING_EMULATOR_VM_ETS_TABLES_H_
