#include "tipsim/model/world.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <vector>

#include "tipsim/core/parallel.hpp"
#include "tipsim/io/scenario_file.hpp"

using namespace tipsim::model;

namespace {
Scenario small() { return tipsim::io::load_scenario(TIPSIM_TEST_DATA "/small.toml"); }
World build(const Scenario& scenario, std::uint32_t replicate = 0) {
  return build_world(*compile(scenario, 7), replicate);
}
}  // namespace

TEST_CASE("people are laid out by municipality and by household", "[world]") {
  const auto model = compile(small(), 7);
  const World world = build_world(*model, 0);
  const People& people = world.people;
  REQUIRE(people.size() == 80000);
  REQUIRE(model->municipality_first.size() == 7);
  CHECK(model->municipality_first.back() == 80000);
  for (std::size_t m = 0; m < 6; ++m)
    for (std::uint32_t p = model->municipality_first[m]; p < model->municipality_first[m + 1]; ++p)
      REQUIRE(people.municipality[p] == m);
  for (std::uint32_t p = 0; p < people.size(); ++p) {
    const std::uint32_t first = people.household_first[p];
    REQUIRE(first <= p);
    REQUIRE(p < first + people.household_size[p]);
    REQUIRE(people.municipality[first] == people.municipality[p]);
  }
  // larger municipalities first (Zipf weights)
  CHECK(model->municipality_agents[0] > model->municipality_agents[5]);
}

TEST_CASE("the population matches the scenario's shares", "[world]") {
  const Scenario scenario = small();
  const World world = build(scenario);
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

TEST_CASE("a policy change leaves the built world untouched (common random numbers)",
          "[world][crn]") {
  Scenario baseline = small();
  Scenario policy = small();
  tipsim::io::apply_override(policy, "policy.enforcement=0.9");
  tipsim::io::apply_override(policy, "policy.predeployment_training=1");
  const World a = build(baseline);
  const World b = build(policy);
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

TEST_CASE("replicates of one compiled model differ in people and share its map", "[world]") {
  const auto model = compile(small(), 7);
  const World first = build_world(*model, 0);
  const World second = build_world(*model, 1);
  CHECK(first.people.income != second.people.income);
  CHECK(first.people.age_at_start != second.people.age_at_start);
  // the map is the model's, and compiling again with the seed gives the same one
  const auto again = compile(small(), 7);
  for (std::size_t v = 0; v < boost::num_vertices(model->locations); ++v)
    CHECK(model->locations[v].x_km == again->locations[v].x_km);
}

TEST_CASE("a world is built the same with 1 and 2 threads", "[world][determinism]") {
  const auto model = compile(small(), 7);
  const auto built = [&](std::size_t threads) {
    const tipsim::core::ThreadLimit limit(threads);
    return build_world(*model, 3);
  };
  const World one = built(1), two = built(2);
  CHECK(one.people.traits == two.people.traits);
  CHECK(one.people.household_first == two.people.household_first);
  CHECK(one.people.displaced_until == two.people.displaced_until);
  CHECK(one.municipalities.adult_men == two.municipalities.adult_men);
  for (std::uint32_t p = 0; p < one.people.size(); ++p) {
    const auto a = one.social.acquaintances(p), b = two.social.acquaintances(p);
    REQUIRE(std::equal(a.begin(), a.end(), b.begin(), b.end()));
  }
}

TEST_CASE("a person costs well under 200 bytes", "[world][memory]") {
  const World world = build(small());
  CHECK(static_cast<double>(world.bytes()) / world.people.size() < 100.0);
}

TEST_CASE("officials are as corrupt as the mean in force where they work", "[world][local]") {
  tipsim::model::Scenario scenario = tipsim::io::load_scenario(TIPSIM_TEST_DATA "/small.toml");
  tipsim::io::apply_override(scenario, "authorities.corruption=0.6");
  tipsim::model::Scenario honest_east = scenario;
  tipsim::io::apply_override(
      honest_east,
      "local={ municipalities = [\"municipality-02\"], \"authorities.corruption\" = 0.05 }");
  const auto country = build_world(*compile(scenario, 5), 0);
  const auto local = build_world(*compile(honest_east, 5), 0);
  CHECK(local.municipalities.corruption_at_start[1] <
        country.municipalities.corruption_at_start[1]);
  CHECK(local.municipalities.perceived_risk[1] > country.municipalities.perceived_risk[1]);
  for (std::size_t m : {0, 2, 3, 4, 5}) {
    CHECK(local.municipalities.corruption_at_start[m] ==
          country.municipalities.corruption_at_start[m]);
    CHECK(local.municipalities.perceived_risk[m] == country.municipalities.perceived_risk[m]);
  }
}

TEST_CASE("people have work and incomes as the municipality where they live sets them",
          "[world][local]") {
  Scenario scenario = small();
  tipsim::io::apply_override(scenario, "population.unemployment=0.5");
  tipsim::io::apply_override(scenario, "population.median_income=150");
  Scenario poor_east = scenario;
  tipsim::io::apply_override(poor_east,
                             "local={ municipalities = [\"municipality-02\"], "
                             "\"population.unemployment\" = 0.1, "
                             "\"population.median_income\" = 50 }");
  const auto model = compile(poor_east, 7);
  const World country = build(scenario), local = build(poor_east);
  const auto employed_share = [&](const World& world, std::size_t m) {
    double employed = 0;
    for (std::uint32_t p = model->municipality_first[m]; p < model->municipality_first[m + 1]; ++p)
      employed += world.people.has(p, trait::employed);
    return employed / model->municipality_agents[m];
  };
  const auto median_income = [&](const World& world, std::size_t m) {
    std::vector<float> incomes(world.people.income.begin() + model->municipality_first[m],
                               world.people.income.begin() + model->municipality_first[m + 1]);
    std::nth_element(incomes.begin(), incomes.begin() + incomes.size() / 2, incomes.end());
    return static_cast<double>(incomes[incomes.size() / 2]);
  };
  CHECK(employed_share(country, 1) == Approx(0.5).margin(0.03));
  CHECK(employed_share(local, 1) == Approx(0.9).margin(0.03));
  CHECK(median_income(country, 1) == Approx(150).epsilon(0.1));
  CHECK(median_income(local, 1) == Approx(50).epsilon(0.1));
  // elsewhere the same people, draw for draw
  for (std::size_t m : {0, 2, 3, 4, 5})
    for (std::uint32_t p = model->municipality_first[m]; p < model->municipality_first[m + 1];
         ++p) {
      REQUIRE(local.people.traits[p] == country.people.traits[p]);
      REQUIRE(local.people.income[p] == country.people.income[p]);
    }
}
