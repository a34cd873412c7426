#pragma once
// Test helper: an empty folder of the test's own under the system's temporary folder.

#include <filesystem>
#include <string>

namespace tipsim::testing {

/// Removes what an earlier run left in "tipsim-<name>" and returns it, empty.
inline std::filesystem::path scratch_folder(const std::string& name) {
  const std::filesystem::path path = std::filesystem::temp_directory_path() / ("tipsim-" + name);
  std::filesystem::remove_all(path);
  std::filesystem::create_directories(path);
  return path;
}

}  // namespace tipsim::testing
