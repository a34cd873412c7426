#include "tipsim/batch/summary.hpp"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>
#include <numeric>

#include "tipsim/batch/compare.hpp"
#include "tipsim/core/random.hpp"
#include "tipsim/io/text.hpp"

namespace tipsim::batch {

std::vector<double> reduce_run(const model::RunData& data) {
  std::vector<double> reduced;
  for (std::size_t m = 0; m < model::metric_count; ++m) {
    const auto& series = data.series[m];
    const double sum = std::accumulate(series.begin(), series.end(), 0.0);
    reduced.push_back(
        model::metric_table()[m].summed_over_run() || series.empty() ? sum : sum / series.size());
  }
  return reduced;
}

std::vector<double> reduce_runs(const model::MetricSpec& metric, const std::vector<double>& values,
                                std::size_t steps) {
  const std::size_t runs = steps ? values.size() / steps : 0;
  std::vector<double> reduced(runs);
  for (std::size_t run = 0; run < runs; ++run) {
    const auto first = values.begin() + static_cast<std::ptrdiff_t>(run * steps);
    const double sum = std::accumulate(first, first + static_cast<std::ptrdiff_t>(steps), 0.0);
    reduced[run] = metric.summed_over_run() ? sum : sum / static_cast<double>(steps);
  }
  return reduced;
}

double quantile(std::vector<double> values, double probability) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(values.begin(), values.end());
  const double position = probability * (values.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, values.size() - 1);
  return values[below] + (position - below) * (values[above] - values[below]);
}

Interval mean_interval(const std::vector<double>& values) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (values.empty()) return {nan, nan, nan};
  const double n = static_cast<double>(values.size());
  const double mean = std::accumulate(values.begin(), values.end(), 0.0) / n;
  if (values.size() < 2) return {mean, nan, nan};
  double squares = 0;
  for (double value : values) squares += (value - mean) * (value - mean);
  const double standard_error = std::sqrt(squares / (n - 1) / n);
  const double t = boost::math::quantile(boost::math::students_t(n - 1), 0.975);
  return {mean, mean - t * standard_error, mean + t * standard_error};
}

Ratio cost_per_outcome_averted(const std::vector<double>& extra_cost,
                               const std::vector<double>& averted, std::uint32_t resamples,
                               std::uint64_t seed) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::size_t n = std::min(extra_cost.size(), averted.size());
  if (n == 0) return {nan, nan, nan};
  const auto mean = [n](const std::vector<double>& values) {
    return std::accumulate(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(n), 0.0) /
           n;
  };
  const double mean_averted = mean(averted);
  if (!(mean_averted > 0)) return {nan, nan, nan};
  Ratio ratio{mean(extra_cost) / mean_averted, nan, nan};
  if (n < 2 || resamples == 0) return ratio;
  const core::RandomSource random(seed, 0);
  std::vector<double> samples;
  samples.reserve(resamples);
  for (std::uint32_t r = 0; r < resamples; ++r) {
    auto stream = random.stream(r, 0, core::Purpose::bootstrap);
    double cost = 0, spared = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint32_t pick = stream.below(static_cast<std::uint32_t>(n));
      cost += extra_cost[pick];
      spared += averted[pick];
    }
    if (spared > 0) samples.push_back(cost / spared);
  }
  if (samples.size() < 0.975 * resamples) return ratio;
  ratio.low = quantile(samples, 0.025);
  ratio.high = quantile(samples, 0.975);
  return ratio;
}

std::string singular_units(std::string units) {
  if (units.size() > 2 && units.back() == 's' && units[units.size() - 2] != 's') units.pop_back();
  return units;
}

Ratio cost_per_clearly_averted(const std::vector<double>& extra_cost,
                               const std::vector<double>& averted, std::uint32_t resamples,
                               std::uint64_t seed) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (!(mean_interval(averted).low > 0)) return {nan, nan, nan};
  return cost_per_outcome_averted(extra_cost, averted, resamples, seed);
}

io::SummaryTable summarize(const BatchPlan& plan, const std::vector<std::vector<double>>& reduced) {
  const auto& spec = plan.spec();
  const std::size_t replicates = spec.replicates;
  const std::size_t configurations = spec.variants.size() * plan.points();
  io::SummaryTable table;
  for (std::size_t c = 0; c < configurations; ++c) {
    const PlannedRun first = plan.run(c * replicates);
    table.variant.push_back(spec.variants[first.variant].name);
    table.point.push_back(static_cast<std::int64_t>(first.point));
    table.point_overrides.push_back(io::join_overrides(plan.point_overrides(first.point)));
    table.baseline.push_back(spec.baseline);
    table.replicates.push_back(static_cast<std::int64_t>(replicates));
  }
  // the first run of the baseline variant at configuration c's point: differences are paired
  // with it replicate by replicate
  const auto baseline_of = [&](std::size_t c) {
    return (plan.baseline_variant() * plan.points() + plan.run(c * replicates).point) * replicates;
  };
  for (std::size_t m = 0; m < model::metric_count; ++m) {
    const model::MetricSpec& metric = model::metric_table()[m];
    io::SummaryTable::Metric column{
        std::string(metric.name), metric.run_units(), std::string(metric.run_reduction()), {}};
    for (std::size_t c = 0; c < configurations; ++c) {
      const std::size_t baseline = baseline_of(c);
      std::vector<double> values, differences;
      for (std::size_t r = 0; r < replicates; ++r) {
        values.push_back(reduced[c * replicates + r][m]);
        differences.push_back(reduced[c * replicates + r][m] - reduced[baseline + r][m]);
      }
      const Interval difference = mean_interval(differences);
      column.rows.push_back({mean_interval(values).mean, quantile(values, 0.05),
                             quantile(values, 0.5), quantile(values, 0.95), difference.mean,
                             difference.low, difference.high});
    }
    table.metrics.push_back(std::move(column));
  }
  // the cost of each configuration per unit of the true outcomes it averts, against the same
  // baseline as the differences: what `tipsim summary` gives by default, kept with the file
  const auto& metrics = model::metric_table();
  const auto index_of = [&](std::string_view name) {
    return static_cast<std::size_t>(
        std::find_if(metrics.begin(), metrics.end(),
                     [&](const model::MetricSpec& entry) { return entry.name == name; }) -
        metrics.begin());
  };
  const std::size_t cost = index_of("policy_cost");
  for (const std::string& name : costed_outcomes()) {
    const std::size_t outcome = index_of(name);
    io::SummaryTable::Cost column{
        name, metrics[cost].run_units() + "/" + singular_units(metrics[outcome].run_units()), {}};
    for (std::size_t c = 0; c < configurations; ++c) {
      const std::size_t baseline = baseline_of(c);
      std::vector<double> extra_cost, averted;
      for (std::size_t r = 0; r < replicates; ++r) {
        extra_cost.push_back(reduced[c * replicates + r][cost] - reduced[baseline + r][cost]);
        averted.push_back(reduced[baseline + r][outcome] - reduced[c * replicates + r][outcome]);
      }
      const Interval spared = mean_interval(averted);
      const Ratio ratio = cost_per_clearly_averted(extra_cost, averted);
      column.rows.push_back({mean_interval(extra_cost).mean, spared.mean, spared.low, spared.high,
                             ratio.value, ratio.low, ratio.high});
    }
    table.costs.push_back(std::move(column));
  }
  return table;
}

}  // namespace tipsim::batch
