#include "tipsim/io/build_info.hpp"

#include "tipsim/io/git_state.hpp"
#include "tipsim/io/version.hpp"

namespace tipsim::io {

std::string tipsim_version() { return TIPSIM_VERSION_STRING; }
std::string git_commit() { return TIPSIM_GIT_COMMIT_STRING; }
std::string uncommitted_changes() { return TIPSIM_UNCOMMITTED_CHANGES_STRING; }

}  // namespace tipsim::io
