#pragma once
// What a simulation reports each step: the names, units and meaning of every metric, and the
// per-step record a Simulation hands to its sink.

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tipsim::model {

enum class Metric : std::size_t {
#define TIPSIM_METRIC(id, ...) id,
#include "tipsim/model/metrics.def"
#undef TIPSIM_METRIC
};

inline constexpr std::size_t metric_count = 0
#define TIPSIM_METRIC(...) +1
#include "tipsim/model/metrics.def"
#undef TIPSIM_METRIC
    ;

enum class LocationMetric : std::size_t {
#define TIPSIM_LOCATION_METRIC(id, ...) id,
#include "tipsim/model/location_metrics.def"
#undef TIPSIM_LOCATION_METRIC
};

inline constexpr std::size_t location_metric_count = 0
#define TIPSIM_LOCATION_METRIC(...) +1
#include "tipsim/model/location_metrics.def"
#undef TIPSIM_LOCATION_METRIC
    ;

/// How a metric adds up: over the people an agent stands for, and over the steps of a run.
enum class MetricAggregation {
  stock,  ///< a level at the end of the step (people, agents in real units): averaged over a run
  flow,   ///< an amount during the step ("per week"): summed over a run
  index,  ///< a dimensionless level (0-1, a relative price): averaged over a run
};

struct MetricSpec {
  std::string_view name;
  std::string_view unit;
  bool count;  ///< whole numbers (stored as int64) rather than an amount (float64)
  MetricAggregation aggregation;
  std::string_view observation;  ///< "true", "detected" or "input"
  std::string_view description;

  /// Whether a run reduces to the sum of its steps (flows) rather than their mean.
  bool summed_over_run() const noexcept { return aggregation == MetricAggregation::flow; }
  /// The units of the run's one number: a flow summed over a run loses its "/week".
  std::string run_units() const;
  /// "sum over steps" or "mean over steps".
  std::string_view run_reduction() const noexcept {
    return summed_over_run() ? "sum over steps" : "mean over steps";
  }
};

const std::array<MetricSpec, metric_count>& metric_table() noexcept;
const std::array<MetricSpec, location_metric_count>& location_metric_table() noexcept;

/// The metrics of one step: one value per Metric, and per municipality one value per
/// LocationMetric (municipality-major: values[municipality * location_metric_count + metric]).
struct StepMetrics {
  std::array<double, metric_count> values{};
  std::vector<double> location_values;

  double& operator[](Metric metric) noexcept { return values[static_cast<std::size_t>(metric)]; }
  double operator[](Metric metric) const noexcept {
    return values[static_cast<std::size_t>(metric)];
  }
  double& at(std::size_t municipality, LocationMetric metric) noexcept {
    return location_values[municipality * location_metric_count + static_cast<std::size_t>(metric)];
  }
  double at(std::size_t municipality, LocationMetric metric) const noexcept {
    return location_values[municipality * location_metric_count + static_cast<std::size_t>(metric)];
  }
};

}  // namespace tipsim::model
