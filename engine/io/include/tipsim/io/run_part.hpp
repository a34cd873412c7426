#pragma once
// One finished run of a batch, as the batch runner keeps it until the final merge: a small
// binary file (native byte order; it never leaves the machine that merges it) written under a
// temporary name and renamed, so a file under its final name is always complete.

#include <filesystem>
#include <utility>

#include "tipsim/io/results_schema.hpp"
#include "tipsim/model/run.hpp"

namespace tipsim::io {

void write_run_part(const std::filesystem::path& path, const RunRow& row,
                    const model::RunData& data);

/// Reads a part; throws std::runtime_error when it is truncated or not a run part.
std::pair<RunRow, model::RunData> read_run_part(const std::filesystem::path& path);

}  // namespace tipsim::io
