#pragma once
// What build of tipsim is running: recorded in every results file and printed by --version.

#include <string>

namespace tipsim::io {

/// The version of this build ("0.1.0").
std::string tipsim_version();
/// The commit it was built from (12 hex digits, or "unknown" outside a git checkout).
std::string git_commit();
/// Whether the source tree had changes not committed when it was built: "true", "false" or
/// "unknown" (outside a git checkout).
std::string uncommitted_changes();

}  // namespace tipsim::io
