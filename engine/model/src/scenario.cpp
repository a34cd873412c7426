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
namespace {

// Pairs of parameters in which one bounds the other: each value may be within its own range
// and the two together still mean nothing (recruiting from age 30 up to age 13). Neither may
// be a schedule. A new pair of this kind is one more line here.
struct OrderedPair {
  ParameterId lower;
  ParameterId upper;
};
constexpr OrderedPair ordered_pairs[] = {
    {ParameterId::minimum_age, ParameterId::maximum_age},
};

// agent ids are 32-bit
constexpr double most_agents = 4.0e9;

std::string number(double value) {
  char text[40];
  std::snprintf(text, sizeof text, "%.15g", value);
  return text;
}

using Problems = std::vector<ScenarioProblem>;

std::string places_listing(const std::vector<std::string>& names) {
  return names.empty()       ? std::string("none")
         : names.size() == 1 ? "'" + names.front() + "'"
                             : "'" + names.front() + "' ... '" + names.back() + "'";
}

// " (expected a municipality: 'first' ... 'last')"
std::string known_places(const std::vector<std::string>& names) {
  return " (expected a municipality: " + places_listing(names) + ")";
}

void check_places(const Scenario& scenario, Problems& problems) {
  const auto names = municipality_names(scenario);
  if (names.empty())
    problems.push_back(
        {"population.municipalities", "the scenario needs at least one municipality"});
  if (names.size() > 65535)
    problems.push_back(
        {"population.municipalities",
         "at most 65535 municipalities are supported, got " + std::to_string(names.size())});
  auto known = [&](const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  const std::string listing = places_listing(names);
  for (const Contingent& contingent : scenario.contingents) {
    if (!known(contingent.base))
      problems.push_back({"contingent." + contingent.country + ".base",
                          "unknown location '" + contingent.base +
                              "' (expected a municipality: " + listing + ")"});
    const std::string sector_key = "contingent." + contingent.country + ".sector";
    for (std::size_t i = 0; i < contingent.sector.size(); ++i) {
      const std::string& place = contingent.sector[i];
      if (!known(place))
        problems.push_back({sector_key, "unknown location '" + place +
                                            "' (expected a municipality: " + listing + ")"});
      else if (std::find(contingent.sector.begin(), contingent.sector.begin() + i, place) !=
               contingent.sector.begin() + i)
        problems.push_back({sector_key, "'" + place + "' is listed twice"});
    }
  }
  for (std::size_t i = 0; i < scenario.shocks.size(); ++i) {
    const ScheduledShock& shock = scenario.shocks[i];
    if (!shock.location.empty() && !known(shock.location))
      problems.push_back(
          {"shock[" + std::to_string(i) + "].location",
           "unknown location '" + shock.location + "' (expected a municipality: " + listing + ")"});
  }
}

void check_locals(const Scenario& scenario, Problems& problems) {
  const auto names = municipality_names(scenario);
  for (std::size_t i = 0; i < scenario.locals.size(); ++i) {
    const LocalSetting& local = scenario.locals[i];
    const std::string key = local_key(scenario, i);
    for (std::size_t j = 0; j < i && !local.name.empty(); ++j)
      if (scenario.locals[j].name == local.name)
        problems.push_back({key, "two [[local]] tables named '" + local.name + "'"});
    if (local.municipalities.empty())
      problems.push_back(
          {key + ".municipalities", "expected at least one municipality where the values apply"});
    for (const std::string& place : local.municipalities)
      if (std::find(names.begin(), names.end(), place) == names.end())
        problems.push_back({key + ".municipalities",
                            "unknown municipality '" + place + "'" + known_places(names)});
    if (local.values.empty())
      problems.push_back({key, "sets no parameter (expected a key such as " +
                                   std::string(local_parameters().front()->key) + ")"});
    for (const auto& [id, schedule] : local.values)
      if (!spec(id).local())
        problems.push_back(
            {key + "." + std::string(spec(id).key), "cannot be set for some municipalities only"});
  }
}

void check_contingents(const Scenario& scenario, Problems& problems) {
  for (std::size_t i = 0; i < scenario.contingents.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (scenario.contingents[j].country == scenario.contingents[i].country)
        problems.push_back({"contingent." + scenario.contingents[i].country,
                            "two contingents named '" + scenario.contingents[i].country + "'"});
  // the model keeps an agent for every peacekeeper the force may ever field, surges included
  // (as compile() sizes them)
  double surge = 1.0;
  for (const ScheduledShock& shock : scenario.shocks)
    if (shock.kind == ShockKind::troop_surge) surge *= 1.0 + std::max(0.0, shock.magnitude);
  double slots = 0, largest = 0;
  std::string largest_key;
  for (const Contingent& contingent : scenario.contingents) {
    // one agent per peacekeeper whatever population.scale: the force is not sampled. Troop
    // surges are the force's, not the civilians'
    const auto kind = contingent.own.find(ParameterId::contingent_kind);
    const bool civilian = kind != contingent.own.end() &&
                          kind->second.at(0) == static_cast<double>(ContingentKind::civilian);
    const double own = std::ceil(contingent.troops.maximum() * (civilian ? 1.0 : surge));
    slots += own;
    if (own >= largest) {
      largest = own;
      largest_key = "contingent." + contingent.country + ".troops";
    }
  }
  if (slots > most_agents)
    problems.push_back({largest_key, "the force needs " + number(slots) +
                                         " peacekeeper agents (one per peacekeeper: troops x troop "
                                         "surges), more than the 4e9 the model can hold"});
}

void check_source_regions(const Scenario& scenario, Problems& problems) {
  for (std::size_t i = 0; i < scenario.source_regions.size(); ++i) {
    const std::string& name = scenario.source_regions[i].name;
    for (std::size_t j = 0; j < i; ++j)
      if (scenario.source_regions[j].name == name)
        problems.push_back({"source_region." + name, "two source regions named '" + name + "'"});
    if (name.empty() || name.find('.') != std::string::npos)
      problems.push_back({"source_region." + name,
                          "expected a name without dots (it names the region in --set keys)"});
  }
  // a victim's origin is held in one byte: 0 for the country, then one per region
  if (scenario.source_regions.size() > 254)
    problems.push_back({"source_region", "at most 254 source regions, got " +
                                             std::to_string(scenario.source_regions.size())});
}

void check_shocks(const Scenario& scenario, Problems& problems) {
  for (std::size_t i = 0; i < scenario.shocks.size(); ++i) {
    const ScheduledShock& shock = scenario.shocks[i];
    if ((shock.kind == ShockKind::displacement || shock.kind == ShockKind::drawdown) &&
        (shock.magnitude < 0 || shock.magnitude > 1))
      problems.push_back({"shock[" + std::to_string(i) + "].magnitude",
                          "expected a share in [0, 1] for a " +
                              std::string(shock_kind_names[static_cast<std::size_t>(shock.kind)]) +
                              ", got " + number(shock.magnitude)});
  }
}

void check_ordered_pairs(const Scenario& scenario, Problems& problems) {
  for (const OrderedPair& pair : ordered_pairs) {
    const double lower = scenario.value(pair.lower), upper = scenario.value(pair.upper);
    if (lower > upper) {
      const std::string lower_key(spec(pair.lower).key), upper_key(spec(pair.upper).key);
      problems.push_back({upper_key,
                          "expected " + lower_key + " <= " + upper_key + ", got " + number(lower) +
                              " > " + number(upper),
                          lower_key});
    }
  }
}

void check_population(const Scenario& scenario, Problems& problems) {
  const double agents =
      std::round(scenario.value(ParameterId::people) / scenario.value(ParameterId::scale));
  if (agents < 1 || agents > most_agents)
    problems.push_back(
        {"population.scale",
         "population.people / population.scale must give 1 to 4e9 agents, not " + number(agents)});
  if (scenario.social_ties) {
    std::uint32_t largest = 0;
    for (const auto& [a, b] : *scenario.social_ties) largest = std::max({largest, a, b});
    if (!scenario.social_ties->empty() && largest >= agents)
      problems.push_back(
          {"network.social_ties", "a tie names person " + std::to_string(largest) +
                                      " but the population has " + number(agents) +
                                      " agents (population.people / population.scale)"});
  }
}

}  // namespace

std::string local_key(const Scenario& scenario, std::size_t index) {
  const std::string& name = scenario.locals[index].name;
  return name.empty() ? "local[" + std::to_string(index) + "]" : "local." + name;
}

std::vector<ScenarioProblem> check_scenario(const Scenario& scenario) {
  Problems problems;
  check_places(scenario, problems);
  check_contingents(scenario, problems);
  check_locals(scenario, problems);
  check_source_regions(scenario, problems);
  check_shocks(scenario, problems);
  check_ordered_pairs(scenario, problems);
  check_population(scenario, problems);
  return problems;
}

}  // namespace tipsim::model
