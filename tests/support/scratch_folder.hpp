#pragma once
// Test helpers: folders of the test's own under the system's temporary folder.

#include <filesystem>
#include <functional>
#include <string>

namespace tipsim::testing {

/// "tipsim-<name>-<checkout>", created if missing. The tests run from their build folder: keyed
/// by it, two checkouts tested at once on one machine never share a folder, and a rerun finds
/// its own again.
inline std::filesystem::path own_folder(const std::string& name) {
  const std::size_t checkout = std::hash<std::string>{}(std::filesystem::current_path().string());
  const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                     ("tipsim-" + name + "-" + std::to_string(checkout % 1000000));
  std::filesystem::create_directories(path);
  return path;
}

/// own_folder(name), emptied of what an earlier run left there.
inline std::filesystem::path scratch_folder(const std::string& name) {
  const std::filesystem::path path = own_folder(name);
  std::filesystem::remove_all(path);
  std::filesystem::create_directories(path);
  return path;
}

}  // namespace tipsim::testing
