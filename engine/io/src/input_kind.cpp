#include "tipsim/io/input_kind.hpp"

#include <toml++/toml.h>

#include <fstream>
#include <sstream>

namespace tipsim::io {

InputKind input_kind(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  try {
    const toml::table root = toml::parse(text.str(), path.string());
    if (root.contains("batch")) return InputKind::batch;
    if (root.contains("calibration")) return InputKind::targets;
  } catch (const toml::parse_error&) {
    // the scenario reader reports the syntax error with its line
  }
  return InputKind::scenario;
}

}  // namespace tipsim::io
