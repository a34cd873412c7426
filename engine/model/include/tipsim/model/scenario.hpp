#pragma once
// A scenario: the validated description of one simulated country and its policies.
// Plain data with no behaviour; engine/io builds it from TOML, the World is built from it.

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tipsim/core/schedule.hpp"
#include "tipsim/model/parameters.hpp"

namespace tipsim::model {

/// Who a contingent's members are (contingent.kind).
enum class ContingentKind : std::uint8_t { military, civilian };

/// A national contingent of the peacekeeping force, or a body of civilian internationals
/// (contingent.kind = "civilian": mission police, civilian staff, contractors).
struct Contingent {
  std::string country;
  std::string base;       ///< name of the municipality hosting its base
  core::Schedule troops;  ///< peacekeepers deployed, over time (years)
  /// Its own values of parameters flagged per_contingent (tour_weeks, women_share, ...), and its
  /// optional fields (kind); a parameter not listed takes the force-wide value.
  std::map<ParameterId, core::Schedule> own;
  /// names of the municipalities where its units are stationed (empty: the base alone)
  std::vector<std::string> sector;
};

/// A [[local]] table: its own values of parameters flagged local, in force in the municipalities
/// it names instead of the scenario's value. Where two tables set one parameter for the same
/// municipality, the later one holds.
struct LocalSetting {
  std::string name;  ///< optional; unique when given ("local.<name>.<key>" in --set and batches)
  std::vector<std::string> municipalities;       ///< names of municipalities
  std::map<ParameterId, core::Schedule> values;  ///< parameters flagged local only
};

enum class ShockKind { troop_surge, drawdown, money_influx, economic, displacement, local_demand };
inline constexpr std::array<const char*, 6> shock_kind_names{
    "troop_surge", "drawdown", "money_influx", "economic", "displacement", "local_demand"};

/// A demand shock at a known date.
struct ScheduledShock {
  ShockKind kind;
  double year;
  double weeks;
  double magnitude;
  std::string location;  ///< municipality name; empty means every municipality
};

/// A [[source_region]] table: a place abroad whose recruiters sell victims to traffickers in the
/// country, at the end of a road route through transit countries.
struct SourceRegion {
  std::string name;
  core::Schedule supply;  ///< most victims a week they can deliver, over time (years)
  double price = 0.0;     ///< USD per victim
  double distance_km = 0.0;
  double transit_risk = 1.0;
};

enum class LocationKind : std::uint8_t { municipality, base, border_crossing, market };
inline constexpr std::array<const char*, 4> location_kind_names{"municipality", "base",
                                                                "border_crossing", "market"};

/// A row of a location table (or a generated location).
struct LocationRecord {
  std::string name;
  LocationKind kind = LocationKind::municipality;
  double population_weight = 1.0;  ///< municipalities: relative share of the population
  double x_km = 0.0;
  double y_km = 0.0;
};

/// A row of a route table: an undirected road between two locations.
struct RouteRecord {
  std::string from;
  std::string to;
  double distance_km = 0.0;
  double transit_risk = 0.0;  ///< 0-1; scales border interception on this route
};

struct LocationTables {
  std::vector<LocationRecord> locations;
  std::vector<RouteRecord> routes;
  std::string locations_file;  ///< where they were read from (provenance)
  std::string routes_file;
};

struct Scenario {
  std::string name = "baseline";
  std::string source_path;  ///< where it came from ("<embedded baseline>" for the default)
  std::string source_text;  ///< the scenario text as given
  std::vector<std::string> overrides;  ///< "key=value" as given on the command line, in order
  std::array<core::Schedule, parameter_count> values;
  std::vector<Contingent> contingents;
  std::vector<ScheduledShock> shocks;
  std::vector<LocalSetting> locals;               ///< [[local]] tables, in order
  std::vector<SourceRegion> source_regions;       ///< [[source_region]] tables, in order
  std::optional<LocationTables> location_tables;  ///< replaces the generated location graph
  std::optional<std::vector<std::pair<std::uint32_t, std::uint32_t>>>
      social_ties;               ///< replaces generated acquaintances
  std::string social_ties_file;  ///< where they were read from (provenance)

  /// Every parameter at its default, no contingents, no shocks.
  Scenario();

  const core::Schedule& schedule(ParameterId id) const noexcept {
    return values[static_cast<std::size_t>(id)];
  }
  /// A parameter's value; for schedules, its value at the start.
  double value(ParameterId id) const noexcept {
    return schedule(id).at(schedule(ParameterId::start_year).at(0.0));
  }
  void set(ParameterId id, core::Schedule schedule) {
    values[static_cast<std::size_t>(id)] = std::move(schedule);
  }

  /// Weekly steps the scenario runs for.
  std::uint32_t steps() const noexcept;
  /// Calendar date (decimal year) of a step.
  double year_of_step(std::uint32_t step) const noexcept;
  /// Calendar date of every step, in order.
  std::vector<double> step_years() const;
};

/// Names of the scenario's municipalities, generated or from its location table.
std::vector<std::string> municipality_names(const Scenario& scenario);

/// Something wrong with a scenario as a whole, by the key a user would fix ("contingent.UK.base",
/// "shock[0].location", "network.social_ties"); the io layer adds file and line.
struct ScenarioProblem {
  std::string key;
  std::string message;
  /// For a problem between two keys (vulnerability.minimum_age above maximum_age): the other
  /// one. The io layer reports whichever of the two was given last.
  std::string other_key = {};
};

/// How problems with the i-th [[local]] table are keyed: "local.<name>" when it has a name,
/// else "local[i]".
std::string local_key(const Scenario& scenario, std::size_t index);

/// Every problem the model finds in a scenario that each value's own checks cannot see: places
/// that name no municipality, duplicate contingents, [[local]] tables that name no place or set
/// a parameter that cannot be local, a force or a population with more agents
/// than ids, social ties that name people the population does not have, and pairs of
/// parameters in the wrong order (a minimum above its maximum). Empty when the model can
/// build it.
std::vector<ScenarioProblem> check_scenario(const Scenario& scenario);

}  // namespace tipsim::model
