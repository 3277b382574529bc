// A module compiled by erlc reads back as written; every truncated copy is
// refused with an error (random damage: beam_fuzzer_test).
#include "emulator/loader/beam_module.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "emulator/loader/test_files.h"
#include "runtime/term/atom_table.h"

namespace ling::loader {
namespace {

class BeamModuleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto bytes =
        testing::ReadWholeFile(testing::Runfile("emulator/loader/testdata/loader_sample.beam"));
    ASSERT_TRUE(bytes.has_value());
    file_ = *std::move(bytes);
  }

  bool Exports(const BeamModule& m, std::string_view name, uint32_t arity) {
    return std::any_of(m.exports.begin(), m.exports.end(), [&](const FunctionEntry& e) {
      return AtomName(m.atom(e.function)) == name && e.arity == arity;
    });
  }

  std::vector<uint8_t> file_;
};

TEST_F(BeamModuleTest, ReadsWhatErlcWrote) {
  absl::StatusOr<BeamModule> m = ReadBeam(file_);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(AtomName(m->name), "loader_sample");
  for (auto [name, arity] : {std::pair{"start", 0u},
                             {"add", 2u},
                             {"adder", 1u},
                             {"big", 0u},
                             {"pick", 1u},
                             {"module_info", 0u},
                             {"module_info", 1u}}) {
    EXPECT_TRUE(Exports(*m, name, arity)) << name << "/" << arity;
  }
  EXPECT_FALSE(Exports(*m, "helper", 1));
  EXPECT_TRUE(std::any_of(m->locals.begin(), m->locals.end(), [&](const FunctionEntry& e) {
    return AtomName(m->atom(e.function)) == "helper";
  }));
  EXPECT_TRUE(std::any_of(m->imports.begin(), m->imports.end(), [&](const Import& i) {
    return AtomName(m->atom(i.module)) == "lists" && AtomName(m->atom(i.function)) == "reverse" &&
           i.arity == 1;
  }));
  ASSERT_EQ(m->lambdas.size(), 1u);  // adder's fun
  EXPECT_EQ(m->lambdas[0].num_free, 1u);
  EXPECT_FALSE(m->literals.encoded.empty());
  for (Bytes literal : m->literals.encoded)
    EXPECT_EQ(literal[0], 131) << "external format";
  EXPECT_GT(m->lines.items.size(), 1u);
  EXPECT_EQ(m->code.instructions.back().op, GenOp::kIntCodeEnd);
  // Every function starts with func_info naming this module.
  int functions = 0;
  for (const GenericInstr& i : m->code.instructions) {
    if (i.op != GenOp::kFuncInfo) continue;
    ++functions;
    EXPECT_EQ(m->atom(static_cast<uint32_t>(m->code.OperandsOf(i)[0].value)), m->name);
  }
  EXPECT_EQ(functions, static_cast<int>(m->code.function_count));
}

TEST_F(BeamModuleTest, EveryTruncationIsAnError) {
  for (size_t n = 0; n < file_.size(); ++n) {
    absl::StatusOr<BeamModule> m = ReadBeam(Bytes(file_).first(n));
    ASSERT_FALSE(m.ok()) << "a file cut to " << n << " bytes was accepted";
    EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace ling::loader
