#include "emulator/launcher/command_line.h"

#include <filesystem>

namespace ling::launcher {
namespace {

bool IsFlag(const std::string& arg) {
  return arg.size() > 1 && (arg[0] == '-' || arg[0] == '+');
}

absl::Status UserError(std::string message) {
  return absl::InvalidArgumentError(std::move(message));
}

}  // namespace

absl::StatusOr<CommandLine> ParseCommandLine(std::span<const std::string> args) {
  CommandLine out;
  size_t i = 0;
  // The values of the flag at args[i - 1]: up to the next flag.
  auto values = [&] {
    std::vector<std::string> v;
    while (i < args.size() && !IsFlag(args[i]))
      v.push_back(args[i++]);
    return v;
  };
  while (i < args.size()) {
    const std::string& arg = args[i++];
    if (arg == "-extra") {
      out.plain_arguments.insert(out.plain_arguments.end(), args.begin() + i, args.end());
      break;
    }
    if (!IsFlag(arg)) {  // before the first flag (later ones are values)
      out.plain_arguments.push_back(arg);
      continue;
    }
    if (arg[0] == '+') return UserError("emulator flag " + arg + " is not supported");
    if (arg == "-pa" || arg == "-pz") {
      std::vector<std::string> dirs = values();
      auto& to = arg == "-pa" ? out.pa : out.pz;
      to.insert(to.end(), dirs.begin(), dirs.end());
    } else if (arg == "-s" || arg == "-run") {
      std::vector<std::string> v = values();
      if (v.empty()) return UserError(arg + " needs a module");
      StartAction a;
      a.kind = arg == "-s" ? StartAction::kCallAtoms : StartAction::kCallStrings;
      a.module = v[0];
      a.function = v.size() > 1 ? v[1] : "start";
      if (v.size() > 2) a.args.assign(v.begin() + 2, v.end());
      out.actions.push_back(std::move(a));
    } else if (arg == "-eval") {
      if (i >= args.size()) return UserError("-eval needs an expression");
      StartAction a;
      a.kind = StartAction::kEval;
      a.module = args[i++];
      out.actions.push_back(std::move(a));
    } else if (arg == "-noshell") {
      out.noshell = true;
      out.user_flags.emplace_back("noshell", values());  // erl keeps them too
    } else if (arg == "-env") {
      if (i + 1 >= args.size()) return UserError("-env needs a variable and a value");
      out.env.emplace_back(args[i], args[i + 1]);
      i += 2;
    } else if (arg == "-sname" || arg == "-name" || arg == "-setcookie") {
      return UserError("distribution (" + arg + ") is not supported");
    } else {
      out.user_flags.emplace_back(arg.substr(1), values());
    }
  }
  return out;
}

std::vector<std::string> CodePath(const CommandLine& command_line,
                                  std::span<const std::string> library_dirs) {
  std::error_code ignored;
  auto exists = [&](const std::string& dir) { return std::filesystem::is_directory(dir, ignored); };
  std::vector<std::string> path;
  for (auto it = command_line.pa.rbegin(); it != command_line.pa.rend(); ++it) {
    if (exists(*it)) path.push_back(*it);
  }
  path.push_back(".");
  for (const std::string& dir : library_dirs)
    path.push_back(dir);
  for (const std::string& dir : command_line.pz) {
    if (exists(dir)) path.push_back(dir);
  }
  return path;
}

}  // namespace ling::launcher
