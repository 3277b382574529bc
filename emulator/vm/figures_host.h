// For the BIF tests that read the running system (system_info/1,
// statistics/1): a Host that has no code and tells the figures the test
// sets.
//
// Concurrency: one test thread.
#ifndef LING_EMULATOR_VM_FIGURES_HOST_H_
#define LING_EMULATOR_VM_FIGURES_HOST_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "emulator/vm/host.h"

namespace ling::vm::testing {

class FiguresHost final : public Host {
 public:
  SystemFigures figures;

  bool EnsureLoaded(Term) override { return false; }
  ModuleVersion CurrentModule(Term) override { return {}; }
  absl::Status LoadModule(Term) override { return absl::NotFoundError("nofile"); }
  std::string Which(Term) override { return ""; }
  std::vector<std::string> CodePath() override { return {}; }
  std::vector<Term> LoadedModules() override { return {}; }
  void Halt(int, bool) override {}
  const BootArguments& boot_arguments() override { return boot_arguments_; }
  SystemFigures Figures() override { return figures; }

 private:
  BootArguments boot_arguments_;
};

}  // namespace ling::vm::testing

#endif  // LING_EMULATOR_VM_FIGURES_HOST_H_
