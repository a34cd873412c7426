#pragma once
// Statistics of a batch: each run reduced to one number per metric, then per configuration
// (variant at a point) the mean and quantiles over replicates, and the difference to the
// baseline variant paired by replicate (common random numbers) with a 95% interval.

#include <string>
#include <vector>

#include "tipsim/batch/plan.hpp"
#include "tipsim/io/results_file.hpp"

namespace tipsim::batch {

/// One number per metric: flows (units "per week") summed over the run, the rest averaged.
std::vector<double> reduce_run(const io::RunData& data);

/// The units of a reduced metric ("persons/week" summed over a run is "persons").
std::string reduced_units(const model::MetricSpec& metric);
bool summed_over_run(const model::MetricSpec& metric);

/// Quantile by linear interpolation between order statistics (Hyndman and Fan type 7).
double quantile(std::vector<double> values, double probability);

/// Mean and two-sided 95% Student-t interval of the mean; the interval is NaN below two values.
struct Interval {
  double mean, low, high;
};
Interval mean_interval(const std::vector<double>& values);

/// The summary table of a batch. `reduced[id][metric]` is reduce_run of run `id`.
io::SummaryTable summarize(const BatchPlan& plan, const std::vector<std::vector<double>>& reduced);

}  // namespace tipsim::batch
