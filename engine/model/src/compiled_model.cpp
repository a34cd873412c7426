#include "tipsim/model/compiled_model.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace tipsim::model {
namespace {

std::string joined(const std::vector<ScenarioProblem>& problems) {
  std::string text;
  for (const ScenarioProblem& problem : problems)
    text += (text.empty() ? "" : "; ") + ("key '" + problem.key + "': " + problem.message);
  return text;
}

// agents per municipality in proportion to its weight, rounded by largest remainder
std::vector<std::uint32_t> apportion(std::uint32_t agents, const std::vector<double>& weights) {
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  std::vector<std::uint32_t> counts(weights.size(), 0);
  if (weights.empty()) return counts;
  std::vector<std::pair<double, std::size_t>> remainders;
  std::uint32_t assigned = 0;
  for (std::size_t m = 0; m < weights.size(); ++m) {
    const double exact = total > 0 ? agents * weights[m] / total : double(agents) / weights.size();
    counts[m] = static_cast<std::uint32_t>(exact);
    assigned += counts[m];
    remainders.emplace_back(-(exact - counts[m]), m);
  }
  std::sort(remainders.begin(), remainders.end());
  for (std::size_t i = 0; assigned < agents; ++i, ++assigned)
    ++counts[remainders[i % remainders.size()].second];
  return counts;
}

std::vector<CompiledContingent> compile_contingents(const CompiledModel& model) {
  const Scenario& scenario = model.scenario;
  // slots are sized for the largest force the schedules and surges can ask for
  double surge = 1.0;
  for (const ScheduledShock& shock : scenario.shocks)
    if (shock.kind == ShockKind::troop_surge) surge *= 1.0 + std::max(0.0, shock.magnitude);
  std::vector<CompiledContingent> compiled;
  std::uint32_t next_agent = 0;
  for (const Contingent& contingent : scenario.contingents) {
    auto own_or_force = [&](ParameterId id) {
      const auto found = contingent.own.find(id);
      return found != contingent.own.end() ? found->second : scenario.schedule(id);
    };
    CompiledContingent c;
    c.country = contingent.country;
    if (const auto kind = contingent.own.find(ParameterId::contingent_kind);
        kind != contingent.own.end())
      c.kind = static_cast<ContingentKind>(kind->second.at(model.start_year));
    const auto municipality = [&](const std::string& name) {
      return static_cast<std::uint16_t>(
          std::find(model.municipality_names.begin(), model.municipality_names.end(), name) -
          model.municipality_names.begin());
    };
    for (const std::string& name : contingent.sector) c.sector.push_back(municipality(name));
    if (c.sector.empty()) c.sector.push_back(municipality(contingent.base));
    c.tour_weeks =
        static_cast<std::uint32_t>(own_or_force(ParameterId::tour_weeks).at(model.start_year));
    c.slots = static_cast<std::uint32_t>(std::ceil(
        contingent.troops.maximum() * (c.kind == ContingentKind::military ? surge : 1.0)));
    c.unit_size =
        static_cast<std::uint32_t>(scenario.schedule(ParameterId::unit_size).at(model.start_year));
    c.first_agent = next_agent;
    c.troops = contingent.troops;
    c.women_share = own_or_force(ParameterId::women_share);
    c.predeployment_training = own_or_force(ParameterId::predeployment_training);
    c.home_prosecution = own_or_force(ParameterId::home_prosecution);
    c.local_jurisdiction = own_or_force(ParameterId::local_jurisdiction);
    next_agent += c.slots;
    compiled.push_back(std::move(c));
  }
  return compiled;
}

}  // namespace

ScenarioError::ScenarioError(std::vector<ScenarioProblem> problems)
    : std::invalid_argument(joined(problems)), problems_(std::move(problems)) {}

double CompiledModel::constant(ParameterId id) const {
  if (spec(id).schedulable())
    throw std::logic_error("parameter " + std::string(spec(id).key) +
                           " may change over time: read it with value(id, year)");
  return scenario.value(id);
}

std::vector<double> CompiledModel::values_by_municipality(ParameterId id, double year) const {
  std::vector<double> values(municipality_count(), value(id, year));
  for (const CompiledLocal& local : locals)
    if (const auto found = local.values.find(id); found != local.values.end()) {
      const double here = found->second.at(year);
      for (std::uint16_t m : local.municipalities) values[m] = here;
    }
  return values;
}

std::shared_ptr<const CompiledModel> compile(const Scenario& scenario, std::uint64_t seed) {
  if (auto problems = check_scenario(scenario); !problems.empty())
    throw ScenarioError(std::move(problems));
  auto model = std::make_shared<CompiledModel>(CompiledModel{});
  model->scenario = scenario;
  model->seed = seed;
  model->steps = scenario.steps();
  model->start_year = scenario.value(ParameterId::start_year);

  // the geography is the same for every replicate: replicates differ in people, not in maps
  model->locations = build_location_graph(scenario, core::RandomSource(seed, 0));
  model->municipality_names = municipality_names(scenario);
  const std::size_t municipalities = model->municipality_names.size();
  model->export_routes = export_routes(model->locations, municipalities);
  model->neighbours = neighbouring_municipalities(model->locations, municipalities);

  model->people_per_agent = scenario.value(ParameterId::scale);
  model->agents = static_cast<std::uint32_t>(
      std::round(scenario.value(ParameterId::people) / scenario.value(ParameterId::scale)));
  std::vector<double> weights(municipalities);
  for (std::size_t m = 0; m < municipalities; ++m)
    weights[m] = model->locations[m].population_weight;
  model->municipality_agents = apportion(model->agents, weights);
  model->municipality_first.assign(municipalities + 1, 0);
  for (std::size_t m = 0; m < municipalities; ++m)
    model->municipality_first[m + 1] = model->municipality_first[m] + model->municipality_agents[m];

  model->contingents = compile_contingents(*model);
  for (const ScheduledShock& shock : scenario.shocks) {
    CompiledShock compiled{shock.kind, shock.year, shock.weeks, shock.magnitude, std::nullopt};
    if (!shock.location.empty())
      compiled.municipality =
          static_cast<std::uint16_t>(std::find(model->municipality_names.begin(),
                                               model->municipality_names.end(), shock.location) -
                                     model->municipality_names.begin());
    model->shocks.push_back(compiled);
  }
  for (const LocalSetting& local : scenario.locals) {
    CompiledLocal compiled{{}, local.values};
    for (const std::string& place : local.municipalities)
      compiled.municipalities.push_back(static_cast<std::uint16_t>(
          std::find(model->municipality_names.begin(), model->municipality_names.end(), place) -
          model->municipality_names.begin()));
    model->locals.push_back(std::move(compiled));
  }
  const double transport = scenario.value(ParameterId::import_transport_cost);
  const double speed = scenario.value(ParameterId::transit_speed);
  for (const SourceRegion& region : scenario.source_regions)
    model->source_regions.push_back({region.name, region.supply,
                                     region.price + transport * region.distance_km,
                                     region.transit_risk,
                                     static_cast<std::uint16_t>(std::clamp(
                                         std::ceil(region.distance_km / speed), 1.0, 65535.0))});
  return model;
}

}  // namespace tipsim::model
