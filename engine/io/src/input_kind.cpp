#include "tipsim/io/input_kind.hpp"

#include <toml++/toml.h>

#include "tipsim/io/files.hpp"
#include "tipsim/io/input_error.hpp"

namespace tipsim::io {

InputKind input_kind(const std::filesystem::path& path) {
  // a folder, a FIFO (which would block) or a device (which would never end) is not read here:
  // the scenario reader refuses it with its usual message
  if (!input_file_problem(path).empty()) return InputKind::scenario;
  try {
    const toml::table root =
        toml::parse(read_input_file(path, most_toml_bytes, "input file"), path.string());
    if (root.contains("batch")) return InputKind::batch;
    if (root.contains("calibration")) return InputKind::targets;
  } catch (const toml::parse_error&) {
    // the scenario reader reports the syntax error with its line
  } catch (const InputError&) {
    // too large, or unreadable: the scenario reader says so
  }
  return InputKind::scenario;
}

}  // namespace tipsim::io
