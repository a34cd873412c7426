#include "tipsim/model/metrics.hpp"

namespace tipsim::model {

const std::array<MetricSpec, metric_count>& metric_table() noexcept {
  static const std::array<MetricSpec, metric_count> table{{
#define TIPSIM_METRIC(id, unit, observation, description) {#id, unit, observation, description},
#include "tipsim/model/metrics.def"
#undef TIPSIM_METRIC
  }};
  return table;
}

const std::array<MetricSpec, location_metric_count>& location_metric_table() noexcept {
  static const std::array<MetricSpec, location_metric_count> table{{
#define TIPSIM_LOCATION_METRIC(id, unit, observation, description) {#id, unit, observation, description},
#include "tipsim/model/location_metrics.def"
#undef TIPSIM_LOCATION_METRIC
  }};
  return table;
}

}  // namespace tipsim::model
