#include "tipsim/model/location_graph.hpp"

#include <algorithm>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

namespace tipsim::model {
namespace {

// roads are longer than straight lines
constexpr double road_factor = 1.3;

double straight_distance(const LocationRecord& a, const LocationRecord& b) {
  return std::hypot(a.x_km - b.x_km, a.y_km - b.y_km);
}

void generate_locations(const Scenario& scenario, const core::RandomSource& random,
                        LocationGraph& graph) {
  const auto municipalities = municipality_names(scenario);
  const double size = scenario.value(ParameterId::country_size);
  const double exponent = scenario.value(ParameterId::municipality_size_exponent);
  for (std::size_t i = 0; i < municipalities.size(); ++i) {
    auto stream = random.stream(0, static_cast<std::uint32_t>(i), core::Purpose::location_geometry);
    LocationRecord location;
    location.name = municipalities[i];
    location.population_weight = 1.0 / std::pow(static_cast<double>(i + 1), exponent);
    location.x_km = size * stream.uniform();
    location.y_km = size * stream.uniform();
    boost::add_vertex(location, graph);
  }
  // roads: each municipality to its nearest earlier one (keeps the graph connected), plus
  // its two nearest neighbours overall
  const std::size_t count = municipalities.size();
  for (std::size_t i = 0; i < count; ++i) {
    std::vector<std::pair<double, std::size_t>> by_distance;
    for (std::size_t j = 0; j < count; ++j)
      if (j != i) by_distance.emplace_back(straight_distance(graph[i], graph[j]), j);
    std::sort(by_distance.begin(), by_distance.end());
    auto connect = [&](std::size_t j, double distance) {
      if (!boost::edge(i, j, graph).second)
        boost::add_edge(i, j, Route{std::max(1.0, distance * road_factor), 0.0}, graph);
    };
    for (std::size_t k = 0; k < by_distance.size() && k < 2; ++k)
      connect(by_distance[k].second, by_distance[k].first);
    for (const auto& [distance, j] : by_distance)
      if (j < i) {
        connect(j, distance);
        break;
      }
  }
  // border crossings on the edge of the country, each joined to its nearest municipality;
  // every crossing leads to every market abroad
  const auto crossings = static_cast<std::size_t>(scenario.value(ParameterId::border_crossings));
  const auto markets = static_cast<std::size_t>(scenario.value(ParameterId::markets));
  const double route_risk = scenario.value(ParameterId::route_risk);
  const double market_distance = scenario.value(ParameterId::market_distance);
  std::vector<std::size_t> crossing_vertices;
  for (std::size_t c = 0; c < crossings; ++c) {
    const double angle = 6.283185307179586 * (static_cast<double>(c) + 0.5) / crossings;
    LocationRecord crossing;
    crossing.name = "border-" + std::to_string(c + 1);
    crossing.kind = LocationKind::border_crossing;
    crossing.population_weight = 0.0;
    crossing.x_km = size * (0.5 + 0.5 * std::cos(angle));
    crossing.y_km = size * (0.5 + 0.5 * std::sin(angle));
    const auto vertex = boost::add_vertex(crossing, graph);
    crossing_vertices.push_back(vertex);
    std::size_t nearest = 0;
    for (std::size_t j = 1; j < count; ++j)
      if (straight_distance(graph[vertex], graph[j]) <
          straight_distance(graph[vertex], graph[nearest]))
        nearest = j;
    if (count > 0)
      boost::add_edge(
          vertex, nearest,
          Route{std::max(1.0, straight_distance(graph[vertex], graph[nearest]) * road_factor),
                route_risk},
          graph);
  }
  for (std::size_t m = 0; m < markets; ++m) {
    LocationRecord market;
    market.name = "market-" + std::to_string(m + 1);
    market.kind = LocationKind::market;
    market.population_weight = 0.0;
    market.x_km = size * 0.5 + market_distance;
    market.y_km = size * (static_cast<double>(m) - 0.5 * (markets - 1.0));
    const auto vertex = boost::add_vertex(market, graph);
    for (std::size_t c = 0; c < crossing_vertices.size(); ++c) {
      // markets farther along are reached by longer roads
      const double distance =
          market_distance * (1.0 + 0.25 * static_cast<double>(m)) + 10.0 * static_cast<double>(c);
      boost::add_edge(crossing_vertices[c], vertex, Route{distance, 0.0}, graph);
    }
  }
}

void read_locations(const LocationTables& tables, LocationGraph& graph) {
  // municipalities first, in table order, then the rest
  std::map<std::string, std::size_t> vertex_of;
  for (int pass = 0; pass < 2; ++pass)
    for (const LocationRecord& location : tables.locations) {
      const bool municipality = location.kind == LocationKind::municipality;
      if (municipality != (pass == 0)) continue;
      vertex_of[location.name] = boost::add_vertex(location, graph);
    }
  for (const RouteRecord& route : tables.routes) {
    const auto from = vertex_of.find(route.from);
    const auto to = vertex_of.find(route.to);
    if (from == vertex_of.end() || to == vertex_of.end())
      throw std::invalid_argument("route " + route.from + " - " + route.to +
                                  " names an unknown location");
    boost::add_edge(from->second, to->second, Route{route.distance_km, route.transit_risk}, graph);
  }
}

}  // namespace

LocationGraph build_location_graph(const Scenario& scenario, const core::RandomSource& random) {
  LocationGraph graph;
  if (scenario.location_tables)
    read_locations(*scenario.location_tables, graph);
  else
    generate_locations(scenario, random, graph);

  const auto municipalities = municipality_names(scenario);
  for (const Contingent& contingent : scenario.contingents) {
    const auto host = std::find(municipalities.begin(), municipalities.end(), contingent.base);
    if (host == municipalities.end())
      throw std::invalid_argument("contingent " + contingent.country + ": unknown location '" +
                                  contingent.base + "'");
    const auto host_vertex = static_cast<std::size_t>(host - municipalities.begin());
    LocationRecord base;
    base.name = "base-" + contingent.country;
    base.kind = LocationKind::base;
    base.population_weight = 0.0;
    base.x_km = graph[host_vertex].x_km + 2.0;
    base.y_km = graph[host_vertex].y_km + 2.0;
    const auto vertex = boost::add_vertex(base, graph);
    boost::add_edge(vertex, host_vertex, Route{3.0, 0.0}, graph);
  }
  return graph;
}

std::vector<ExportRoute> export_routes(const LocationGraph& graph, std::size_t municipalities) {
  std::vector<ExportRoute> routes(municipalities);
  const std::size_t vertices = boost::num_vertices(graph);
  std::vector<double> distance(vertices);
  std::vector<std::size_t> predecessor(vertices);
  for (std::size_t market = 0; market < vertices; ++market) {
    if (graph[market].kind != LocationKind::market) continue;
    boost::dijkstra_shortest_paths(
        graph, market,
        boost::weight_map(boost::get(&Route::distance_km, graph))
            .distance_map(boost::make_iterator_property_map(distance.begin(),
                                                            boost::get(boost::vertex_index, graph)))
            .predecessor_map(boost::make_iterator_property_map(
                predecessor.begin(), boost::get(boost::vertex_index, graph))));
    for (std::size_t m = 0; m < municipalities; ++m) {
      if (distance[m] == std::numeric_limits<double>::max()) continue;
      if (routes[m].reachable && routes[m].distance_km <= distance[m]) continue;
      double risk = 0.0;
      for (std::size_t v = m; v != market; v = predecessor[v])
        risk += graph[boost::edge(v, predecessor[v], graph).first].transit_risk;
      routes[m] = ExportRoute{true, distance[m], risk, market};
    }
  }
  return routes;
}

NetworkColumns network_columns(const LocationGraph& graph) {
  NetworkColumns columns;
  for (std::size_t v = 0; v < boost::num_vertices(graph); ++v) {
    const LocationRecord& location = graph[v];
    columns.name.push_back(location.name);
    columns.kind.emplace_back(location_kind_names[static_cast<std::size_t>(location.kind)]);
    columns.population_weight.push_back(location.population_weight);
    columns.x_km.push_back(location.x_km);
    columns.y_km.push_back(location.y_km);
  }
  for (auto [it, end] = boost::edges(graph); it != end; ++it) {
    columns.from.push_back(static_cast<std::int64_t>(boost::source(*it, graph)));
    columns.to.push_back(static_cast<std::int64_t>(boost::target(*it, graph)));
    columns.distance_km.push_back(graph[*it].distance_km);
    columns.transit_risk.push_back(graph[*it].transit_risk);
  }
  return columns;
}

std::vector<std::vector<std::size_t>> neighbouring_municipalities(const LocationGraph& graph,
                                                                  std::size_t municipalities) {
  std::vector<std::vector<std::size_t>> neighbours(municipalities);
  for (std::size_t m = 0; m < municipalities; ++m)
    for (auto [it, end] = boost::adjacent_vertices(m, graph); it != end; ++it)
      if (*it < municipalities) neighbours[m].push_back(*it);
  return neighbours;
}

}  // namespace tipsim::model
