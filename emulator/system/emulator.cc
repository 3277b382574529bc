#include "emulator/system/emulator.h"

#include <cstdio>
#include <cstdlib>
#include <utility>

#include "runtime/core/node.h"

namespace ling::emulator {

Emulator::Emulator(Runtime& runtime, EmulatorOptions options)
    : runtime_(runtime),
      code_(std::move(options.code_path), std::move(options.on_load_error)),
      on_halt_(std::move(options.on_halt)) {}

absl::StatusOr<Pid> Emulator::Spawn(std::vector<ErlangCall> calls, std::unique_ptr<Heap> args_heap,
                                    std::function<void(const Crash&)> on_crash) {
  auto body = std::make_unique<ErlangBody>(code_, *this, std::move(calls), std::move(args_heap),
                                           std::move(on_crash));
  absl::StatusOr<uint64_t> id = runtime_.node().Spawn(std::move(body), SpawnSpec{}, nullptr);
  if (!id.ok()) return id.status();
  return Pid{*id};
}

vm::ModuleVersion Emulator::CurrentModule(Term module) {
  std::shared_ptr<const code::LoadedModule> current = code_.modules().Current(module);
  if (current == nullptr) return {};
  return {current, &current->beam, &current->code};
}

void Emulator::Halt(int status) {
  if (on_halt_) {
    on_halt_(status);
    return;
  }
  std::fflush(nullptr);
  std::_Exit(status);
}

}  // namespace ling::emulator
