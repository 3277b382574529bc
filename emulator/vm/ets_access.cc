#include "emulator/vm/ets_access.h"

#include <utility>

namespace ling::vm {

EtsTables& TablesOf(BifContext& ctx) {
  if (ctx.host != nullptr) {
    if (EtsTables* tables = ctx.host->ets()) return *tables;
  }
  static EtsTables* own = new EtsTables;  // lives as long as the program
  return *own;
}

bool Allowed(const EtsTable& table, Term self, EtsNeed need) {
  if (!table.alive()) return false;
  switch (need) {
    case EtsNeed::kInfo:
      return true;
    case EtsNeed::kRead:
      return table.access() != EtsAccess::kPrivate || table.owner() == self;
    case EtsNeed::kWrite:
      return table.access() == EtsAccess::kPublic || table.owner() == self;
  }
  return false;
}

ReadAccess LockForRead(BifContext& ctx, Term id, EtsNeed need) {
  ReadAccess access{TablesOf(ctx).Find(id), {}};
  if (!access.table) return {};
  access.lock = std::shared_lock<std::shared_mutex>(access.table->mutex());
  if (!Allowed(*access.table, ctx.self, need)) return {};
  return access;
}

WriteAccess LockForWrite(BifContext& ctx, Term id) {
  WriteAccess access{TablesOf(ctx).Find(id), {}};
  if (!access.table) return {};
  access.lock = std::unique_lock<std::shared_mutex>(access.table->mutex());
  if (!Allowed(*access.table, ctx.self, EtsNeed::kWrite)) return {};
  return access;
}

}  // namespace ling::vm
