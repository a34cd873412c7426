#include "tipsim/model/location_graph.hpp"

#include <boost/graph/connected_components.hpp>
#include <catch2/catch.hpp>

using namespace tipsim::model;

namespace {
Scenario with_contingent() {
  Scenario scenario;
  scenario.set(ParameterId::municipalities, 12);
  scenario.contingents.push_back({"UK", "municipality-03", tipsim::core::Schedule(100), {}, {}});
  return scenario;
}
}  // namespace

TEST_CASE("a generated location graph is connected and ordered municipalities first",
          "[location_graph]") {
  const Scenario scenario = with_contingent();
  const auto graph = build_location_graph(scenario, tipsim::core::RandomSource(1, 0));
  // 12 municipalities, 4 crossings, 3 markets, 1 base
  REQUIRE(boost::num_vertices(graph) == 20);
  for (std::size_t v = 0; v < 12; ++v) CHECK(graph[v].kind == LocationKind::municipality);
  CHECK(graph[12].kind == LocationKind::border_crossing);
  CHECK(graph[16].kind == LocationKind::market);
  CHECK(graph[19].kind == LocationKind::base);
  CHECK(graph[19].name == "base-UK");
  std::vector<int> component(boost::num_vertices(graph));
  CHECK(boost::connected_components(graph, component.data()) == 1);
}

TEST_CASE("every municipality has a route abroad through a risky border", "[location_graph]") {
  const Scenario scenario = with_contingent();
  const auto graph = build_location_graph(scenario, tipsim::core::RandomSource(1, 0));
  for (const ExportRoute& route : export_routes(graph, 12)) {
    REQUIRE(route.reachable);
    CHECK(route.distance_km >= scenario.value(ParameterId::market_distance));
    CHECK(route.transit_risk == Approx(scenario.value(ParameterId::route_risk)));
    CHECK(graph[route.market].kind == LocationKind::market);
  }
}

TEST_CASE("without markets there is no route abroad", "[location_graph]") {
  Scenario scenario = with_contingent();
  scenario.set(ParameterId::markets, 0);
  const auto graph = build_location_graph(scenario, tipsim::core::RandomSource(1, 0));
  for (const ExportRoute& route : export_routes(graph, 12)) CHECK_FALSE(route.reachable);
}

TEST_CASE("a location table replaces the generated graph", "[location_graph]") {
  Scenario scenario;
  LocationTables tables;
  tables.locations = {{"Town", LocationKind::municipality, 2, 0, 0},
                      {"Village", LocationKind::municipality, 1, 10, 0},
                      {"Gate", LocationKind::border_crossing, 0, 20, 0},
                      {"Abroad", LocationKind::market, 0, 900, 0}};
  tables.routes = {
      {"Town", "Village", 12, 0}, {"Village", "Gate", 15, 0.8}, {"Gate", "Abroad", 900, 0}};
  scenario.location_tables = tables;
  const auto graph = build_location_graph(scenario, tipsim::core::RandomSource(1, 0));
  REQUIRE(boost::num_vertices(graph) == 4);
  const auto routes = export_routes(graph, 2);
  CHECK(routes[0].distance_km == Approx(927));
  CHECK(routes[0].transit_risk == Approx(0.8));
  CHECK(neighbouring_municipalities(graph, 2)[0] == std::vector<std::size_t>{1});
}

TEST_CASE("a contingent based at an unknown location is refused", "[location_graph]") {
  Scenario scenario = with_contingent();
  scenario.contingents[0].base = "Atlantis";
  CHECK_THROWS_AS(build_location_graph(scenario, tipsim::core::RandomSource(1, 0)),
                  std::invalid_argument);
}
