#pragma once
// Calibration targets files: the scenario to calibrate, its uncertain parameters with prior
// ranges, and published figures to match. TOML, checked like scenarios (file, line, key,
// every problem at once). Read here for `tipsim validate` and for Python's
// tipsim.load_targets: one parser.
//
//   [calibration]
//   name = "osce-europe-2005"
//   scenario = "../europe-2005.toml"       # relative to this file
//   replicates = 1                         # runs per parameter set
//
//   [[parameter]]
//   key = "demand.export"
//   min = 0.5
//   max = 20.0
//   prior = "log-uniform"                  # or "uniform"
//
//   [[target]]
//   name = "victims exported per year"
//   metric = "victims_exported"            # or numerator = [...] and denominator = [...]
//   reduce = "per_year"                    # sum | per_year | mean | final | ratio
//   period = [2004.0, 2006.0]              # decimal years, end excluded (default: the run)
//   observed = [300000, 500000]            # a value, or a [low, high] range
//   kind = "true"                          # true (prevalence, flows) or detected
//   source = "..."

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tipsim/io/input_error.hpp"
#include "tipsim/model/scenario.hpp"

namespace tipsim::io {

struct TargetParameter {
  std::string key;
  double minimum = 0;
  double maximum = 0;
  bool logarithmic = false;  ///< a log-uniform prior
  bool whole = false;        ///< a count: sampled values are rounded
};

struct CalibrationTarget {
  std::string name;
  std::vector<std::string> metrics;  ///< summed (the numerator of a ratio)
  std::string reduce = "per_year";   ///< sum, per_year, mean, final or ratio
  double low = 0, high = 0;          ///< the observed value or range
  std::string kind = "true";         ///< true or detected
  std::string source;
  std::optional<std::pair<double, double>> period;  ///< [start, end) in decimal years
  std::vector<std::string> denominator;
  std::string denominator_reduce = "mean";
};

struct TargetsSpec {
  std::string name;
  std::string source_path;
  std::string source_text;
  std::filesystem::path scenario_path;  ///< absolute
  model::Scenario scenario;
  std::uint32_t replicates = 1;
  std::vector<TargetParameter> parameters;
  std::vector<CalibrationTarget> targets;
};

/// The reductions a target may use.
const std::vector<std::string>& target_reductions();

/// Reads and checks a targets file and its scenario; throws InputError with every problem.
TargetsSpec load_targets(const std::filesystem::path& path);
TargetsSpec parse_targets(std::string_view text, const std::string& source_name,
                          const std::filesystem::path& base_folder);

}  // namespace tipsim::io
