#include "tipsim/batch/plan.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

using namespace tipsim;

namespace {
batch::BatchPlan plan_of(const std::string& text) {
  return batch::BatchPlan(io::parse_batch(text, "batch.toml", TIPSIM_TEST_DATA));
}
const std::string header = "[batch]\nscenario = \"small.toml\"\nreplicates = 3\n";
}  // namespace

TEST_CASE("variants x grid points x replicates expand to the right runs", "[plan]") {
  const batch::BatchPlan plan(io::load_batch(TIPSIM_TEST_DATA "/small-batch.toml"));
  REQUIRE(plan.runs() == 2 * 2 * 4);
  CHECK(plan.points() == 2);
  // run id = (variant x points + point) x replicates + replicate
  const auto run = plan.run(13);
  CHECK(run.variant == 1);
  CHECK(run.point == 1);
  CHECK(run.replicate == 1);
  CHECK(plan.overrides(run) ==
        std::vector<std::string>{"policy.predeployment_training=1.0", "policy.enforcement=0.6"});
  const model::Scenario scenario = plan.scenario(run);
  CHECK(scenario.value(model::ParameterId::enforcement) == 0.6);
  CHECK(scenario.value(model::ParameterId::predeployment_training) == 1.0);
  CHECK(plan.varied_parameters() ==
        std::vector<std::string>{"policy.predeployment_training", "policy.enforcement"});
  CHECK(plan.varied_values(scenario) == std::vector<double>{1.0, 0.6});
}

TEST_CASE("every shipped batch file expands to runs of valid scenarios", "[plan]") {
  std::size_t files = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(TIPSIM_SOURCE_DIR "/scenarios/batches")) {
    if (entry.path().extension() != ".toml") continue;
    INFO(entry.path().string());
    ++files;
    const batch::BatchPlan plan(io::load_batch(entry.path()));
    REQUIRE(plan.runs() > 0);
    // the first and last runs resolve to scenarios (every variant's overrides applied)
    CHECK_NOTHROW(plan.scenario(plan.run(0)));
    CHECK_NOTHROW(plan.scenario(plan.run(plan.runs() - 1)));
  }
  CHECK(files >= 4);
}

TEST_CASE("a grid takes every combination of its axes", "[plan]") {
  const auto plan =
      plan_of(header +
              "[grid]\n\"policy.enforcement\" = [0.1, 0.2, 0.3]\n"
              "\"policy.women_share\" = [0.0, 0.5]\n\"traffickers.pool\" = [10, 20]\n");
  CHECK(plan.points() == 12);
  CHECK(plan.runs() == 36);
  std::set<std::vector<std::string>> distinct;
  for (std::size_t p = 0; p < plan.points(); ++p) distinct.insert(plan.point_overrides(p));
  CHECK(distinct.size() == 12);
}

TEST_CASE("a Latin hypercube puts one point in each stratum of every range", "[plan]") {
  const auto plan =
      plan_of(header +
              "[sample]\ncount = 10\n[sample.ranges]\n\"policy.enforcement\" = [0.0, 1.0]\n"
              "\"demand.local\" = { min = 1, max = 100, scale = \"log\" }\n"
              "\"traffickers.pool\" = [100, 200]\n");
  REQUIRE(plan.points() == 10);
  std::set<int> enforcement_strata, demand_strata;
  for (std::size_t p = 0; p < plan.points(); ++p) {
    const model::Scenario scenario = plan.scenario(plan.run(p * 3));
    const double enforcement = scenario.value(model::ParameterId::enforcement);
    const double demand = scenario.value(model::ParameterId::local_demand);
    const double pool = scenario.value(model::ParameterId::trafficker_pool);
    enforcement_strata.insert(static_cast<int>(enforcement * 10));
    demand_strata.insert(
        static_cast<int>(std::log10(demand) / 2 * 10));  // log scale: strata in log space
    CHECK(pool == std::round(pool));
  }
  CHECK(enforcement_strata.size() == 10);
  CHECK(demand_strata.size() == 10);
}

TEST_CASE("Sobol points fill the range evenly and differ from each other", "[plan]") {
  const auto plan =
      plan_of(header +
              "[sample]\nmethod = \"sobol\"\ncount = 16\n[sample.ranges]\n"
              "\"policy.enforcement\" = [0.0, 1.0]\n\"policy.women_share\" = [0.0, 1.0]\n");
  std::set<int> halves_low, halves_high;
  std::set<std::vector<std::string>> distinct;
  for (std::size_t p = 0; p < plan.points(); ++p) distinct.insert(plan.point_overrides(p));
  CHECK(distinct.size() == 16);
  // the first 16 points after the origin hit each of the 16 cells of a 4 x 4 grid at most twice
  std::map<std::pair<int, int>, int> cells;
  for (std::size_t p = 0; p < plan.points(); ++p) {
    const model::Scenario scenario = plan.scenario(plan.run(p * 3));
    ++cells[{static_cast<int>(scenario.value(model::ParameterId::enforcement) * 4),
             static_cast<int>(scenario.value(model::ParameterId::women_share) * 4)}];
  }
  for (const auto& [cell, count] : cells) CHECK(count <= 2);
  CHECK(cells.size() >= 12);
}

TEST_CASE("a batch may not vary the shape of the runs", "[plan][errors]") {
  CHECK_THROWS_WITH(plan_of(header + "[grid]\n\"time.years\" = [1, 2]\n"),
                    Catch::Contains("cannot vary"));
  CHECK_THROWS_WITH(
      plan_of(header + "[[variant]]\nname = \"x\"\n\"population.municipalities\" = 3\n"),
      Catch::Contains("cannot vary"));
}
