#pragma once
// Statistics of a batch: each run reduced to one number per metric, then per configuration
// (variant at a point) the mean and quantiles over replicates, and the difference to the
// baseline variant paired by replicate (common random numbers) with a 95% interval.

#include <cstdint>
#include <string>
#include <vector>

#include "tipsim/batch/plan.hpp"
#include "tipsim/io/results_schema.hpp"
#include "tipsim/model/run.hpp"

namespace tipsim::batch {

/// One number per metric: flows summed over the run, stocks and indices averaged
/// (MetricSpec::summed_over_run).
std::vector<double> reduce_run(const model::RunData& data);

/// The same rule for one metric of many runs: `values` is runs x steps, row-major.
std::vector<double> reduce_runs(const model::MetricSpec& metric, const std::vector<double>& values,
                                std::size_t steps);

/// Quantile by linear interpolation between order statistics (Hyndman and Fan type 7).
double quantile(std::vector<double> values, double probability);

/// Mean and two-sided 95% Student-t interval of the mean; the interval is NaN below two values.
struct Interval {
  double mean, low, high;
};
Interval mean_interval(const std::vector<double>& values);

/// Extra cost per outcome averted: the mean paired extra cost over the mean paired outcomes
/// averted (replicate by replicate), with a percentile bootstrap 95% interval that resamples
/// replicates. NaN when the outcomes averted are not positive on average; the interval is NaN
/// when fewer than 97.5% of resamples avert any (the ratio is then unbounded).
struct Ratio {
  double value, low, high;
};
Ratio cost_per_outcome_averted(const std::vector<double>& extra_cost,
                               const std::vector<double>& averted, std::uint32_t resamples = 2000,
                               std::uint64_t seed = 1);

/// The same where the runs show the outcome averted, NaN otherwise: the ratio is given only when
/// the 95% interval of the mean outcomes averted (mean_interval) lies wholly above zero, so no
/// cost is quoted for an effect the runs cannot tell from none, or for one that adds to the
/// outcome. The rule of `tipsim summary`, Result.compare and a batch file's /summary/costs.
Ratio cost_per_clearly_averted(const std::vector<double>& extra_cost,
                               const std::vector<double>& averted, std::uint32_t resamples = 2000,
                               std::uint64_t seed = 1);

/// A unit as the denominator of a ratio: "persons" -> "person", for "USD/person".
std::string singular_units(std::string units);

/// The summary table of a batch. `reduced[id][metric]` is reduce_run of run `id`.
io::SummaryTable summarize(const BatchPlan& plan, const std::vector<std::vector<double>>& reduced);

}  // namespace tipsim::batch
