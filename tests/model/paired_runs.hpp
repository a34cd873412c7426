#pragma once
// Paired runs for tests of levers: two configurations of one scenario run over the same
// replicates (common random numbers), the paired effect read with its 95% interval.

#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "tipsim/batch/summary.hpp"
#include "tipsim/io/scenario_file.hpp"
#include "tipsim/model/run.hpp"

namespace tipsim::testing {

using model::Metric;

inline constexpr std::uint32_t replicates = 20;

inline std::shared_ptr<const model::CompiledModel> small(
    const std::vector<std::string>& overrides) {
  model::Scenario scenario = io::load_scenario(TIPSIM_TEST_DATA "/small.toml");
  for (const std::string& assignment : overrides) io::apply_override(scenario, assignment);
  return model::compile(scenario, 5);
}

// the Kosovo baseline at ten people per agent, for the first five years
inline std::shared_ptr<const model::CompiledModel> kosovo(
    const std::vector<std::string>& overrides) {
  model::Scenario scenario = io::embedded_baseline();
  io::apply_override(scenario, "time.years=5");
  io::apply_override(scenario, "population.scale=10");
  for (const std::string& assignment : overrides) io::apply_override(scenario, assignment);
  return model::compile(scenario, 5);
}

// per replicate, the sum of a metric over weeks [from, to)
using Reading = std::function<double(const model::RunData&)>;
inline std::vector<double> readings(const std::shared_ptr<const model::CompiledModel>& compiled,
                                    const Reading& read) {
  std::vector<double> values;
  for (std::uint32_t r = 0; r < replicates; ++r) {
    model::RunOptions options;
    options.replicate = r;
    values.push_back(read(model::run(compiled, options).data));
  }
  return values;
}

inline std::vector<double> readings(const std::vector<std::string>& overrides,
                                    const Reading& read) {
  return readings(small(overrides), read);
}

inline Reading weeks(Metric metric, std::size_t from, std::size_t to) {
  return [=](const model::RunData& data) {
    const auto& series = data.series[static_cast<std::size_t>(metric)];
    double sum = 0;
    for (std::size_t week = from; week < std::min(to, series.size()); ++week) sum += series[week];
    return sum;
  };
}

inline Reading whole(Metric metric) { return weeks(metric, 0, 1u << 30); }

inline batch::Interval paired(const std::vector<double>& variant, const std::vector<double>& base) {
  std::vector<double> differences;
  for (std::size_t r = 0; r < variant.size(); ++r) differences.push_back(variant[r] - base[r]);
  return batch::mean_interval(differences);
}

inline double mean(const std::vector<double>& values) {
  double sum = 0;
  for (double value : values) sum += value;
  return sum / static_cast<double>(values.size());
}

inline std::string shown(const batch::Interval& effect, double base) {
  char text[160];
  std::snprintf(text, sizeof text, "%+.4g [%+.4g, %+.4g] (%+.1f%%)", effect.mean, effect.low,
                effect.high, 100 * effect.mean / base);
  return text;
}

}  // namespace tipsim::testing
