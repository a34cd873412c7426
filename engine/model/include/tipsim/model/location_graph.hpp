#pragma once
// The location graph: municipalities, peacekeeping bases, border crossings and destination
// markets abroad, joined by routes with a distance and a transit risk.

#include <boost/graph/adjacency_list.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "tipsim/core/random.hpp"
#include "tipsim/model/scenario.hpp"

namespace tipsim::model {

struct Route {
  double distance_km = 0.0;
  double transit_risk = 0.0;
};

using LocationGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, LocationRecord, Route>;

/// The scenario's location graph: read from its location tables, or generated from the
/// geography parameters. Municipalities come first (vertex i is municipality i, in the order
/// of municipality_names), then border crossings and markets, then one base per contingent
/// ("base-<country>", joined to its host municipality). Throws std::invalid_argument when a
/// contingent's base names no municipality.
LocationGraph build_location_graph(const Scenario& scenario, const core::RandomSource& random);

/// How victims leave a municipality for a market abroad: the shortest road route.
struct ExportRoute {
  bool reachable = false;
  double distance_km = 0.0;
  double transit_risk = 0.0;  ///< sum of the transit risks along the route
  std::size_t market = 0;     ///< vertex of the market reached
};

/// The shortest route from every municipality to its nearest market.
std::vector<ExportRoute> export_routes(const LocationGraph& graph, std::size_t municipalities);

/// The graph as columns, the way results files and Python hold it: nodes in vertex order,
/// routes in edge order (from and to are vertex indices).
struct NetworkColumns {
  std::vector<std::string> name, kind;
  std::vector<double> population_weight, x_km, y_km;
  std::vector<std::int64_t> from, to;
  std::vector<double> distance_km, transit_risk;
};
NetworkColumns network_columns(const LocationGraph& graph);

/// Municipalities next to each municipality (via roads between municipalities only).
std::vector<std::vector<std::size_t>> neighbouring_municipalities(const LocationGraph& graph,
                                                                  std::size_t municipalities);

}  // namespace tipsim::model
