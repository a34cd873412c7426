#include "tipsim/model/scenario.hpp"

#include <cmath>
#include <cstdio>

namespace tipsim::model {

Scenario::Scenario() {
  for (const ParameterSpec& entry : parameter_table())
    values[static_cast<std::size_t>(entry.id)] = core::Schedule(entry.default_value);
}

std::uint32_t Scenario::steps() const noexcept {
  return static_cast<std::uint32_t>(std::lround(value(ParameterId::years) * 52.0));
}

double Scenario::year_of_step(std::uint32_t step) const noexcept {
  return schedule(ParameterId::start_year).at(0.0) + step * (7.0 / 365.25);
}

std::vector<double> Scenario::step_years() const {
  std::vector<double> years;
  for (std::uint32_t step = 0; step < steps(); ++step) years.push_back(year_of_step(step));
  return years;
}

std::vector<std::string> municipality_names(const Scenario& scenario) {
  std::vector<std::string> names;
  if (scenario.location_tables) {
    for (const LocationRecord& location : scenario.location_tables->locations)
      if (location.kind == LocationKind::municipality) names.push_back(location.name);
    return names;
  }
  const auto count = static_cast<std::size_t>(scenario.value(ParameterId::municipalities));
  names.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "municipality-%02zu", i + 1);
    names.emplace_back(name);
  }
  return names;
}

}  // namespace tipsim::model
