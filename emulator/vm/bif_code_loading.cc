// The BIFs that load and drop code: erlang:load_module/2, delete_module/1,
// purge_module/1, check_old_code/1, check_process_code/2,3, pre_loaded/0,
// loaded/0, and the code server's side of ling's code module
// (emulator/preloaded/code.erl): ling:load_module/1, load_binary/3,
// purge_module/1, loaded_file/1, which/1, the code path (code_path/0, set_code_path/1,
// add_code_path/2, del_code_path/1) and loaded_modules/0.
//
// check_process_code looks at the calling process only: its current
// instruction and the continuations on its stack, as BEAM looks at any
// process. Another process's stack is read only by the thread running it,
// so of any other process the answer is false; the code server keeps
// purged code alive for such processes (emulator/code/code_server.h).
//
// The code server is reached through the Host (host.h, code_service.h);
// without one (unit tests) these BIFs raise notsup once their arguments
// are checked. erl 25's results are the reference (bif_code_loading_test.cc,
// tests/erlang/t_code_loading.erl).
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "emulator/vm/bif.h"
#include "emulator/vm/bif_util.h"
#include "emulator/vm/code_service.h"
#include "emulator/vm/host.h"
#include "emulator/vm/process_context.h"
#include "emulator/vm/process_memory.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/build.h"

namespace ling::vm {
namespace {

struct LoadingAtoms {
  Term async = InternAtom("async");
  Term allow_gc = InternAtom("allow_gc");
  Term badfile = InternAtom("badfile");
  Term check_process_code = InternAtom("check_process_code");
  Term first = InternAtom("first");
  Term last = InternAtom("last");
  Term module = InternAtom("module");
  Term non_existing = InternAtom("non_existing");
  Term nofile = InternAtom("nofile");
  Term not_purged = InternAtom("not_purged");
  Term preloaded = InternAtom("preloaded");
};
const LoadingAtoms& A() {
  static const LoadingAtoms atoms;
  return atoms;
}

CodeService* Service(BifContext& ctx) {
  return ctx.host != nullptr ? ctx.host->code_service() : nullptr;
}

// {module, M}, or {error, nofile | badfile | not_purged}.
Term LoadReply(BifContext& ctx, Term module, const absl::Status& loaded) {
  if (loaded.ok()) return MakeTuple(ctx.memory, {A().module, module});
  Term why = absl::IsNotFound(loaded)             ? A().nofile
             : absl::IsFailedPrecondition(loaded) ? A().not_purged
                                                  : A().badfile;
  return MakeTuple(ctx.memory, {atoms::kError, why});
}

// A file or directory name as ling's code module passes it: a string of
// bytes (the form code_path/0 and which/1 return).
std::optional<std::string> ByteString(Term t) {
  std::optional<std::u32string> chars = CharList(t, 0xff);
  if (!chars) return std::nullopt;
  return std::string(chars->begin(), chars->end());
}

// BEAM's check_process_code of the calling process: its current
// instruction or a continuation on its stack lies in the module's old code.
bool CallerRunsOldCode(BifContext& ctx, CodeService& code, Term module) {
  std::span<const Word> old = code.OldCode(module);
  if (old.empty()) return false;
  auto in_old = [&](const Word* address) {
    return address >= old.data() && address < old.data() + old.size();
  };
  if (ctx.pc != nullptr && in_old(ctx.pc)) return true;
  // Continuations are code pointers, the only stack words with primary
  // tag 00 (code_words.h).
  for (const Word* p = ctx.memory.stop; p < ctx.memory.stack_end(); ++p) {
    if ((*p & tag::kPrimaryMask) == tag::kHeader && in_old(reinterpret_cast<const Word*>(*p)))
      return true;
  }
  return false;
}

// ---- erlang ---------------------------------------------------------------------------

Term BifLoadModule2(BifContext& ctx, const Term* args) {
  std::vector<uint8_t> scratch;
  std::optional<std::span<const uint8_t>> bytes = BinaryView(args[1], scratch);
  if (!IsAtom(args[0]) || !bytes) return ctx.Fail(atoms::kBadarg);
  CodeService* code = Service(ctx);
  if (code == nullptr) return ctx.Fail(atoms::kNotsup);
  return LoadReply(ctx, args[0], code->LoadBinary(args[0], *bytes, ""));
}

Term BifDeleteModule(BifContext& ctx, const Term* args) {
  if (!IsAtom(args[0])) return ctx.Fail(atoms::kBadarg);
  CodeService* code = Service(ctx);
  if (code == nullptr) return ctx.Fail(atoms::kNotsup);
  switch (code->Delete(args[0])) {
    case CodeService::DeleteOutcome::kUnknown:
      return atoms::kUndefined;
    case CodeService::DeleteOutcome::kNotPurged:
      return ctx.Fail(atoms::kBadarg);
    case CodeService::DeleteOutcome::kDeleted:
      break;
  }
  return atoms::kTrue;
}

// Purges the module's old code; whether it had any. A caller still running
// that code is killed, as BEAM's purger kills it (after the purge here: it
// dies at its next look at its signals, before it runs on).
std::optional<bool> PurgeForCaller(BifContext& ctx, Term module) {
  CodeService* code = Service(ctx);
  if (code == nullptr) return std::nullopt;
  bool kill_caller = CallerRunsOldCode(ctx, *code, module);
  bool purged = code->Purge(module);
  if (kill_caller && ctx.process != nullptr) ctx.process->SendExit(ctx.self, atoms::kKill);
  return purged;
}

// erlang:purge_module/1: true, or badarg when there was no old code.
Term BifPurgeModule(BifContext& ctx, const Term* args) {
  if (!IsAtom(args[0])) return ctx.Fail(atoms::kBadarg);
  std::optional<bool> purged = PurgeForCaller(ctx, args[0]);
  if (!purged) return ctx.Fail(atoms::kNotsup);
  return *purged ? atoms::kTrue : ctx.Fail(atoms::kBadarg);
}

Term BifCheckOldCode(BifContext& ctx, const Term* args) {
  if (!IsAtom(args[0])) return ctx.Fail(atoms::kBadarg);
  CodeService* code = Service(ctx);
  if (code == nullptr) return ctx.Fail(atoms::kNotsup);
  return Bool(!code->OldCode(args[0]).empty());
}

// The answer for Pid and Module (checked), as the header says.
Term CheckProcessCode(BifContext& ctx, Term pid, Term module) {
  CodeService* code = Service(ctx);
  if (code == nullptr) return ctx.Fail(atoms::kNotsup);
  return Bool(pid == ctx.self && CallerRunsOldCode(ctx, *code, module));
}

Term BifCheckProcessCode2(BifContext& ctx, const Term* args) {
  if (!IsPid(args[0]) || !IsAtom(args[1])) return ctx.Fail(atoms::kBadarg);
  return CheckProcessCode(ctx, args[0], args[1]);
}

// Options: {allow_gc, Bool} (nothing to collect here) and {async, ReqId}:
// the answer comes as {check_process_code, ReqId, Result} and the BIF
// returns async.
Term BifCheckProcessCode3(BifContext& ctx, const Term* args) {
  if (!IsPid(args[0]) || !IsAtom(args[1])) return ctx.Fail(atoms::kBadarg);
  Term request = kNonValue;
  Term list = args[2];
  for (; IsList(list); list = Tail(list)) {
    Term option = Head(list);
    if (!IsTuple(option) || TupleArity(option) != 2) return ctx.Fail(atoms::kBadarg);
    Term key = TupleElement(option, 0), value = TupleElement(option, 1);
    if (key == A().async) {
      request = value;
    } else if (key != A().allow_gc || (value != atoms::kTrue && value != atoms::kFalse)) {
      return ctx.Fail(atoms::kBadarg);
    }
  }
  if (list != kNil) return ctx.Fail(atoms::kBadarg);
  Term result = CheckProcessCode(ctx, args[0], args[1]);
  if (request == kNonValue || result == kNonValue) return result;
  if (ctx.process != nullptr) {
    ctx.process->Send(ctx.self, MakeTuple(ctx.memory, {A().check_process_code, request, result}));
  }
  return A().async;
}

Term BifPreLoaded(BifContext& ctx, const Term*) {
  CodeService* code = Service(ctx);
  if (code == nullptr) return ctx.Fail(atoms::kNotsup);
  return MakeList(ctx.memory, code->PreloadedModules());
}

Term BifLoaded(BifContext& ctx, const Term*) {
  CodeService* code = Service(ctx);
  if (code == nullptr) return ctx.Fail(atoms::kNotsup);
  return MakeList(ctx.memory, code->ModulesWithCode());
}

// ---- ling, for code.erl ----------------------------------------------------------------

// ling:load_module(M): code:load_file/1.
Term BifLingLoadModule(BifContext& ctx, const Term* args) {
  if (!IsAtom(args[0])) return ctx.Fail(atoms::kBadarg);
  if (ctx.host == nullptr) return ctx.Fail(atoms::kNotsup);
  return LoadReply(ctx, args[0], ctx.host->LoadModule(args[0]));
}

// ling:load_binary(M, File, Binary): erlang:load_module/2 that records File
// for code:which/1.
Term BifLoadBinary(BifContext& ctx, const Term* args) {
  std::vector<uint8_t> scratch;
  std::optional<std::span<const uint8_t>> bytes = BinaryView(args[2], scratch);
  std::optional<std::string> file = ByteString(args[1]);
  if (!IsAtom(args[0]) || !file || !bytes) return ctx.Fail(atoms::kBadarg);
  CodeService* code = Service(ctx);
  if (code == nullptr) return ctx.Fail(atoms::kNotsup);
  return LoadReply(ctx, args[0], code->LoadBinary(args[0], *bytes, *std::move(file)));
}

// ling:purge_module(M): whether there was old code (purged now).
Term BifLingPurgeModule(BifContext& ctx, const Term* args) {
  if (!IsAtom(args[0])) return ctx.Fail(atoms::kBadarg);
  std::optional<bool> purged = PurgeForCaller(ctx, args[0]);
  if (!purged) return ctx.Fail(atoms::kNotsup);
  return Bool(*purged);
}

// A module's file as code:which/1 and is_loaded/1 give it: the atom
// preloaded for a built-in module (the code server's "preloaded"), else
// a string.
Term FileTerm(BifContext& ctx, const std::string& file) {
  return file == "preloaded" ? A().preloaded : MakeString(ctx.memory, file);
}

// ling:loaded_file(M): code:is_loaded/1's file, or false.
Term BifLoadedFile(BifContext& ctx, const Term* args) {
  if (!IsAtom(args[0])) return ctx.Fail(atoms::kBadarg);
  CodeService* code = Service(ctx);
  if (code == nullptr) return ctx.Fail(atoms::kNotsup);
  std::optional<std::string> file = code->LoadedFile(args[0]);
  return file ? FileTerm(ctx, *file) : atoms::kFalse;
}

// ling:which(M): the file, or non_existing.
Term BifWhich(BifContext& ctx, const Term* args) {
  if (!IsAtom(args[0])) return ctx.Fail(atoms::kBadarg);
  if (ctx.host == nullptr) return ctx.Fail(atoms::kNotsup);
  std::string file = ctx.host->Which(args[0]);
  return file.empty() ? A().non_existing : FileTerm(ctx, file);
}

Term BifCodePath(BifContext& ctx, const Term*) {
  if (ctx.host == nullptr) return ctx.Fail(atoms::kNotsup);
  return MakeStringList(ctx.memory, ctx.host->CodePath());
}

// ling:set_code_path(Dirs): true.
Term BifSetCodePath(BifContext& ctx, const Term* args) {
  std::vector<std::string> dirs;
  Term list = args[0];
  for (; IsList(list); list = Tail(list)) {
    std::optional<std::string> dir = ByteString(Head(list));
    if (!dir) return ctx.Fail(atoms::kBadarg);
    dirs.push_back(*std::move(dir));
  }
  if (list != kNil) return ctx.Fail(atoms::kBadarg);
  CodeService* code = Service(ctx);
  if (code == nullptr) return ctx.Fail(atoms::kNotsup);
  code->SetPath(std::move(dirs));
  return atoms::kTrue;
}

// ling:add_code_path(Dir, first | last): true.
Term BifAddCodePath(BifContext& ctx, const Term* args) {
  std::optional<std::string> dir = ByteString(args[0]);
  if (!dir || (args[1] != A().first && args[1] != A().last)) return ctx.Fail(atoms::kBadarg);
  CodeService* code = Service(ctx);
  if (code == nullptr) return ctx.Fail(atoms::kNotsup);
  code->AddPath(*std::move(dir), args[1] == A().first);
  return atoms::kTrue;
}

// ling:del_code_path(Dir): whether it was on the path.
Term BifDelCodePath(BifContext& ctx, const Term* args) {
  std::optional<std::string> dir = ByteString(args[0]);
  if (!dir) return ctx.Fail(atoms::kBadarg);
  CodeService* code = Service(ctx);
  if (code == nullptr) return ctx.Fail(atoms::kNotsup);
  return Bool(code->DeletePath(*dir));
}

Term BifLoadedModules(BifContext& ctx, const Term*) {
  if (ctx.host == nullptr) return ctx.Fail(atoms::kNotsup);
  return MakeList(ctx.memory, ctx.host->LoadedModules());
}

constexpr BifEntry kCodeLoadingBifs[] = {
    {"erlang", "load_module", 2, BifLoadModule2},
    {"erlang", "delete_module", 1, BifDeleteModule},
    {"erlang", "purge_module", 1, BifPurgeModule},
    {"erlang", "check_old_code", 1, BifCheckOldCode},
    {"erlang", "check_process_code", 2, BifCheckProcessCode2},
    {"erlang", "check_process_code", 3, BifCheckProcessCode3},
    {"erlang", "pre_loaded", 0, BifPreLoaded},
    {"erlang", "loaded", 0, BifLoaded},
    {"ling", "load_module", 1, BifLingLoadModule},
    {"ling", "load_binary", 3, BifLoadBinary},
    {"ling", "purge_module", 1, BifLingPurgeModule},
    {"ling", "loaded_file", 1, BifLoadedFile},
    {"ling", "which", 1, BifWhich},
    {"ling", "code_path", 0, BifCodePath},
    {"ling", "set_code_path", 1, BifSetCodePath},
    {"ling", "add_code_path", 2, BifAddCodePath},
    {"ling", "del_code_path", 1, BifDelCodePath},
    {"ling", "loaded_modules", 0, BifLoadedModules},
};

}  // namespace

std::span<const BifEntry> CodeLoadingBifs() {
  return kCodeLoadingBifs;
}

}  // namespace ling::vm
