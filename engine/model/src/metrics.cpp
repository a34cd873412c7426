#include "tipsim/model/metrics.hpp"

namespace tipsim::model {

const std::array<MetricSpec, metric_count>& metric_table() noexcept {
  static const std::array<MetricSpec, metric_count> table{{
#define count true
#define amount false
#define TIPSIM_METRIC(id, unit, type, observation, description) {#id, unit, type, observation, description},
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
#define TIPSIM_LOCATION_METRIC(id, unit, type, observation, description) {#id, unit, type, observation, description},
#include "tipsim/model/location_metrics.def"
#undef TIPSIM_LOCATION_METRIC
#undef count
#undef amount
  }};
  return table;
}

}  // namespace tipsim::model
