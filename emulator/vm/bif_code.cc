// The BIFs that look at code rather than at terms: which modules are
// loaded and what they export (function_exported/3, module_loaded/1,
// is_builtin/3), what module_info/0,1 returns (get_module_info/1,2), export
// funs made at run time (make_fun/3), what a fun is (fun_info/1,2), the
// stub body of a NIF that never loaded (nif_error/1,2). What loads and
// drops code is in bif_code_loading.cc.
//
// The code server is reached through the Host (host.h); without one (unit
// tests) no module is loaded. erl 25's results, error reasons included, are
// the reference: bif_code_test.cc.
#include <algorithm>
#include <optional>
#include <string_view>
#include <vector>

#include "emulator/loader/beam_module.h"
#include "emulator/vm/bif.h"
#include "emulator/vm/bif_util.h"
#include "emulator/vm/specialise.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/binary.h"
#include "runtime/term/build.h"
#include "runtime/term/external.h"
#include "runtime/term/fun.h"

namespace ling::vm {
namespace {

// The arity limit of Erlang functions (BEAM's MAX_ARG).
constexpr int64_t kMaxArity = 255;

struct CodeAtoms {
  Term arity = InternAtom("arity");
  Term attributes = InternAtom("attributes");
  Term compile = InternAtom("compile");
  Term env = InternAtom("env");
  Term exports = InternAtom("exports");
  Term external = InternAtom("external");
  Term functions = InternAtom("functions");
  Term index = InternAtom("index");
  Term local = InternAtom("local");
  Term md5 = InternAtom("md5");
  Term module = InternAtom("module");
  Term name = InternAtom("name");
  Term native = InternAtom("native");
  Term new_index = InternAtom("new_index");
  Term new_uniq = InternAtom("new_uniq");
  Term nifs = InternAtom("nifs");
  Term pid = InternAtom("pid");
  Term type = InternAtom("type");
  Term uniq = InternAtom("uniq");
  Term yield = InternAtom("yield");
};
const CodeAtoms& A() {
  static const CodeAtoms atoms;
  return atoms;
}

// Module, Function, Arity arguments as function_exported/3 and is_builtin/3
// take them: two atoms and a small integer, else badarg. An arity outside
// 0..255 names no function (false, not badarg).
struct Mfa {
  Term module, function;
  std::optional<uint32_t> arity;
};
std::optional<Mfa> MfaArgs(const Term* args) {
  if (!IsAtom(args[0]) || !IsAtom(args[1]) || !IsSmall(args[2])) return std::nullopt;
  int64_t arity = SmallValue(args[2]);
  Mfa mfa{args[0], args[1], std::nullopt};
  if (arity >= 0 && arity <= kMaxArity) mfa.arity = static_cast<uint32_t>(arity);
  return mfa;
}

// Functions this emulator implements natively that are Erlang code in BEAM
// (erlang.erl, binary.erl, maps.erl, unicode.erl): not builtins to
// is_builtin/3, as on erl.
struct NativeHere {
  const char* module;
  const char* name;
  uint32_t arity;
};
constexpr NativeHere kErlangCodeOnBeam[] = {
    {"binary", "bin_to_list", 1},
    {"binary", "bin_to_list", 2},
    {"binary", "bin_to_list", 3},
    {"erlang", "atom_to_binary", 1},
    {"erlang", "binary_to_atom", 1},
    {"erlang", "binary_to_existing_atom", 1},
    {"erlang", "check_process_code", 2},
    {"erlang", "check_process_code", 3},
    {"erlang", "fun_info", 1},
    {"erlang", "garbage_collect", 0},
    {"erlang", "group_leader", 2},
    {"erlang", "halt", 0},
    {"erlang", "halt", 1},
    {"erlang", "is_alive", 0},
    {"erlang", "load_module", 2},
    {"erlang", "max", 2},
    {"erlang", "memory", 0},
    {"erlang", "memory", 1},
    {"erlang", "min", 2},
    {"erlang", "open_port", 2},
    {"erlang", "port_command", 2},
    {"erlang", "port_command", 3},
    {"erlang", "purge_module", 1},
    {"erlang", "raise", 2},
    {"erlang", "spawn", 1},
    {"erlang", "spawn_link", 1},
    {"erlang", "spawn_monitor", 1},
    {"erlang", "spawn_monitor", 3},
    {"erlang", "spawn_opt", 2},
    {"maps", "to_list", 1},
    {"unicode", "characters_to_binary", 1},
    {"unicode", "characters_to_list", 1},
};

// BEAM's rule (erts_is_builtin): a function of the BIF table, or one of the
// BIFs BEAM implements as instructions.
bool IsBuiltin(Term module, Term function, uint32_t arity) {
  if (module == atoms::kErlang && ((function == atoms::kApply && (arity == 2 || arity == 3)) ||
                                   (function == A().yield && arity == 0))) {
    return true;
  }
  if (FindBif(module, function, static_cast<int>(arity)) == nullptr) return false;
  std::string_view m = AtomName(module), f = AtomName(function);
  // NIFs on BEAM, never builtins there: prim_buffer's, zlib's, and
  // prim_file's *_nif functions (its name translations are BIFs).
  if (m == "prim_buffer" || m == "zlib" || (m == "prim_file" && f.ends_with("_nif"))) return false;
  return std::none_of(
      std::begin(kErlangCodeOnBeam), std::end(kErlangCodeOnBeam),
      [&](const NativeHere& n) { return n.arity == arity && m == n.module && f == n.name; });
}

ModuleVersion Current(BifContext& ctx, Term module) {
  return ctx.host != nullptr ? ctx.host->CurrentModule(module) : ModuleVersion{};
}

Term BifFunctionExported(BifContext& ctx, const Term* args) {
  std::optional<Mfa> mfa = MfaArgs(args);
  if (!mfa) return ctx.Fail(atoms::kBadarg);
  if (!mfa->arity) return atoms::kFalse;
  if (IsBuiltin(mfa->module, mfa->function, *mfa->arity)) return atoms::kTrue;
  ModuleVersion v = Current(ctx, mfa->module);
  if (!v) return atoms::kFalse;
  const loader::BeamModule& beam = *v.beam;
  return Bool(std::any_of(beam.exports.begin(), beam.exports.end(), [&](const auto& e) {
    return e.arity == *mfa->arity && beam.atom(e.function) == mfa->function;
  }));
}

Term BifIsBuiltin(BifContext& ctx, const Term* args) {
  std::optional<Mfa> mfa = MfaArgs(args);
  if (!mfa) return ctx.Fail(atoms::kBadarg);
  return Bool(mfa->arity && IsBuiltin(mfa->module, mfa->function, *mfa->arity));
}

Term BifModuleLoaded(BifContext& ctx, const Term* args) {
  if (!IsAtom(args[0])) return ctx.Fail(atoms::kBadarg);
  return Bool(static_cast<bool>(Current(ctx, args[0])));
}

// ---- get_module_info ----------------------------------------------------------------

Term NameArity(TermAllocator& heap, Term name, uint32_t arity) {
  return MakeTuple(heap, {name, MakeSmall(arity)});
}

// A chunk kept in the external format, decoded on the caller's heap ([]
// when the file had none).
Term DecodedChunk(BifContext& ctx, const std::vector<uint8_t>& chunk) {
  if (chunk.empty()) return kNil;
  // The loader checked that it decodes; only the atom table filling up can
  // fail now.
  absl::StatusOr<Decoded> d = DecodeExternal(ctx.memory, chunk);
  return d.ok() ? d->term : ctx.Fail(atoms::kSystemLimit);
}

// module_info(Item) of a loaded module; kNonValue (badarg raised) for an
// item erl does not know.
Term ModuleInfoItem(BifContext& ctx, const ModuleVersion& v, Term item) {
  const loader::BeamModule& beam = *v.beam;
  if (item == A().module) return beam.name;
  if (item == A().exports) {
    // In code order: the file's export table backwards. erl lists them in
    // its export table's order, mostly the same, but depending on what was
    // loaded and referred to before.
    Term list = kNil;
    for (const loader::FunctionEntry& e : beam.exports)
      list = MakeCons(ctx.memory, NameArity(ctx.memory, beam.atom(e.function), e.arity), list);
    return list;
  }
  if (item == A().functions) {
    std::vector<Term> functions;
    functions.reserve(v.code->functions.size());
    for (const LoadedCode::Function& f : v.code->functions)
      functions.push_back(NameArity(ctx.memory, f.name, f.arity));
    return MakeList(ctx.memory, functions);
  }
  if (item == A().nifs) return kNil;  // NIFs never load here
  if (item == A().attributes) return DecodedChunk(ctx, beam.attributes);
  if (item == A().compile) return DecodedChunk(ctx, beam.compile_info);
  if (item == A().md5) return MakeBinary(ctx.memory, beam.md5);
  if (item == A().native) return atoms::kFalse;  // no HiPE
  return ctx.Fail(atoms::kBadarg);
}

Term BifGetModuleInfo2(BifContext& ctx, const Term* args) {
  if (!IsAtom(args[0]) || !IsAtom(args[1])) return ctx.Fail(atoms::kBadarg);
  ModuleVersion v = Current(ctx, args[0]);
  if (!v) return ctx.Fail(atoms::kBadarg);
  return ModuleInfoItem(ctx, v, args[1]);
}

// module_info/0: erlang.erl's list of items, in its order.
Term BifGetModuleInfo1(BifContext& ctx, const Term* args) {
  if (!IsAtom(args[0])) return ctx.Fail(atoms::kBadarg);
  ModuleVersion v = Current(ctx, args[0]);
  if (!v) return ctx.Fail(atoms::kBadarg);
  const Term items[] = {A().module, A().exports, A().attributes, A().compile, A().md5};
  std::vector<Term> pairs;
  for (Term item : items) {
    Term value = ModuleInfoItem(ctx, v, item);
    if (value == kNonValue) return kNonValue;
    pairs.push_back(MakeTuple(ctx.memory, {item, value}));
  }
  return MakeList(ctx.memory, pairs);
}

// ---- funs ------------------------------------------------------------------------------

Term BifMakeFun(BifContext& ctx, const Term* args) {
  if (!IsAtom(args[0]) || !IsAtom(args[1]) || !IsSmall(args[2]) || SmallValue(args[2]) < 0 ||
      SmallValue(args[2]) > kMaxArity) {
    return ctx.Fail(atoms::kBadarg);
  }
  return MakeExportFun(ctx.memory, args[0], args[1], static_cast<uint8_t>(SmallValue(args[2])));
}

// The name of the function a local fun runs: its func_info's second
// operand (specialise.h), [] while the fun has no code (as erl says of a
// fun whose module is gone).
Term LambdaName(Term fun) {
  const auto* lambda = static_cast<const FunEntry*>(LocalFunEntry(fun));
  if (lambda == nullptr) return kNil;
  return Term::FromRaw(lambda->code[-static_cast<std::ptrdiff_t>(kFuncInfoWords) + 2]);
}

Term FreeVariables(TermAllocator& heap, Term fun) {
  Term list = kNil;
  for (uint32_t i = LocalFunNumFree(fun); i > 0; --i)
    list = MakeCons(heap, LocalFunFreeVar(fun, i - 1), list);
  return list;
}

// fun_info(Fun, Item)'s value; kNonValue for an item erl does not know.
// BEAM's undocumented `refc` item is not given.
Term FunInfoValue(TermAllocator& heap, Term fun, Term item) {
  const CodeAtoms& a = A();
  if (IsExportFun(fun)) {
    if (item == a.module) return ExportFunModule(fun);
    if (item == a.name) return ExportFunFunction(fun);
    if (item == a.arity) return MakeSmall(FunArity(fun));
    if (item == a.env) return kNil;
    if (item == a.type) return a.external;
    if (item == a.pid || item == a.index || item == a.new_index || item == a.uniq ||
        item == a.new_uniq) {
      return atoms::kUndefined;
    }
    return kNonValue;
  }
  LocalFunId id = LocalFunIdOf(fun);
  if (item == a.pid) return LocalFunCreator(fun);
  if (item == a.module) return id.module;
  if (item == a.new_index || item == a.index) return MakeSmall(id.index);
  if (item == a.new_uniq) return MakeBinary(heap, id.new_uniq);
  if (item == a.uniq) return MakeSmall(id.uniq);
  if (item == a.name) return LambdaName(fun);
  if (item == a.arity) return MakeSmall(id.arity);
  if (item == a.env) return FreeVariables(heap, fun);
  if (item == a.type) return a.local;
  return kNonValue;
}

Term BifFunInfo2(BifContext& ctx, const Term* args) {
  if (!IsFun(args[0]) || !IsAtom(args[1])) return ctx.Fail(atoms::kBadarg);
  Term value = FunInfoValue(ctx.memory, args[0], args[1]);
  if (value == kNonValue) return ctx.Fail(atoms::kBadarg);
  return MakeTuple(ctx.memory, {args[1], value});
}

// fun_info/1: erlang.erl's items, in its order.
Term BifFunInfo1(BifContext& ctx, const Term* args) {
  Term fun = args[0];
  if (!IsFun(fun)) return ctx.Fail(atoms::kBadarg);
  const CodeAtoms& a = A();
  std::vector<Term> items;
  if (IsExportFun(fun)) {
    items = {a.module, a.name, a.arity, a.env, a.type};
  } else {
    items = {a.pid,  a.module, a.new_index, a.new_uniq, a.index,
             a.uniq, a.name,   a.arity,     a.env,      a.type};
  }
  std::vector<Term> pairs;
  for (Term item : items)
    pairs.push_back(MakeTuple(ctx.memory, {item, FunInfoValue(ctx.memory, fun, item)}));
  return MakeList(ctx.memory, pairs);
}

// fun_info_mfa/1: {Module, Name, Arity} of any fun (a local fun's name is
// its lambda's, as fun_info's).
Term BifFunInfoMfa(BifContext& ctx, const Term* args) {
  Term fun = args[0];
  if (!IsFun(fun)) return ctx.Fail(atoms::kBadarg);
  const CodeAtoms& a = A();
  return MakeTuple(ctx.memory,
                   {FunInfoValue(ctx.memory, fun, a.module), FunInfoValue(ctx.memory, fun, a.name),
                    FunInfoValue(ctx.memory, fun, a.arity)});
}

// The body a module gives a function that a NIF replaces once loaded:
// raises its argument (NIFs never load here).
Term BifNifError(BifContext& ctx, const Term* args) {
  return ctx.Fail(args[0]);
}

constexpr BifEntry kCodeBifs[] = {
    {"erlang", "function_exported", 3, BifFunctionExported},
    {"erlang", "is_builtin", 3, BifIsBuiltin},
    {"erlang", "module_loaded", 1, BifModuleLoaded},
    {"erlang", "get_module_info", 1, BifGetModuleInfo1},
    {"erlang", "get_module_info", 2, BifGetModuleInfo2},
    {"erlang", "make_fun", 3, BifMakeFun},
    {"erlang", "fun_info", 1, BifFunInfo1},
    {"erlang", "fun_info", 2, BifFunInfo2},
    {"erlang", "fun_info_mfa", 1, BifFunInfoMfa},
    {"erlang", "nif_error", 1, BifNifError},
    {"erlang", "nif_error", 2, BifNifError},
};

}  // namespace

std::span<const BifEntry> CodeBifs() {
  return kCodeBifs;
}

}  // namespace ling::vm
