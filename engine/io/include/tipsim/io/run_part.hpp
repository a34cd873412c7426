#pragma once
// One finished run of a batch, as the batch runner keeps it until the final merge: a small
// binary file (native byte order; it never leaves the machine that merges it) written under a
// temporary name and renamed, so a file under its final name is always complete.

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>

#include "tipsim/io/results_schema.hpp"
#include "tipsim/model/run.hpp"

namespace tipsim::io {

void write_run_part(const std::filesystem::path& path, const RunRow& row,
                    const model::RunData& data);

/// Reads a part; throws std::runtime_error naming the file when it is truncated, inconsistent
/// or not a run part.
std::pair<RunRow, model::RunData> read_run_part(const std::filesystem::path& path);
/// The same from a part's bytes; `source_name` names it in messages.
std::pair<RunRow, model::RunData> parse_run_part(std::string_view bytes,
                                                 const std::string& source_name);

/// A cheap look at a part, without reading it all: whether it begins and ends as a complete
/// part does. A machine that crashed may leave a part empty or filled with zeros under its
/// final name (parts are not synced to disk, for speed): such a part is run again.
bool looks_complete(const std::filesystem::path& path);

}  // namespace tipsim::io
