#include <catch2/catch.hpp>

#include "tipsim/io/scenario_file.hpp"
#include "tipsim/model/world.hpp"

using namespace tipsim::model;

namespace {
Scenario small() { return tipsim::io::load_scenario(TIPSIM_TEST_DATA "/small.toml"); }
}  // namespace

TEST_CASE("people are laid out by municipality and by household", "[world]") {
  const Scenario scenario = small();
  const World world = build_world(scenario, 7, 0);
  const People& people = world.people;
  REQUIRE(people.size() == 80000);
  REQUIRE(world.municipality_first.size() == 7);
  CHECK(world.municipality_first.back() == 80000);
  for (std::size_t m = 0; m < 6; ++m)
    for (std::uint32_t p = world.municipality_first[m]; p < world.municipality_first[m + 1]; ++p)
      REQUIRE(people.municipality[p] == m);
  for (std::uint32_t p = 0; p < people.size(); ++p) {
    const std::uint32_t first = people.household_first[p];
    REQUIRE(first <= p);
    REQUIRE(p < first + people.household_size[p]);
    REQUIRE(people.municipality[first] == people.municipality[p]);
  }
  // larger municipalities first (Zipf weights)
  CHECK(world.municipalities.population[0] > world.municipalities.population[5]);
}

TEST_CASE("the population matches the scenario's shares", "[world]") {
  const Scenario scenario = small();
  const World world = build_world(scenario, 7, 0);
  double children = 0, female = 0, displaced = 0;
  for (std::uint32_t p = 0; p < world.people.size(); ++p) {
    children += world.people.age_at_start[p] < 18;
    female += world.people.has(p, trait::female);
    displaced += world.people.displaced_until[p] > 0;
  }
  const double n = world.people.size();
  CHECK(children / n == Approx(scenario.value(ParameterId::child_share)).margin(0.05));
  CHECK(female / n == Approx(0.5).margin(0.02));
  CHECK(displaced / n == Approx(scenario.value(ParameterId::displaced_share)).margin(0.05));
}

TEST_CASE("a policy change leaves the built world untouched (common random numbers)", "[world][crn]") {
  Scenario baseline = small();
  Scenario policy = small();
  tipsim::io::apply_override(policy, "policy.enforcement=0.9");
  tipsim::io::apply_override(policy, "policy.predeployment_training=1");
  const World a = build_world(baseline, 7, 0);
  const World b = build_world(policy, 7, 0);
  CHECK(a.people.traits == b.people.traits);
  CHECK(a.people.age_at_start == b.people.age_at_start);
  CHECK(a.people.income == b.people.income);
  CHECK(a.traffickers.status == b.traffickers.status);
  CHECK(a.traffickers.anchor == b.traffickers.anchor);
  for (std::uint32_t p = 0; p < a.people.size(); p += 97) {
    const auto ties_a = a.social.acquaintances(p);
    const auto ties_b = b.social.acquaintances(p);
    REQUIRE(std::equal(ties_a.begin(), ties_a.end(), ties_b.begin(), ties_b.end()));
  }
}

TEST_CASE("replicates differ in people but share the map", "[world]") {
  const Scenario scenario = small();
  const World first = build_world(scenario, 7, 0);
  const World second = build_world(scenario, 7, 1);
  CHECK(first.people.income != second.people.income);
  for (std::size_t v = 0; v < boost::num_vertices(first.locations); ++v)
    CHECK(first.locations[v].x_km == second.locations[v].x_km);
}

TEST_CASE("a person costs well under 200 bytes", "[world][memory]") {
  const World world = build_world(small(), 7, 0);
  CHECK(static_cast<double>(world.bytes()) / world.people.size() < 100.0);
}
