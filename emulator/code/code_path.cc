#include "emulator/code/code_path.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "runtime/term/atom_table.h"

namespace ling::code {

absl::StatusOr<std::string> FindBeam(std::string_view module, std::span<const std::string> path) {
  std::string file_name = std::string(module) + ".beam";
  std::error_code ignored;
  for (const std::string& dir : path) {
    std::filesystem::path candidate = std::filesystem::path(dir) / file_name;
    if (std::filesystem::is_regular_file(candidate, ignored)) return candidate.string();
  }
  return absl::NotFoundError("nofile");
}

absl::StatusOr<std::unique_ptr<LoadedModule>> ReadModule(std::span<const uint8_t> bytes,
                                                         std::string_view expected,
                                                         std::string file) {
  absl::StatusOr<loader::BeamModule> beam = loader::ReadBeam(bytes);
  if (!beam.ok()) {
    return absl::InvalidArgumentError("badfile: " + std::string(beam.status().message()));
  }
  std::string_view name = AtomName(beam->name);
  if (!expected.empty() && name != expected) {
    return absl::InvalidArgumentError("badfile: the file holds module " + std::string(name) +
                                      ", not " + std::string(expected));
  }
  auto loaded = std::make_unique<LoadedModule>();
  loaded->beam = *std::move(beam);
  loaded->file = std::move(file);
  return loaded;
}

namespace {

// The absolute name erl's code server records for a module read from the
// path (filename:absname/1): the current directory in front of a relative
// name, "." components and repeated slashes dropped, ".." kept.
std::string AbsoluteName(const std::string& file) {
  std::error_code ignored;
  std::filesystem::path absolute = std::filesystem::absolute(file, ignored);
  std::filesystem::path out;
  for (const std::filesystem::path& part : absolute) {
    if (part != "." && !part.empty()) out /= part;
  }
  return out.string();
}

}  // namespace

absl::StatusOr<std::unique_ptr<LoadedModule>> ReadModuleFromPath(
    std::string_view module, std::span<const std::string> path) {
  absl::StatusOr<std::string> file = FindBeam(module, path);
  if (!file.ok()) return file.status();
  std::ifstream in(*file, std::ios::binary);
  std::vector<uint8_t> bytes(std::istreambuf_iterator<char>(in), {});
  if (!in.good() && !in.eof()) return absl::NotFoundError("nofile");
  return ReadModule(bytes, module, AbsoluteName(*file));
}

}  // namespace ling::code
