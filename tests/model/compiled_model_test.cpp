#include "tipsim/model/compiled_model.hpp"

#include <catch2/catch.hpp>

#include "tipsim/io/scenario_file.hpp"

using namespace tipsim::model;

namespace {
Scenario small() { return tipsim::io::load_scenario(TIPSIM_TEST_DATA "/small.toml"); }
}  // namespace

TEST_CASE("a compiled model resolves each contingent's base and its force-wide fallbacks",
          "[compiled_model]") {
  Scenario scenario = small();
  tipsim::io::apply_override(scenario, "policy.women_share=0.05");
  const auto model = compile(scenario, 3);
  REQUIRE(model->contingents.size() == 2);
  const CompiledContingent& north = model->contingents[0];
  const CompiledContingent& south = model->contingents[1];
  CHECK(north.sector == std::vector<std::uint16_t>{0});  // its base alone
  CHECK(south.sector == std::vector<std::uint16_t>{1});
  CHECK(north.tour_weeks == 26);              // peacekeepers.tour_weeks
  CHECK(south.tour_weeks == 17);              // its own
  CHECK(north.women_share.at(2000) == 0.05);  // the force's
  CHECK(south.women_share.at(2000) == 0.1);   // its own
  CHECK(north.slots == 1400);
  CHECK(south.first_agent == 1400);
}

TEST_CASE("a contingent's sector is resolved to its municipalities in the order given",
          "[compiled_model]") {
  Scenario scenario = small();
  tipsim::io::apply_override(scenario,
                             R"(contingent.North.sector=["municipality-04", "municipality-01"])");
  const auto model = compile(scenario, 3);
  CHECK(model->contingents[0].sector == std::vector<std::uint16_t>{3, 0});
  CHECK(model->contingents[1].sector == std::vector<std::uint16_t>{1});
}

TEST_CASE("the population is laid out by municipality in proportion to its weight",
          "[compiled_model]") {
  const auto model = compile(small(), 3);
  CHECK(model->agents == 80000);
  CHECK(model->municipality_first.front() == 0);
  CHECK(model->municipality_first.back() == 80000);
  for (std::size_t m = 0; m < model->municipality_count(); ++m)
    CHECK(model->municipality_first[m + 1] - model->municipality_first[m] ==
          model->municipality_agents[m]);
}

TEST_CASE("constant() refuses a parameter that may change over time", "[compiled_model]") {
  const auto model = compile(small(), 3);
  CHECK(model->constant(ParameterId::purchase_probability) > 0);
  CHECK_THROWS_AS(model->constant(ParameterId::enforcement), std::logic_error);
  CHECK(model->value(ParameterId::enforcement, 2000) == 0.3);
}

TEST_CASE("a scenario the model cannot build is refused with every problem by key",
          "[compiled_model][errors]") {
  Scenario scenario = small();
  scenario.contingents[1].base = "Atlantis";
  scenario.shocks.push_back({ShockKind::drawdown, 2000, 10, 1.5, ""});
  try {
    compile(scenario, 3);
    FAIL("compiled");
  } catch (const ScenarioError& error) {
    REQUIRE(error.problems().size() == 2);
    CHECK(error.problems()[0].key == "contingent.South.base");
    CHECK(error.problems()[1].key == "shock[0].magnitude");
  }
}

TEST_CASE("social ties are checked against the agents, at any population scale",
          "[compiled_model][errors]") {
  Scenario scenario = small();
  scenario.social_ties = std::vector<std::pair<std::uint32_t, std::uint32_t>>{{0, 50000}};
  CHECK(check_scenario(scenario).empty());
  scenario.set(ParameterId::scale, 2);  // 40,000 agents: person 50,000 is not one of them
  const auto problems = check_scenario(scenario);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].key == "network.social_ties");
}

TEST_CASE("a minimum age above the maximum age is a problem of the pair",
          "[compiled_model][errors]") {
  Scenario scenario = small();
  scenario.set(ParameterId::minimum_age, 30);
  scenario.set(ParameterId::maximum_age, 13);
  const auto problems = check_scenario(scenario);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].key == "vulnerability.maximum_age");
  CHECK(problems[0].other_key == "vulnerability.minimum_age");
  CHECK(problems[0].message ==
        "expected vulnerability.minimum_age <= vulnerability.maximum_age, got 30 > 13");
  scenario.set(ParameterId::maximum_age, 30);  // one age only is a valid range
  CHECK(check_scenario(scenario).empty());
}

TEST_CASE("a force with more peacekeeper agents than ids is refused, surges included",
          "[compiled_model][errors]") {
  Scenario scenario = small();
  scenario.contingents[0].troops = tipsim::core::Schedule(1e7);
  CHECK(check_scenario(scenario).empty());
  // a tenfold surge stays within the ids; a thousandfold one would overflow them
  scenario.shocks.push_back({ShockKind::troop_surge, 2000, 10, 9, ""});
  CHECK(check_scenario(scenario).empty());
  scenario.shocks.back().magnitude = 999;
  const auto problems = check_scenario(scenario);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].key == "contingent.North.troops");
  CHECK_THAT(problems[0].message, Catch::Contains("peacekeeper agents"));
  // the force is one agent per peacekeeper at any scale: a coarse scale does not help
  scenario.set(ParameterId::scale, 1000);
  CHECK(check_scenario(scenario).size() == 1);
}

TEST_CASE("local tables replace a policy in the municipalities they name and the later one holds",
          "[compiled_model][local]") {
  Scenario scenario = small();
  LocalSetting first{"", {"municipality-02", "municipality-03"}, {}};
  first.values[ParameterId::enforcement] =
      tipsim::core::Schedule({{1999.5, 0.6}, {2001.0, 0.9}}, tipsim::core::Interpolation::step);
  LocalSetting second{"", {"municipality-03"}, {}};
  second.values[ParameterId::enforcement] = tipsim::core::Schedule(0.1);
  second.values[ParameterId::sentence_weeks] = tipsim::core::Schedule(52);
  scenario.locals = {first, second};
  const auto model = compile(scenario, 3);
  CHECK(model->values_by_municipality(ParameterId::enforcement, 2000) ==
        std::vector<double>{0.3, 0.6, 0.1, 0.3, 0.3, 0.3});
  CHECK(model->values_by_municipality(ParameterId::enforcement, 2002) ==
        std::vector<double>{0.3, 0.9, 0.1, 0.3, 0.3, 0.3});
  CHECK(model->values_by_municipality(ParameterId::sentence_weeks, 2000) ==
        std::vector<double>{26, 26, 52, 26, 26, 26});
  // the country's own value is unchanged
  CHECK(model->value(ParameterId::enforcement, 2000) == 0.3);
}

TEST_CASE("a local table built in code is checked like one read from a file",
          "[compiled_model][local][errors]") {
  Scenario scenario = small();
  LocalSetting local{"", {"Atlantis"}, {}};
  local.values[ParameterId::women_share] = tipsim::core::Schedule(0.2);
  scenario.locals = {local};
  try {
    compile(scenario, 3);
    FAIL("compiled");
  } catch (const ScenarioError& error) {
    REQUIRE(error.problems().size() == 2);
    CHECK(error.problems()[0].key == "local[0].municipalities");
    CHECK(error.problems()[1].key == "local[0].policy.women_share");
  }
}
