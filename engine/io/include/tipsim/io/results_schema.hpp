#pragma once
// tipsim results in HDF5: one schema for a single run and for a batch of runs (format 2, the
// full description is docs/hdf5-schema.md). The file is also valid netCDF-4: every dimension
// is an HDF5 dimension scale, so ncdump, xarray (h5netcdf) and h5dump name them.
//
//   /                      attributes format = "tipsim-results", format_version, title
//   /run, /step            dimension scales: run ids (unlimited), weekly steps 0..S-1 (week)
//   /municipality          dimension scale: municipality names
//   /metadata              attributes: scenario_text, resolved_scenario, tipsim_version,
//                          git_commit, uncommitted_changes, command, seed, threads,
//                          wall_seconds, created (batches add batch_name, batch_text,
//                          batch_identity, baseline_variant, ranks)
//   /runs/<column>         (run): id, scenario, variant, point, replicate, seed, overrides;
//                          /runs/parameters/<key> for every parameter a batch varies
//   /time/year             (step): decimal year of every step
//   /timeseries/<metric>   (run, step), int64 for counts, float64 otherwise; attributes units,
//                          long_name, description, observation ("true", "detected", "input")
//   /locations/<metric>    (run, step, municipality), same attributes
//   /network               scales node and route; nodes/<col> (node): name, kind,
//                          population_weight, x_km, y_km (municipalities first);
//                          municipalities (municipality); routes/<col> (route): from, to,
//                          distance_km, transit_risk
//   /summary               batches only: scales configuration and statistic; per configuration
//                          (variant and point) variant, point, point_overrides, baseline,
//                          replicates; metrics/<metric> (configuration, statistic)
//
// Every dataset has a long_name, every numeric one its units (text has none), every group a
// long_name. Datasets are chunked and compressed; the run dimension is extendible, so a batch
// appends runs as they finish. ResultsWriter writes the file under a temporary name and
// renames it into place when it is complete: a reader never sees a half-written file.
// ResultsReader reads it.

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace tipsim::io {

inline constexpr int results_format_version = 2;

struct RunRow {
  std::int64_t id = 0;
  std::string scenario;
  std::string variant;
  std::int64_t point = 0;  ///< grid or sample point of a batch (0 for a single run)
  std::uint32_t replicate = 0;
  std::uint64_t seed = 0;
  std::string overrides;           ///< "key=value" pairs separated by "; "
  std::vector<double> parameters;  ///< one value per parameter column (NaN where scheduled)
};

struct FileMetadata {
  std::string scenario_text;
  std::string resolved_scenario;
  std::uint64_t seed = 0;
  std::uint32_t threads = 0;
  double wall_seconds = 0.0;
  std::map<std::string, std::string>
      extra;            ///< further attributes (batches: batch_text, ranks, ...)
  std::string command;  ///< the command line that made the file (or its equivalent)
};

/// Statistics over replicates, per configuration (a variant at a grid or sample point).
struct SummaryTable {
  std::vector<std::string> variant;
  std::vector<std::int64_t> point;
  std::vector<std::string>
      point_overrides;  ///< what makes the point ("key=value; ..."), empty without grid or sample
  std::vector<std::string>
      baseline;  ///< the variant each difference is taken against, at the same point
  std::vector<std::int64_t> replicates;
  struct Metric {
    std::string name;
    std::string units;      ///< of the per-run value (flows summed over the run lose "/week")
    std::string reduction;  ///< "sum over steps" or "mean over steps"
    std::vector<std::array<double, 7>> rows;  ///< per configuration, in summary_columns order
  };
  std::vector<Metric> metrics;
  /// Extra cost per unit of an outcome averted, against the same baseline, paired by replicate.
  struct Cost {
    std::string outcome;
    std::string units;                        ///< of the cost per unit ("USD/person")
    std::vector<std::array<double, 7>> rows;  ///< per configuration, in cost_columns order
  };
  std::vector<Cost> costs;
};
inline constexpr std::array<const char*, 7> summary_columns{
    "mean", "q05", "q50", "q95", "difference_mean", "difference_low", "difference_high"};
/// extra cost (mean paired difference), outcome averted (mean and 95% interval), and their
/// ratio with a bootstrap 95% interval, NaN unless the averted interval lies above zero
inline constexpr std::array<const char*, 7> cost_columns{
    "extra_cost", "averted", "averted_low", "averted_high", "cost_per_averted", "low", "high"};

}  // namespace tipsim::io
