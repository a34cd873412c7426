#pragma once
// What an input file is, from its top-level tables: a batch ([batch]), calibration targets
// ([calibration]) or a scenario (anything else, so the scenario reader names what is wrong).

#include <filesystem>

namespace tipsim::io {

enum class InputKind { scenario, batch, targets };

InputKind input_kind(const std::filesystem::path& path);

}  // namespace tipsim::io
