#include "emulator/loader/beam_module.h"

#include "emulator/loader/beam_chunks.h"
#include "emulator/loader/frame_check.h"
#include "emulator/loader/malformed.h"
#include "emulator/loader/module_md5.h"
#include "runtime/term/external.h"
#include "runtime/term/heap.h"

namespace ling::loader {
namespace {

// A chunk that holds one term in the external format, kept as it is once
// it is known to decode.
absl::Status KeepTerm(const std::optional<Bytes>& chunk, std::string_view id,
                      std::vector<uint8_t>& out) {
  if (!chunk) return absl::OkStatus();
  Heap scratch;
  if (!DecodeExternal(scratch, *chunk).ok()) {
    return Malformed(std::string(id) + " chunk", "not a term in the external format");
  }
  out.assign(chunk->begin(), chunk->end());
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<BeamModule> ReadBeam(Bytes file) {
  absl::StatusOr<BeamChunks> chunks = SplitChunks(file);
  if (!chunks.ok()) return chunks.status();
  BeamModule m;
  absl::StatusOr<std::vector<Term>> atoms = ReadAtoms(chunks->atoms, chunks->atoms_utf8);
  if (!atoms.ok()) return atoms.status();
  m.atoms = *std::move(atoms);
  m.name = m.atoms[0];
  auto atom_count = static_cast<uint32_t>(m.atoms.size());

  if (chunks->literals) {
    absl::StatusOr<LiteralChunk> literals = ReadLiteralChunk(*chunks->literals);
    if (!literals.ok()) return literals.status();
    m.literals = *std::move(literals);
  }
  CodeReferenceLimits limits{.atom_count = atom_count,
                             .literal_count = static_cast<uint32_t>(m.literals.encoded.size())};
  absl::StatusOr<GenericCode> code = DecodeCode(chunks->code, limits);
  if (!code.ok()) return code.status();
  m.code = *std::move(code);
  uint32_t labels = m.code.label_count;

  absl::StatusOr<std::vector<Import>> imports = ReadImports(chunks->imports, atom_count);
  if (!imports.ok()) return imports.status();
  m.imports = *std::move(imports);
  absl::StatusOr<std::vector<FunctionEntry>> exports =
      ReadFunctionTable(chunks->exports, atom_count, labels);
  if (!exports.ok()) return exports.status();
  m.exports = *std::move(exports);
  if (chunks->locals) {
    absl::StatusOr<std::vector<FunctionEntry>> locals =
        ReadFunctionTable(*chunks->locals, atom_count, labels);
    if (!locals.ok()) return locals.status();
    m.locals = *std::move(locals);
  }
  if (chunks->funs) {
    absl::StatusOr<std::vector<LambdaEntry>> lambdas =
        ReadLambdas(*chunks->funs, atom_count, labels);
    if (!lambdas.ok()) return lambdas.status();
    m.lambdas = *std::move(lambdas);
  }
  if (chunks->lines) {
    absl::StatusOr<LineTable> lines = ReadLineTable(*chunks->lines);
    if (!lines.ok()) return lines.status();
    m.lines = *std::move(lines);
  }
  // `line I` names item I of the line table (0: unknown location).
  for (const GenericInstr& i : m.code.instructions) {
    if (i.op != GenOp::kLine) continue;
    const Operand& item = m.code.OperandsOf(i)[0];
    if (item.kind != OperandKind::kUnsigned ||
        (item.value != 0 && item.value >= static_cast<int64_t>(m.lines.items.size()))) {
      return Malformed("Code chunk", "a line instruction names a missing line item");
    }
  }
  if (chunks->strings) m.strings.assign(chunks->strings->begin(), chunks->strings->end());
  if (absl::Status s = KeepTerm(chunks->attributes, "Attr", m.attributes); !s.ok()) return s;
  if (absl::Status s = KeepTerm(chunks->compile_info, "CInf", m.compile_info); !s.ok()) return s;
  m.md5 = ModuleMd5(*chunks);
  if (absl::Status s = CheckFrames(m); !s.ok()) return s;
  return m;
}

}  // namespace ling::loader
