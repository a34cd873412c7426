#pragma once
// The compiled model: what a scenario fixes for every replicate, built once and then only read.
//
//   Scenario (plain data, as written)  ->  CompiledModel (this: resolved, checked, shared)
//                                       ->  World (one replicate's agents and state)
//
// A batch compiles once per configuration (variant and point) and builds one World per
// replicate from it; every phase reads its parameters here.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "tipsim/core/schedule.hpp"
#include "tipsim/model/location_graph.hpp"
#include "tipsim/model/scenario.hpp"

namespace tipsim::model {

/// A contingent as the model runs it: its base located and every force-wide fallback resolved.
struct CompiledContingent {
  std::string country;
  ContingentKind kind = ContingentKind::military;
  /// municipalities of its sector, where its units are stationed (unit u in sector[u % size]);
  /// its base alone unless the scenario names a sector
  std::vector<std::uint16_t> sector;
  std::uint32_t tour_weeks = 1;
  std::uint32_t unit_size = 1;  ///< peacekeepers per unit (peacekeepers.unit_size)
  std::uint32_t slots = 0;  ///< the most troops it ever deploys, surges included (one agent each)
  std::uint32_t first_agent = 0;  ///< agent id of slot 0, for random streams
  core::Schedule troops;          ///< peacekeepers (people, not agents) over time
  core::Schedule women_share, predeployment_training, home_prosecution, local_jurisdiction;
};

/// A scheduled shock with its place resolved.
struct CompiledShock {
  ShockKind kind;
  double year, weeks, magnitude;
  std::optional<std::uint16_t> municipality;  ///< empty: every municipality
};

/// A source region as the model runs it: what a victim bought there costs delivered, and how
/// long and risky the way is.
struct CompiledSourceRegion {
  std::string name;
  core::Schedule supply;  ///< most victims a week its recruiters deliver (people)
  double cost = 0;        ///< USD per victim: its price plus transport (imports.transport_cost)
  double transit_risk = 0;
  std::uint16_t transit_weeks = 1;  ///< distance / victims.transit_speed, rounded up, at least 1
};

/// A [[local]] table with its places resolved.
struct CompiledLocal {
  std::vector<std::uint16_t> municipalities;
  std::map<ParameterId, core::Schedule> values;
};

/// A scenario the model cannot build; `problems` name the keys to fix.
class ScenarioError : public std::invalid_argument {
 public:
  explicit ScenarioError(std::vector<ScenarioProblem> problems);
  const std::vector<ScenarioProblem>& problems() const noexcept { return problems_; }

 private:
  std::vector<ScenarioProblem> problems_;
};

struct CompiledModel {
  Scenario scenario;       ///< as given (provenance, schedules)
  std::uint64_t seed = 0;  ///< the run seed: the generated geography depends on it

  std::uint32_t steps = 0;
  double start_year = 0.0;

  // geography: the same for every replicate
  LocationGraph locations;
  std::vector<std::string> municipality_names;
  std::vector<ExportRoute> export_routes;
  std::vector<std::vector<std::size_t>> neighbours;

  // where people live: agents per municipality, laid out municipality by municipality
  std::uint32_t agents = 0;
  double people_per_agent = 1;  ///< population.scale: every agent stands for this many people
  std::vector<std::uint32_t> municipality_first;  ///< first agent of each; last entry = agents
  std::vector<std::uint32_t> municipality_agents;

  std::vector<CompiledContingent> contingents;
  std::vector<CompiledShock> shocks;
  std::vector<CompiledLocal> locals;                 ///< in the scenario's order: a later one holds
  std::vector<CompiledSourceRegion> source_regions;  ///< in the scenario's order

  std::size_t municipality_count() const noexcept { return municipality_names.size(); }
  /// People in the country (agents times the people each stands for).
  double people() const noexcept { return agents * people_per_agent; }
  double year_of_step(std::uint32_t step) const noexcept { return scenario.year_of_step(step); }

  /// A parameter that cannot change over time. Throws std::logic_error for a schedulable one:
  /// those are read with value(id, year).
  double constant(ParameterId id) const;
  /// A parameter's value at a date (a constant for non-schedulable ones).
  double value(ParameterId id, double year) const noexcept {
    return scenario.schedule(id).at(year);
  }
  const core::Schedule& schedule(ParameterId id) const noexcept { return scenario.schedule(id); }
  /// A parameter's value at a date in every municipality: the scenario's value, or where
  /// [[local]] tables set their own, the last of them.
  std::vector<double> values_by_municipality(ParameterId id, double year) const;
};

/// Checks and compiles a scenario for runs with this seed. Throws ScenarioError.
std::shared_ptr<const CompiledModel> compile(const Scenario& scenario, std::uint64_t seed);

}  // namespace tipsim::model
