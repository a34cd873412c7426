#pragma once
// tipsim results in HDF5: one schema for a single run and for a batch of runs.
//
//   /                      attributes format = "tipsim-results", format_version
//   /metadata              attributes: scenario_text, resolved_scenario, tipsim_version,
//                          git_commit, seed, threads, wall_seconds, created (batches add
//                          batch_name, batch_text, batch_identity, baseline_variant, ranks)
//   /runs/<column>         one row per run: id, scenario, variant, point, replicate, seed,
//                          overrides; /runs/parameters/<key> for every parameter a batch varies
//   /time/year             decimal year of every step
//   /timeseries/<metric>   runs x steps (int64 for counts, float64 otherwise);
//                          attributes units, description, observation ("true", "detected", "input")
//   /locations/<metric>    runs x steps x municipalities, same attributes
//   /network/nodes/<col>   name, kind, population_weight, x_km, y_km (municipalities first)
//   /network/routes/<col>  from, to (node indices), distance_km, transit_risk
//   /summary               batches only: per configuration (variant and point) and metric,
//                          statistics over replicates and paired differences to the baseline
//
// Datasets are chunked one run per chunk and compressed; the runs dimension is extendible, so
// a batch appends runs as they finish. The file is written under a temporary name and renamed
// into place by commit(): a reader never sees a half-written file.

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tipsim/model/location_graph.hpp"
#include "tipsim/model/metrics.hpp"

namespace tipsim::io {

inline constexpr int results_format_version = 1;

struct RunRow {
  std::int64_t id = 0;
  std::string scenario;
  std::string variant;
  std::int64_t point = 0;  ///< grid or sample point of a batch (0 for a single run)
  std::uint32_t replicate = 0;
  std::uint64_t seed = 0;
  std::string overrides;  ///< "key=value" pairs separated by "; "
  std::vector<double> parameters;  ///< one value per parameter column (NaN where scheduled)
};

/// One run's metrics: series[metric][step] and locations[metric][step * municipalities + m].
struct RunData {
  std::vector<std::vector<double>> series;
  std::vector<std::vector<double>> locations;
  static RunData from_steps(const std::vector<model::StepMetrics>& steps, std::size_t municipalities);
};

struct FileMetadata {
  std::string scenario_text;
  std::string resolved_scenario;
  std::uint64_t seed = 0;
  std::uint32_t threads = 0;
  double wall_seconds = 0.0;
  std::map<std::string, std::string> extra;  ///< further attributes (batches: batch_text, ranks, ...)
};

/// Statistics over replicates, per configuration (a variant at a grid or sample point).
struct SummaryTable {
  std::vector<std::string> variant;
  std::vector<std::int64_t> point;
  std::vector<std::string> point_overrides;  ///< what makes the point ("key=value; ..."), empty without grid or sample
  std::vector<std::string> baseline;  ///< the variant each difference is taken against, at the same point
  std::vector<std::int64_t> replicates;
  struct Metric {
    std::string name;
    std::string units;      ///< of the per-run value (flows summed over the run lose "/week")
    std::string reduction;  ///< "sum over steps" or "mean over steps"
    std::vector<std::array<double, 7>> rows;  ///< per configuration, in summary_columns order
  };
  std::vector<Metric> metrics;
};
inline constexpr std::array<const char*, 7> summary_columns{
    "mean", "q05", "q50", "q95", "difference_mean", "difference_low", "difference_high"};

/// The version of this build and the commit it was built from.
std::string tipsim_version();
std::string git_commit();

struct WriterOptions {
  std::size_t runs = 0;   ///< runs the file will hold, when known: their rows are made at once
  bool compress = true;   ///< off for files that live only until a merge
};

class ResultsWriter {
 public:
  /// Starts `path` under a temporary name. `steps` and the municipalities (the first
  /// `municipalities` vertices of `network`) fix the shape of every run.
  ResultsWriter(std::filesystem::path path, const model::LocationGraph& network,
                std::size_t municipalities, const std::vector<double>& step_years,
                std::vector<std::string> parameter_columns = {}, WriterOptions options = {});
  ~ResultsWriter();
  ResultsWriter(const ResultsWriter&) = delete;
  ResultsWriter& operator=(const ResultsWriter&) = delete;

  /// Appends one run; `steps` holds its metrics, one entry per step.
  void add_run(const RunRow& run, const std::vector<model::StepMetrics>& steps);
  void add_run(const RunRow& run, const RunData& data);

  /// Writes /summary (once, before commit).
  void write_summary(const SummaryTable& summary);

  /// Writes the metadata, closes the file and renames it into place.
  void commit(const FileMetadata& metadata);

  std::size_t runs() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct RunTable {
  std::vector<std::int64_t> id;
  std::vector<std::string> scenario;
  std::vector<std::string> variant;
  std::vector<std::int64_t> point;
  std::vector<std::int64_t> replicate;
  std::vector<std::uint64_t> seed;
  std::vector<std::string> overrides;
  std::vector<std::string> parameter_names;
  std::vector<std::vector<double>> parameters;  ///< [column][run]
};

/// A dataset read back: its values (row-major), its shape and its attributes.
struct Dataset {
  std::vector<double> values;
  std::vector<std::size_t> shape;
  std::map<std::string, std::string> attributes;
};

class ResultsReader {
 public:
  /// Opens a tipsim results file; throws InputError if it is not one.
  explicit ResultsReader(const std::filesystem::path& path);
  ~ResultsReader();

  std::map<std::string, std::string> metadata() const;
  RunTable runs() const;
  std::vector<double> step_years() const;
  std::vector<std::string> metric_names() const;
  std::vector<std::string> location_metric_names() const;
  std::vector<std::string> municipality_names() const;
  Dataset timeseries(const std::string& metric) const;
  Dataset locations(const std::string& metric) const;
  /// Every metric of one run (row) of the file.
  RunData run_data(std::size_t row) const;
  /// Whether a path (group or dataset) exists in the file.
  bool has(const std::string& path) const;
  /// Any numeric dataset by its path in the file.
  Dataset dataset(const std::string& path) const;
  /// Only the values of a numeric dataset (no attributes): the fast path for bulk reading.
  std::vector<double> values(const std::string& path) const;
  /// Names of the members of a group.
  std::vector<std::string> members(const std::string& group) const;
  /// A string dataset by its path.
  std::vector<std::string> strings(const std::string& path) const;

 private:
  std::int64_t file_;
  std::string path_;
};

}  // namespace tipsim::io
