#include "tipsim/batch/plan.hpp"

#include <algorithm>
#include <boost/random/sobol.hpp>
#include <cmath>
#include <limits>
#include <numeric>

#include "tipsim/core/random.hpp"
#include "tipsim/io/scenario_file.hpp"
#include "tipsim/io/text.hpp"

namespace tipsim::batch {
namespace {

std::string key_of(const std::string& assignment) {
  return assignment.substr(0, assignment.find('='));
}

// unit-cube points, one row per sample
std::vector<std::vector<double>> unit_points(const io::BatchSample& sample) {
  const std::size_t dimensions = sample.ranges.size();
  std::vector<std::vector<double>> points(sample.count, std::vector<double>(dimensions));
  if (sample.method == io::SampleMethod::sobol) {
    boost::random::sobol engine(dimensions);
    engine.discard(dimensions);  // the first Sobol point is the origin
    const double scale = std::ldexp(1.0, -64);
    for (auto& point : points)
      for (double& coordinate : point) coordinate = static_cast<double>(engine()) * scale;
    return points;
  }
  // Latin hypercube: each dimension's N strata in a random order, a random place in each
  const core::RandomSource random(sample.seed, 0);
  for (std::size_t d = 0; d < dimensions; ++d) {
    auto stream = random.stream(static_cast<std::uint32_t>(d), 0, core::Purpose::batch_sampling);
    std::vector<std::uint32_t> strata(sample.count);
    std::iota(strata.begin(), strata.end(), 0u);
    for (std::uint32_t i = sample.count; i > 1; --i)
      std::swap(strata[i - 1], strata[stream.below(i)]);
    for (std::size_t n = 0; n < sample.count; ++n)
      points[n][d] = (strata[n] + stream.uniform()) / sample.count;
  }
  return points;
}

// what gives every run its shape (steps, places) is flagged fixed_in_batch in the parameter table
bool fixed_in_batch(const std::string& key) {
  if (const model::ParameterSpec* spec = model::find_parameter(key)) return spec->fixed_in_batch();
  if (key.rfind("contingent.", 0) == 0) {
    const model::ParameterSpec* field =
        model::find_contingent_field(key.substr(key.rfind('.') + 1));
    return field && field->fixed_in_batch();
  }
  return false;
}

}  // namespace

BatchPlan::BatchPlan(io::BatchSpec spec) : spec_(std::move(spec)) {
  if (!spec_.grid.empty()) {
    // every combination, the last axis changing fastest
    std::size_t total = 1;
    for (const io::GridAxis& axis : spec_.grid) total *= axis.values.size();
    for (std::size_t n = 0; n < total; ++n) {
      std::vector<std::string> point;
      std::size_t rest = n;
      std::vector<std::size_t> index(spec_.grid.size());
      for (std::size_t a = spec_.grid.size(); a-- > 0;) {
        index[a] = rest % spec_.grid[a].values.size();
        rest /= spec_.grid[a].values.size();
      }
      for (std::size_t a = 0; a < spec_.grid.size(); ++a)
        point.push_back(spec_.grid[a].key + "=" + spec_.grid[a].values[index[a]]);
      points_.push_back(std::move(point));
    }
  } else if (spec_.sample) {
    for (const auto& unit : unit_points(*spec_.sample)) {
      std::vector<std::string> point;
      for (std::size_t d = 0; d < unit.size(); ++d) {
        const io::SampleRange& range = spec_.sample->ranges[d];
        const double value =
            range.logarithmic
                ? std::exp(std::log(range.minimum) +
                           unit[d] * (std::log(range.maximum) - std::log(range.minimum)))
                : range.minimum + unit[d] * (range.maximum - range.minimum);
        point.push_back(range.key + "=" +
                        io::shortest_number(range.whole ? std::round(value) : value));
      }
      points_.push_back(std::move(point));
    }
  } else {
    points_.emplace_back();
  }

  auto note = [&](const std::string& assignment) {
    const std::string key = key_of(assignment);
    if (fixed_in_batch(key))
      throw io::InputError(
          spec_.source_path, 0, key,
          "a batch cannot vary this: every run must have the same steps and locations");
    if (std::find(varied_.begin(), varied_.end(), key) == varied_.end()) varied_.push_back(key);
  };
  for (const io::BatchVariant& variant : spec_.variants)
    for (const std::string& assignment : variant.overrides) note(assignment);
  for (const auto& point : points_)
    for (const std::string& assignment : point) note(assignment);
  for (std::size_t v = 0; v < spec_.variants.size(); ++v)
    if (spec_.variants[v].name == spec_.baseline) baseline_ = v;
}

std::uint64_t BatchPlan::runs() const noexcept {
  return static_cast<std::uint64_t>(spec_.variants.size()) * points_.size() * spec_.replicates;
}

PlannedRun BatchPlan::run(std::uint64_t id) const {
  const std::uint64_t replicate = id % spec_.replicates;
  const std::uint64_t configuration = id / spec_.replicates;
  return {id, static_cast<std::size_t>(configuration / points_.size()),
          static_cast<std::size_t>(configuration % points_.size()),
          static_cast<std::uint32_t>(replicate)};
}

std::vector<std::string> BatchPlan::overrides(const PlannedRun& run) const {
  std::vector<std::string> all = spec_.variants[run.variant].overrides;
  all.insert(all.end(), points_[run.point].begin(), points_[run.point].end());
  return all;
}

model::Scenario BatchPlan::scenario(const PlannedRun& run) const {
  model::Scenario scenario = spec_.base;
  for (const std::string& assignment : overrides(run)) io::apply_override(scenario, assignment);
  return scenario;
}

std::vector<double> BatchPlan::varied_values(const model::Scenario& scenario) const {
  std::vector<double> values;
  for (const std::string& key : varied_) {
    const model::ParameterSpec* parameter = model::find_parameter(key);
    if (parameter && scenario.schedule(parameter->id).is_constant())
      values.push_back(scenario.value(parameter->id));
    else
      values.push_back(std::numeric_limits<double>::quiet_NaN());
  }
  return values;
}

std::string BatchPlan::identity() const {
  return spec_.source_text + "\n--- base scenario ---\n" + io::resolved_toml(spec_.base);
}

}  // namespace tipsim::batch
