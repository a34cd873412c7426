#pragma once
// Batch files: many runs of one base scenario. TOML, checked like scenarios (file, line, key).
//
//   [batch]
//   name = "policy-comparison"
//   scenario = "../baseline.toml"   # the base scenario, relative to this file
//   replicates = 20                 # replicate r of every variant shares random streams
//   seed = 20051124                 # default: the base scenario's run.seed
//   baseline = "baseline"           # the variant effects are measured against
//
//   [[variant]]                     # named sets of overrides (default: one variant, "baseline")
//   name = "training"
//   "policy.predeployment_training" = 1.0
//
//   [grid]                          # every combination of the listed values ...
//   "policy.enforcement" = [0.1, 0.3, 0.5]
//
//   [sample]                        # ... or N points over parameter ranges (not both)
//   method = "latin_hypercube"      # or "sobol"
//   count = 64
//   seed = 7
//   [sample.ranges]
//   "policy.enforcement" = [0.1, 0.9]
//   "demand.local" = { min = 10, max = 30, scale = "log" }
//
// Runs are variants x points x replicates, in that order: at most 1e12 runs, and at most 1e7
// points (grid combinations or samples).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "tipsim/io/input_error.hpp"
#include "tipsim/io/value.hpp"
#include "tipsim/model/scenario.hpp"

namespace tipsim::io {

struct BatchVariant {
  std::string name;
  std::vector<std::string> overrides;  ///< "key=value", value in TOML syntax
};

struct GridAxis {
  std::string key;
  std::vector<std::string> values;  ///< TOML text of each value
};

enum class SampleMethod { latin_hypercube, sobol };

struct SampleRange {
  std::string key;
  double minimum = 0.0;
  double maximum = 0.0;
  bool logarithmic = false;
  bool whole = false;  ///< a count: sampled values are rounded
};

struct BatchSample {
  SampleMethod method = SampleMethod::latin_hypercube;
  std::uint32_t count = 0;
  std::uint64_t seed = 1;
  std::vector<SampleRange> ranges;
};

struct BatchSpec {
  std::string name;
  std::string source_path;
  std::string source_text;
  model::Scenario base;
  std::uint32_t replicates = 1;
  std::uint64_t seed = 0;
  std::string baseline;
  std::vector<BatchVariant> variants;
  std::vector<GridAxis> grid;
  std::optional<BatchSample> sample;
};

/// A batch as code describes it (Python's tipsim.Batch), to be written as a batch file.
struct BatchDescription {
  std::string name = "batch";
  std::string scenario;  ///< path of the base scenario, as the file will name it
  std::uint32_t replicates = 1;
  std::optional<std::uint64_t> seed;
  std::optional<std::string> baseline;
  std::vector<std::pair<std::string, Value::Table>> variants;  ///< name, overrides
  Value::Table grid;                                           ///< key, array of values
  std::optional<Value::Table>
      sample;  ///< method, count, seed, ...; "ranges" a table of key = range
};

/// The batch file of a description (read back by parse_batch to the batch it describes).
std::string batch_toml(const BatchDescription& batch);

/// Reads and checks a batch file and its base scenario; every override is tried on the base
/// scenario, so a bad key or value is reported here, with its line. Throws InputError.
BatchSpec load_batch(const std::filesystem::path& path);
BatchSpec parse_batch(std::string_view text, const std::string& source_name,
                      const std::filesystem::path& base_folder);

}  // namespace tipsim::io
