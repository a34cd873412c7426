#include "tipsim/batch/estimate.hpp"

#include <catch2/catch.hpp>

#include "tipsim/io/scenario_file.hpp"

using namespace tipsim;

TEST_CASE("an estimate times the first weeks here and extrapolates to the whole run",
          "[estimate]") {
  const model::Scenario scenario = io::load_scenario(TIPSIM_TEST_DATA "/small.toml");
  const batch::RunEstimate estimate = batch::estimate_run(scenario, 1, 1, 0.05);
  CHECK(estimate.steps == scenario.steps());
  CHECK(estimate.steps_probed >= 2);
  CHECK(estimate.steps_probed <= 52);
  CHECK(estimate.threads == 1);
  CHECK(estimate.seconds ==
        Approx(estimate.build_seconds + estimate.step_seconds * estimate.steps));
  CHECK(estimate.step_seconds > 0);
}

TEST_CASE("durations read as a person would say them", "[estimate]") {
  CHECK(batch::duration_text(3.14) == "about 3.1 s");
  CHECK(batch::duration_text(45) == "about 45 s");
  CHECK(batch::duration_text(600) == "about 10 min");
  CHECK(batch::duration_text(9000) == "about 2.5 h");
  CHECK(batch::duration_text(5 * 86400) == "about 5.0 days");
}
