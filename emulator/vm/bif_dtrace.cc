// The DTrace tag BIFs (erlang:dt_*) as erl answers them when built without
// DTrace, as Debian's is: kernel's file and file_io_server call them on
// every request.
#include "emulator/vm/bif.h"
#include "runtime/term/atoms.h"

namespace ling::vm {
namespace {

Term BifSpreadTag(BifContext& ctx, const Term* args) {
  if (args[0] != atoms::kTrue && args[0] != atoms::kFalse) return ctx.Fail(atoms::kBadarg);
  return atoms::kTrue;
}

// Takes back only what dt_spread_tag/1 gave.
Term BifRestoreTag(BifContext& ctx, const Term* args) {
  if (args[0] != atoms::kTrue) return ctx.Fail(atoms::kBadarg);
  return atoms::kTrue;
}

// No tag is ever kept.
Term BifNoTag(BifContext&, const Term*) {
  return atoms::kUndefined;
}

Term BifTagData(BifContext&, const Term* args) {
  return args[0];
}

constexpr BifEntry kDtraceBifs[] = {
    {"erlang", "dt_spread_tag", 1, BifSpreadTag},
    {"erlang", "dt_restore_tag", 1, BifRestoreTag},
    {"erlang", "dt_get_tag", 0, BifNoTag},
    {"erlang", "dt_get_tag_data", 0, BifNoTag},
    {"erlang", "dt_put_tag", 1, BifNoTag},
    {"erlang", "dt_prepend_vm_tag_data", 1, BifTagData},
    {"erlang", "dt_append_vm_tag_data", 1, BifTagData},
};

}  // namespace

std::span<const BifEntry> DtraceBifs() {
  return kDtraceBifs;
}

}  // namespace ling::vm
