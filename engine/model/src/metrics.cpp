#include "tipsim/model/metrics.hpp"

#include <string>

namespace tipsim::model {

std::string MetricSpec::run_units() const {
  const std::string units(unit);
  if (!summed_over_run()) return units;
  const std::size_t per_week = units.rfind("/week");
  return per_week == std::string::npos ? units : units.substr(0, per_week);
}

const std::array<MetricSpec, metric_count>& metric_table() noexcept {
  static const std::array<MetricSpec, metric_count> table{{
#define count true
#define amount false
#define TIPSIM_METRIC(id, unit, type, aggregation, observation, description) \
  {#id, unit, type, MetricAggregation::aggregation, observation, description},
#include "tipsim/model/metrics.def"
#undef TIPSIM_METRIC
#undef count
#undef amount
  }};
  return table;
}

const std::array<MetricSpec, location_metric_count>& location_metric_table() noexcept {
  static const std::array<MetricSpec, location_metric_count> table{{
#define count true
#define amount false
#define TIPSIM_LOCATION_METRIC(id, unit, type, aggregation, observation, description) \
  {#id, unit, type, MetricAggregation::aggregation, observation, description},
#include "tipsim/model/location_metrics.def"
#undef TIPSIM_LOCATION_METRIC
#undef count
#undef amount
  }};
  return table;
}

}  // namespace tipsim::model
