#include "emulator/system/emulator.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "emulator/preloaded/preloaded_modules.h"
#include "runtime/core/node.h"
#include "runtime/term/atoms.h"
#include "runtime/term/format.h"

namespace ling::emulator {

Emulator::Emulator(Runtime& runtime, EmulatorOptions options)
    : runtime_(runtime),
      ports_(PortSystem::Of(runtime.node()) == nullptr ? std::make_unique<PortSystem>(runtime)
                                                       : nullptr),
      code_(std::move(options.code_path), std::move(options.on_load_error), PreloadedModules()),
      on_halt_(std::move(options.on_halt)),
      boot_arguments_(std::move(options.boot_arguments)),
      start_time_(std::chrono::duration_cast<std::chrono::nanoseconds>(
                      std::chrono::steady_clock::now().time_since_epoch())
                      .count()),
      timers_(runtime.node()) {}

absl::StatusOr<Pid> Emulator::Spawn(std::vector<ErlangCall> calls, std::unique_ptr<Heap> args_heap,
                                    ErlangSpawnOptions options) {
  auto body = std::make_unique<ErlangBody>(*this, std::move(calls), std::move(args_heap),
                                           std::move(options.body));
  absl::StatusOr<uint64_t> id =
      runtime_.node().Spawn(std::move(body), options.spec, options.parent, options.monitor_ref);
  if (!id.ok()) return id.status();
  return Pid{*id};
}

vm::ModuleVersion Emulator::CurrentModule(Term module) {
  std::shared_ptr<const code::LoadedModule> current = code_.modules().Current(module);
  if (current == nullptr) return {};
  return {current, &current->beam, &current->code};
}

vm::SystemFigures Emulator::Figures() {
  Node& node = runtime_.node();
  vm::SystemFigures figures;
  for (int i = 0; i < node.scheduler_count(); ++i) {
    Scheduler& s = node.scheduler(i);
    figures.schedulers.push_back({s.run_queue().length(), !s.asleep(), s.reductions(), s.runs()});
  }
  if (Scheduler* current = Scheduler::Current()) figures.scheduler_id = current->index() + 1;
  figures.processes = node.process_count();
  figures.process_limit = node.table().capacity();
  if (PortSystem* ports = PortSystem::Of(node)) {
    figures.ports = ports->port_count();
    figures.port_limit = ports->port_limit();
    figures.io_input = ports->io_input();
    figures.io_output = ports->io_output();
  }
  figures.reductions_per_run = node.reductions_per_run();
  figures.start_time = start_time_;
  return figures;
}

void Emulator::ReportCrash(Term pid, const Crash& crash) {
  if (crash.error_class == atoms::kExit) return;
  absl::Time now = absl::Now();
  std::string report = absl::StrCat(
      "=ERROR REPORT==== ", absl::FormatTime("%e-%b-%Y::%H:%M:%E6S", now, absl::LocalTimeZone()),
      " ===\nError in process ", ToString(pid), " with exit value:\n{", ToString(crash.reason), ",",
      ToString(crash.stacktrace), "}\n\n");
  std::fputs(report.c_str(), stderr);
}

void Emulator::Halt(int status, bool flush) {
  if (on_halt_) {
    on_halt_(status);
    return;
  }
  if (!flush) {
    std::fflush(nullptr);
    std::_Exit(status);
  }
  ExitWhenFlushed(status);
}

void Emulator::ExitWhenFlushed(int status, std::function<void()> last_words) {
  if (halting_.exchange(true)) return;
  runtime_.node().RunOnlyPorts();
  // Waited for on a thread of its own: the caller's scheduler goes back to
  // running the ports' tasks, which it may be the only one to run. As erl,
  // a port whose reader never reads keeps the system up.
  std::thread([ports = PortSystem::Of(runtime_.node()), status,
               last_words = std::move(last_words)] {
    while (ports != nullptr && ports->UnflushedBytes() > 0)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    if (last_words) last_words();
    std::fflush(nullptr);
    std::_Exit(status);
  }).detach();
}

}  // namespace ling::emulator
