// The code BIFs give erl 25's results and errors. Without a host no module
// is loaded (the Call expectations, which testdata/check_bif_tests.escript
// checks against erl, hold either way); with one that has vm_sample loaded,
// module_info and fun_info say what erl says of the same .beam file
// (testdata/dump_module_info.erl, run at build time).
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "emulator/loader/beam_module.h"
#include "emulator/loader/test_files.h"
#include "emulator/vm/bif.h"
#include "emulator/vm/bif_test_util.h"
#include "emulator/vm/export_table.h"
#include "emulator/vm/host.h"
#include "emulator/vm/process_memory.h"
#include "emulator/vm/specialise.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/build.h"
#include "runtime/term/compare.h"
#include "runtime/term/format.h"
#include "runtime/term/fun.h"

namespace ling::vm {
namespace {

using testing::Call;
using testing::Erl;

TEST(CodeBifs, FunctionExportedKnowsBifsWithoutLoading) {
  EXPECT_EQ(Call(R"(function_exported(lists, reverse, 2))"), "true");
  EXPECT_EQ(Call(R"(function_exported(erlang, element, 2))"), "true");
  EXPECT_EQ(Call(R"(function_exported(erlang, '+', 2))"), "true");
  EXPECT_EQ(Call(R"(function_exported(erlang, apply, 3))"), "true");
  EXPECT_EQ(Call(R"(function_exported(erlang, apply, 2))"), "true");
  EXPECT_EQ(Call(R"(function_exported(erlang, get_module_info, 1))"), "true");
  EXPECT_EQ(Call(R"(function_exported(erlang, nif_error, 1))"), "true");
  EXPECT_EQ(Call(R"(function_exported(no_such_module, f, 0))"), "false");
  EXPECT_EQ(Call(R"(function_exported(x, f, -1))"), "false");
  EXPECT_EQ(Call(R"(function_exported(x, f, 256))"), "false");
  EXPECT_EQ(Call(R"(function_exported("x", f, 0))"), "error:badarg");
  EXPECT_EQ(Call(R"(function_exported(x, "f", 0))"), "error:badarg");
  EXPECT_EQ(Call(R"(function_exported(x, f, a))"), "error:badarg");
  EXPECT_EQ(Call(R"(function_exported(x, f, 1.0))"), "error:badarg");
  EXPECT_EQ(Call(R"(function_exported(x, f, 36893488147419103232))"), "error:badarg");
}

TEST(CodeBifs, IsBuiltin) {
  EXPECT_EQ(Call(R"(is_builtin(erlang, element, 2))"), "true");
  EXPECT_EQ(Call(R"(is_builtin(erlang, '+', 2))"), "true");
  EXPECT_EQ(Call(R"(is_builtin(erlang, apply, 3))"), "true");
  EXPECT_EQ(Call(R"(is_builtin(erlang, apply, 2))"), "true");
  EXPECT_EQ(Call(R"(is_builtin(erlang, yield, 0))"), "true");
  EXPECT_EQ(Call(R"(is_builtin(erlang, get_module_info, 1))"), "true");
  EXPECT_EQ(Call(R"(is_builtin(erlang, make_fun, 3))"), "true");
  EXPECT_EQ(Call(R"(is_builtin(erlang, md5_init, 0))"), "true");
  EXPECT_EQ(Call(R"(is_builtin(erlang, crc32, 1))"), "true");
  EXPECT_EQ(Call(R"(is_builtin(lists, reverse, 2))"), "true");
  EXPECT_EQ(Call(R"(is_builtin(lists, map, 2))"), "false");
  EXPECT_EQ(Call(R"(is_builtin(erlang, foo, 2))"), "false");
  EXPECT_EQ(Call(R"(is_builtin(x, f, -1))"), "false");
  EXPECT_EQ(Call(R"(is_builtin(x, f, 256))"), "false");
  EXPECT_EQ(Call(R"(is_builtin("x", f, 1))"), "error:badarg");
  EXPECT_EQ(Call(R"(is_builtin(x, 1, 1))"), "error:badarg");
  EXPECT_EQ(Call(R"(is_builtin(x, f, a))"), "error:badarg");
}

// Functions native here that are Erlang code on BEAM.
TEST(CodeBifs, IsBuiltinSaysWhatErlSaysOfFunctionsNativeOnlyHere) {
  EXPECT_EQ(Call(R"(is_builtin(erlang, fun_info, 1))"), "false");
  EXPECT_EQ(Call(R"(is_builtin(erlang, fun_info, 2))"), "true");
  EXPECT_EQ(Call(R"(is_builtin(erlang, halt, 1))"), "false");
  EXPECT_EQ(Call(R"(is_builtin(erlang, raise, 2))"), "false");
  EXPECT_EQ(Call(R"(is_builtin(erlang, raise, 3))"), "true");
  EXPECT_EQ(Call(R"(is_builtin(erlang, min, 2))"), "false");
  EXPECT_EQ(Call(R"(is_builtin(erlang, max, 2))"), "false");
  EXPECT_EQ(Call(R"(is_builtin(erlang, atom_to_binary, 1))"), "false");
  EXPECT_EQ(Call(R"(is_builtin(erlang, atom_to_binary, 2))"), "true");
  EXPECT_EQ(Call(R"(is_builtin(maps, to_list, 1))"), "false");
  EXPECT_EQ(Call(R"(is_builtin(binary, bin_to_list, 1))"), "false");
  EXPECT_EQ(Call(R"(is_builtin(unicode, characters_to_list, 1))"), "false");
  EXPECT_EQ(Call(R"(is_builtin(unicode, characters_to_list, 2))"), "true");
}

// Every BIF here, against erl's is_builtin/3 over the exports of the
// modules they belong to (testdata/dump_builtins.erl, run at build time):
// catches a function native here that is Erlang code on BEAM and missing
// from bif_code.cc's list.
TEST(CodeBifs, IsBuiltinAgreesWithErlOnEveryBifHere) {
  std::ifstream in(loader::testing::Runfile("emulator/vm/testdata/erl_builtins.txt"));
  std::set<std::string> modules, builtins;
  std::string line;
  while (std::getline(in, line) && line != "--")
    modules.insert(line);
  while (std::getline(in, line))
    builtins.insert(line);
  ASSERT_GT(builtins.size(), 300u);
  ProcessMemory memory;
  for (std::span<const BifEntry> (*table)() : kBifTables) {
    for (const BifEntry& b : table()) {
      if (std::string_view(b.module) == "ling") continue;  // ling's own, unknown to erl
      ASSERT_TRUE(modules.contains(b.module))
          << b.module << ": add it to testdata/dump_builtins.erl";
      std::string mfa = std::string(b.module) + " " + b.name + " " + std::to_string(b.arity);
      const Term args[] = {InternAtom(b.module), InternAtom(b.name), MakeSmall(b.arity)};
      EXPECT_EQ(Call(memory, "erlang", "is_builtin", args),
                builtins.contains(mfa) ? "true" : "false")
          << mfa;
    }
  }
}

TEST(CodeBifs, NoHostNoModules) {
  EXPECT_EQ(Call(R"(module_loaded(no_such_module))"), "false");
  EXPECT_EQ(Call(R"(module_loaded("x"))"), "error:badarg");
  EXPECT_EQ(Call(R"(get_module_info(no_such_module))"), "error:badarg");
  EXPECT_EQ(Call(R"(get_module_info(no_such_module, exports))"), "error:badarg");
  EXPECT_EQ(Call(R"(get_module_info("x"))"), "error:badarg");
  EXPECT_EQ(Call(R"(get_module_info(1, md5))"), "error:badarg");
}

TEST(CodeBifs, MakeFun) {
  EXPECT_EQ(Call(R"(make_fun(lists, seq, 2))"), Erl("fun lists:seq/2"));
  EXPECT_EQ(Call(R"(make_fun(no_such_module, f, 0))"), Erl("fun no_such_module:f/0"));
  EXPECT_EQ(Call(R"(make_fun(l, s, 255))"), Erl("fun l:s/255"));
  EXPECT_EQ(Call(R"(make_fun("l", seq, 2))"), "error:badarg");
  EXPECT_EQ(Call(R"(make_fun(l, "s", 2))"), "error:badarg");
  EXPECT_EQ(Call(R"(make_fun(l, s, -1))"), "error:badarg");
  EXPECT_EQ(Call(R"(make_fun(l, s, 256))"), "error:badarg");
  EXPECT_EQ(Call(R"(make_fun(l, s, 1.0))"), "error:badarg");
}

TEST(CodeBifs, FunInfoOfExportFuns) {
  EXPECT_EQ(Call(R"(fun_info(fun lists:map/2))"),
            Erl("[{module,lists},{name,map},{arity,2},{env,[]},{type,external}]"));
  EXPECT_EQ(Call(R"(fun_info(fun no_such_module:f/3))"),
            Erl("[{module,no_such_module},{name,f},{arity,3},{env,[]},{type,external}]"));
  EXPECT_EQ(Call(R"(fun_info(fun lists:map/2, arity))"), Erl("{arity,2}"));
  EXPECT_EQ(Call(R"(fun_info(fun lists:map/2, module))"), Erl("{module,lists}"));
  EXPECT_EQ(Call(R"(fun_info(fun lists:map/2, name))"), Erl("{name,map}"));
  EXPECT_EQ(Call(R"(fun_info(fun lists:map/2, type))"), Erl("{type,external}"));
  EXPECT_EQ(Call(R"(fun_info(fun lists:map/2, env))"), Erl("{env,[]}"));
  EXPECT_EQ(Call(R"(fun_info(fun lists:map/2, pid))"), Erl("{pid,undefined}"));
  EXPECT_EQ(Call(R"(fun_info(fun lists:map/2, index))"), Erl("{index,undefined}"));
  EXPECT_EQ(Call(R"(fun_info(fun lists:map/2, new_index))"), Erl("{new_index,undefined}"));
  EXPECT_EQ(Call(R"(fun_info(fun lists:map/2, uniq))"), Erl("{uniq,undefined}"));
  EXPECT_EQ(Call(R"(fun_info(fun lists:map/2, new_uniq))"), Erl("{new_uniq,undefined}"));
  EXPECT_EQ(Call(R"(fun_info(fun lists:map/2, bad))"), "error:badarg");
  EXPECT_EQ(Call(R"(fun_info(fun lists:map/2, 1))"), "error:badarg");
  EXPECT_EQ(Call(R"(fun_info(x))"), "error:badarg");
  EXPECT_EQ(Call(R"(fun_info(x, arity))"), "error:badarg");
  EXPECT_EQ(Call(R"(fun_info_mfa(fun lists:map/2))"), Erl("{lists,map,2}"));
  EXPECT_EQ(Call(R"(fun_info_mfa(x))"), "error:badarg");
}

TEST(CodeBifs, NifErrorRaisesItsReason) {
  EXPECT_EQ(Call(R"(nif_error(undef))"), "error:undef");
  EXPECT_EQ(Call(R"(nif_error(foo, [1]))"), "error:foo");
}

// ---- with vm_sample loaded --------------------------------------------------------------

class LoadedModuleTest : public ::testing::Test, public Host {
 protected:
  void SetUp() override {
    auto bytes = loader::testing::ReadWholeFile(
        loader::testing::Runfile("emulator/vm/testdata/vm_sample.beam"));
    ASSERT_TRUE(bytes.has_value());
    absl::StatusOr<loader::BeamModule> beam = loader::ReadBeam(*bytes);
    ASSERT_TRUE(beam.ok()) << beam.status();
    beam_ = *std::move(beam);
    absl::StatusOr<LoadedCode> code = Specialise(beam_, exports_);
    ASSERT_TRUE(code.ok()) << code.status();
    code_ = *std::move(code);
    // As the code server does.
    for (size_t i = 0; i < beam_.lambdas.size(); ++i)
      code_.lambdas[i].id.new_uniq = beam_.md5;
    std::ifstream in(loader::testing::Runfile("emulator/vm/testdata/vm_sample_info.txt"));
    for (std::string line; std::getline(in, line);)
      erl_.push_back(line);
    ASSERT_EQ(erl_.size(), 3u);
  }

  // Host
  bool EnsureLoaded(Term) override { return false; }
  ModuleVersion CurrentModule(Term module) override {
    if (module != beam_.name) return {};
    return {owner_, &beam_, &code_};
  }
  void Halt(int, bool) override {}
  const BootArguments& boot_arguments() override { return boot_arguments_; }
  SystemFigures Figures() override { return {}; }
  absl::Status LoadModule(Term) override { return absl::NotFoundError("nofile"); }
  std::string Which(Term) override { return ""; }
  std::vector<std::string> CodePath() override { return {}; }
  std::vector<Term> LoadedModules() override { return {beam_.name}; }

  std::string CallHere(std::string_view name, std::vector<Term> args) {
    return Call(memory_, "erlang", name, args, this);
  }
  Term Atom(std::string_view name) { return InternAtom(name); }

  BootArguments boot_arguments_;
  std::shared_ptr<int> owner_ = std::make_shared<int>();
  loader::BeamModule beam_;
  ExportTable exports_;
  LoadedCode code_;
  ProcessMemory memory_;
  // dump_module_info.erl's lines: module_info/0; functions, nifs and
  // native; fun_info/1 of adder(5) without its pid.
  std::vector<std::string> erl_;
};

// module_info/0 with its exports sorted, as dump_module_info.erl writes it.
std::string SortingExports(ProcessMemory& memory, Term info) {
  static const Term kExports = InternAtom("exports");
  std::vector<Term> items;
  for (Term t = info; IsList(t); t = Tail(t)) {
    Term item = Head(t);
    if (TupleElement(item, 0) == kExports) {
      std::vector<Term> exports;
      for (Term e = TupleElement(item, 1); IsList(e); e = Tail(e))
        exports.push_back(Head(e));
      std::sort(exports.begin(), exports.end(), [](Term a, Term b) { return Compare(a, b) < 0; });
      item = MakeTuple(memory, {kExports, MakeList(memory, exports)});
    }
    items.push_back(item);
  }
  return ToString(MakeList(memory, items));
}

TEST_F(LoadedModuleTest, ModuleInfoIsErls) {
  const BifEntry* info = FindBif(atoms::kErlang, Atom("get_module_info"), 1);
  BifContext ctx{memory_, this};
  const Term module[] = {Atom("vm_sample")};
  Term all = info->function(ctx, module);
  ASSERT_NE(all, kNonValue);
  EXPECT_EQ(SortingExports(memory_, all), erl_[0]);
  // Here in code order (erl's order is its export table's).
  EXPECT_EQ(CallHere("get_module_info", {Atom("vm_sample"), Atom("exports")}).substr(0, 24),
            "[{fib,1},{tak,3},{nrev,1");
  std::string items = "[";
  for (std::string_view item : {"functions", "nifs", "native"}) {
    if (items.size() > 1) items += ",";
    items += "{" + std::string(item) + "," +
             CallHere("get_module_info", {Atom("vm_sample"), Atom(item)}) + "}";
  }
  EXPECT_EQ(items + "]", erl_[1]);
  EXPECT_EQ(CallHere("get_module_info", {Atom("vm_sample"), Atom("bad")}), "error:badarg");
  EXPECT_EQ(CallHere("get_module_info", {Atom("vm_sample"), MakeSmall(1)}), "error:badarg");
}

TEST_F(LoadedModuleTest, LoadedAndExported) {
  EXPECT_EQ(CallHere("module_loaded", {Atom("vm_sample")}), "true");
  EXPECT_EQ(CallHere("module_loaded", {Atom("lists")}), "false");
  EXPECT_EQ(CallHere("function_exported", {Atom("vm_sample"), Atom("fib"), MakeSmall(1)}), "true");
  EXPECT_EQ(CallHere("function_exported", {Atom("vm_sample"), Atom("module_info"), MakeSmall(0)}),
            "true");
  // A local function, and an exported name with another arity.
  EXPECT_EQ(CallHere("function_exported", {Atom("vm_sample"), Atom("app"), MakeSmall(2)}), "false");
  EXPECT_EQ(CallHere("function_exported", {Atom("vm_sample"), Atom("fib"), MakeSmall(2)}), "false");
}

TEST_F(LoadedModuleTest, FunInfoOfALocalFunIsErls) {
  // adder/1's fun, the module's first, with N = 5.
  const FunEntry& lambda = code_.lambdas[0];
  const Term env[] = {MakeSmall(5)};
  Term fun = MakeLocalFun(memory_, &lambda, lambda.id, env);
  std::string all = CallHere("fun_info", {fun});
  EXPECT_EQ(all.substr(0, all.find(",{module,")), "[{pid,<0.0.0>}");
  EXPECT_EQ("[" + all.substr(all.find("{module,")), erl_[2]);
  EXPECT_EQ(CallHere("fun_info", {fun, Atom("name")}), "{name,'-adder/1-fun-0-'}");
  EXPECT_EQ(CallHere("fun_info", {fun, Atom("env")}), "{env,[5]}");
  EXPECT_EQ(CallHere("fun_info", {fun, Atom("refc")}), "error:badarg");
  EXPECT_EQ(CallHere("fun_info_mfa", {fun}), "{vm_sample,'-adder/1-fun-0-',1}");
  // A fun without code (decoded, its module gone) has no name.
  Term orphan = MakeLocalFun(memory_, nullptr, lambda.id, env);
  EXPECT_EQ(CallHere("fun_info", {orphan, Atom("name")}), "{name,[]}");
}

}  // namespace
}  // namespace ling::vm
