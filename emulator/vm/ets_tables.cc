#include "emulator/vm/ets_tables.h"

#include <mutex>
#include <utility>

#include "emulator/vm/process_context.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/build.h"
#include "runtime/term/copy.h"
#include "runtime/term/reference.h"

namespace ling::vm {

std::shared_ptr<EtsTable> EtsTables::Create(Term name, Term owner, const EtsOptions& options) {
  std::unique_lock<std::shared_mutex> lock(mutex_);
  if (options.named && by_name_.contains(name.raw())) return nullptr;
  auto table = std::make_shared<EtsTable>(name, NewMonitorRef(), owner, options);
  by_id_[table->id()] = table;
  if (options.named) by_name_[name.raw()] = table;
  by_owner_[owner.raw()].insert(table.get());
  return table;
}

std::shared_ptr<EtsTable> EtsTables::Find(Term id) const {
  std::shared_lock<std::shared_mutex> lock(mutex_);
  if (IsAtom(id)) {
    auto it = by_name_.find(id.raw());
    return it == by_name_.end() ? nullptr : it->second;
  }
  if (!IsReference(id)) return nullptr;
  auto it = by_id_.find(ReferenceValue(id));
  return it == by_id_.end() ? nullptr : it->second;
}

std::shared_ptr<EtsTable> EtsTables::FindNamed(Term name) const {
  std::shared_lock<std::shared_mutex> lock(mutex_);
  auto it = by_name_.find(name.raw());
  return it == by_name_.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<EtsTable>> EtsTables::All() const {
  std::shared_lock<std::shared_mutex> lock(mutex_);
  std::vector<std::shared_ptr<EtsTable>> all;
  all.reserve(by_id_.size());
  for (const auto& [id, table] : by_id_)
    all.push_back(table);
  return all;
}

void EtsTables::UnregisterLocked(EtsTable& table) {
  by_id_.erase(table.id());
  if (table.named()) by_name_.erase(table.name().raw());
  auto owned = by_owner_.find(table.owner().raw());
  if (owned != by_owner_.end()) {
    owned->second.erase(&table);
    if (owned->second.empty()) by_owner_.erase(owned);
  }
}

bool EtsTables::Delete(EtsTable& table) {
  // Keeps the table alive past its removal from the maps.
  std::shared_ptr<EtsTable> keep;
  std::unique_lock<std::shared_mutex> lock(mutex_);
  auto it = by_id_.find(table.id());
  if (it == by_id_.end()) return false;
  keep = it->second;
  std::unique_lock<std::shared_mutex> table_lock(table.mutex());
  UnregisterLocked(table);
  table.Kill();
  return true;
}

bool EtsTables::Rename(EtsTable& table, Term name) {
  std::unique_lock<std::shared_mutex> lock(mutex_);
  std::unique_lock<std::shared_mutex> table_lock(table.mutex());
  if (!table.alive()) return false;
  if (table.named()) {
    if (name == table.name()) return true;
    if (by_name_.contains(name.raw())) return false;
    auto node = by_name_.extract(table.name().raw());
    node.key() = name.raw();
    by_name_.insert(std::move(node));
  }
  table.set_name(name);
  return true;
}

void EtsTables::SetOwnerLocked(EtsTable& table, Term owner) {
  auto owned = by_owner_.find(table.owner().raw());
  if (owned != by_owner_.end()) {
    owned->second.erase(&table);
    if (owned->second.empty()) by_owner_.erase(owned);
  }
  by_owner_[owner.raw()].insert(&table);
  table.set_owner(owner);
}

bool EtsTables::GiveAway(EtsTable& table, Term from, Term to) {
  std::unique_lock<std::shared_mutex> lock(mutex_);
  std::unique_lock<std::shared_mutex> table_lock(table.mutex());
  if (!table.alive() || table.owner() != from) return false;
  SetOwnerLocked(table, to);
  return true;
}

Term EtsTables::Identifier(const EtsTable& table, TermAllocator& heap) {
  return table.named() ? table.name() : MakeReference(heap, table.id());
}

void EtsTables::OwnerExited(Term pid, ProcessContext& process) {
  OwnerExited(
      pid, [&process](Term heir) { return process.IsProcessAlive(heir); },
      [&process](Term to, Term message) { process.Send(to, message); });
}

void EtsTables::OwnerExited(Term pid, const std::function<bool(Term)>& alive,
                            const std::function<void(Term, Term)>& send) {
  static const Term kEtsTransfer = InternAtom("ETS-TRANSFER");
  // Messages are built while the table is locked (the heir data lives in
  // it) and sent after every lock is released.
  {
    // Most processes own no table: they leave without the exclusive lock.
    std::shared_lock<std::shared_mutex> lock(mutex_);
    if (!by_owner_.contains(pid.raw())) return;
  }
  Heap heap;
  std::vector<std::pair<Term, Term>> messages;
  std::vector<std::shared_ptr<EtsTable>> dead;
  {
    std::unique_lock<std::shared_mutex> lock(mutex_);
    auto owned = by_owner_.find(pid.raw());
    if (owned == by_owner_.end()) return;
    std::vector<EtsTable*> tables(owned->second.begin(), owned->second.end());
    for (EtsTable* table : tables) {
      std::unique_lock<std::shared_mutex> table_lock(table->mutex());
      Term heir = table->heir();
      if (heir != kNonValue && heir != pid && alive(heir)) {
        SetOwnerLocked(*table, heir);
        Term data = CopyTerm(table->heir_data(), heap);
        messages.push_back(
            {heir, MakeTuple(heap, {kEtsTransfer, Identifier(*table, heap), pid, data})});
        continue;
      }
      dead.push_back(by_id_[table->id()]);
      UnregisterLocked(*table);
      table->Kill();
    }
  }
  for (const auto& [to, message] : messages)
    send(to, message);
}

}  // namespace ling::vm
