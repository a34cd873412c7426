#include "tipsim/model/scenario.hpp"

#include <algorithm>
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

namespace tipsim::model {

std::vector<ScenarioProblem> check_scenario(const Scenario& scenario) {
  std::vector<ScenarioProblem> problems;
  auto problem = [&](std::string key, std::string message) {
    problems.push_back({std::move(key), std::move(message)});
  };
  auto number = [](double value) {
    char text[40];
    std::snprintf(text, sizeof text, "%.15g", value);
    return std::string(text);
  };

  const auto names = municipality_names(scenario);
  if (names.empty())
    problem("population.municipalities", "the scenario needs at least one municipality");
  if (names.size() > 65535)
    problem("population.municipalities",
            "at most 65535 municipalities are supported, got " + std::to_string(names.size()));
  auto known = [&](const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  const std::string listing = names.empty() ? std::string("none")
                              : names.size() == 1
                                  ? "'" + names.front() + "'"
                                  : "'" + names.front() + "' ... '" + names.back() + "'";

  for (std::size_t i = 0; i < scenario.contingents.size(); ++i) {
    const Contingent& contingent = scenario.contingents[i];
    if (!known(contingent.base))
      problem(
          "contingent." + contingent.country + ".base",
          "unknown location '" + contingent.base + "' (expected a municipality: " + listing + ")");
    for (std::size_t j = 0; j < i; ++j)
      if (scenario.contingents[j].country == contingent.country)
        problem("contingent." + contingent.country,
                "two contingents named '" + contingent.country + "'");
  }
  for (std::size_t i = 0; i < scenario.shocks.size(); ++i) {
    const ScheduledShock& shock = scenario.shocks[i];
    const std::string prefix = "shock[" + std::to_string(i) + "]";
    if (!shock.location.empty() && !known(shock.location))
      problem(prefix + ".location", "unknown location '" + shock.location +
                                        "' (expected a municipality: " + listing + ")");
    if ((shock.kind == ShockKind::displacement || shock.kind == ShockKind::drawdown) &&
        (shock.magnitude < 0 || shock.magnitude > 1))
      problem(prefix + ".magnitude",
              "expected a share in [0, 1] for a " +
                  std::string(shock_kind_names[static_cast<std::size_t>(shock.kind)]) + ", got " +
                  number(shock.magnitude));
  }

  // every agent stands for population.scale people: ids are 32-bit
  const double agents =
      std::round(scenario.value(ParameterId::people) / scenario.value(ParameterId::scale));
  if (agents < 1 || agents > 4.0e9)
    problem(
        "population.scale",
        "population.people / population.scale must give 1 to 4e9 agents, not " + number(agents));
  if (scenario.social_ties) {
    std::uint32_t largest = 0;
    for (const auto& [a, b] : *scenario.social_ties) largest = std::max({largest, a, b});
    if (!scenario.social_ties->empty() && largest >= agents)
      problem("network.social_ties", "a tie names person " + std::to_string(largest) +
                                         " but the population has " + number(agents) +
                                         " agents (population.people / population.scale)");
  }
  return problems;
}

}  // namespace tipsim::model
