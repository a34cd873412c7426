#include "tipsim/batch/compare.hpp"

#include <catch2/catch.hpp>
#include <cmath>

#include "tipsim/io/input_error.hpp"

using namespace tipsim;

namespace {

// one variant over a 2 x 2 grid (a in {1, 2}, b in {10, 20}), 4 replicates; every metric of a
// run is value(a, b) plus the replicate's noise, which pairing cancels
struct Grid {
  batch::RunIndex runs;
  batch::PointAssignments points{
      {0, {"a=1", "b=10"}}, {1, {"a=1", "b=20"}}, {2, {"a=2", "b=10"}}, {3, {"a=2", "b=20"}}};
  std::map<std::string, std::vector<double>> per_run;

  Grid() {
    const double values[4] = {100, 90, 70, 60};
    const double noise[4] = {-3, 1, 4, -2};
    std::vector<double> outcome, cost;
    for (std::int64_t point = 0; point < 4; ++point)
      for (std::int64_t replicate = 0; replicate < 4; ++replicate) {
        runs.variant.push_back("baseline");
        runs.point.push_back(point);
        runs.replicate.push_back(replicate);
        outcome.push_back(values[point] + noise[replicate]);
        cost.push_back(1000.0 * point + noise[replicate]);
      }
    per_run["victims_recruited"] = outcome;
    per_run["convictions"] = outcome;
    per_run["policy_cost"] = cost;
  }

  batch::Comparison compare(const std::string& baseline,
                            std::vector<std::string> metrics = {"victims_recruited"}) const {
    batch::ComparisonOptions options;
    options.baseline = baseline;
    options.metrics = std::move(metrics);
    options.outcomes = {"victims_recruited"};  // the synthetic runs have no victim-weeks
    return batch::compare(runs, points, per_run, options);
  }
};

const batch::EffectRow& row(const batch::Comparison& comparison, std::int64_t point) {
  for (const auto& effect : comparison.effects)
    if (effect.point == point) return effect;
  FAIL("no row for point " << point);
  return comparison.effects.front();
}

}  // namespace

TEST_CASE("a grid's points are compared with a chosen point, not with themselves", "[compare]") {
  const Grid grid;
  const auto comparison = grid.compare("");  // one variant: point 0 by default
  REQUIRE(comparison.effects.size() == 4);
  CHECK(row(comparison, 0).is_baseline);
  CHECK(row(comparison, 0).direction == "baseline");
  CHECK(row(comparison, 3).effect.mean == Approx(-40));
  // pairing by replicate cancels the noise: the interval has no width
  CHECK(row(comparison, 3).effect.low == Approx(-40));
  CHECK(row(comparison, 3).percent == Approx(-40));
  CHECK(row(comparison, 3).baseline_point == 0);
  CHECK(comparison.baseline.find("point 0 (a=1; b=10)") != std::string::npos);
  CHECK(grid.compare("point=2").effects[0].effect.mean == Approx(30));
  CHECK(grid.compare("3").effects[0].effect.mean == Approx(40));
}

TEST_CASE("a grid key picks the baseline along one axis, the other keys staying the point's",
          "[compare]") {
  const Grid grid;
  const auto comparison = grid.compare("a=1");
  CHECK(row(comparison, 2).baseline_point == 0);  // a=2, b=10 against a=1, b=10
  CHECK(row(comparison, 3).baseline_point == 1);  // a=2, b=20 against a=1, b=20
  CHECK(row(comparison, 3).effect.mean == Approx(-30));
  CHECK(row(comparison, 1).is_baseline);
  CHECK(grid.compare("a = 1.0; b=20").effects[0].baseline_point == 1);  // numbers by value
}

TEST_CASE("variants are compared at the same point unless told otherwise", "[compare]") {
  batch::RunIndex runs;
  std::map<std::string, std::vector<double>> per_run;
  for (const char* variant : {"baseline", "training"})
    for (std::int64_t point = 0; point < 2; ++point)
      for (std::int64_t replicate = 0; replicate < 3; ++replicate) {
        runs.variant.push_back(variant);
        runs.point.push_back(point);
        runs.replicate.push_back(replicate);
        const double effect = std::string(variant) == "training" ? -5.0 - point : 0.0;
        per_run["victims_recruited"].push_back(50 + 10 * point + replicate + effect);
        per_run["policy_cost"].push_back(std::string(variant) == "training" ? 100 + replicate
                                                                            : 0.0);
      }
  batch::ComparisonOptions options;
  options.metrics = {"victims_recruited"};
  options.outcomes = {"victims_recruited"};
  options.default_variant = "baseline";
  const auto comparison = batch::compare(runs, {{0, {"x=1"}}, {1, {"x=2"}}}, per_run, options);
  REQUIRE(comparison.effects.size() == 4);
  CHECK(comparison.effects[2].variant == "training");
  CHECK(comparison.effects[2].baseline_variant == "baseline");
  CHECK(comparison.effects[3].baseline_point == 1);
  CHECK(comparison.effects[3].effect.mean == Approx(-6));
  CHECK(comparison.effects[3].direction == "fewer");
  REQUIRE(comparison.costs.size() == 2);
  CHECK(comparison.costs[1].ratio.value == Approx(101.0 / 6));
  CHECK(comparison.costs[1].units == "USD/person");
}

TEST_CASE("an unknown baseline, key or metric is refused with the closest name", "[compare]") {
  const Grid grid;
  CHECK_THROWS_WITH(grid.compare("basline"), Catch::Contains("did you mean 'baseline'"));
  CHECK_THROWS_WITH(grid.compare("aa=1"), Catch::Contains("'aa' is not a grid or sample key") &&
                                              Catch::Contains("did you mean 'a'"));
  CHECK_THROWS_WITH(grid.compare("point=9"), Catch::Contains("no point 9"));
  CHECK_THROWS_WITH(grid.compare("a=7"), Catch::Contains("no point has a=7; b=10"));
  CHECK_THROWS_AS(grid.compare("", {"victims_recruted"}), io::InputError);
  CHECK_THROWS_WITH(grid.compare("", {"victims_recruted"}),
                    Catch::Contains("did you mean 'victims_recruited'"));
}

TEST_CASE("verdicts say fewer, more or no clear change in plain words", "[compare]") {
  Grid grid;
  // convictions: point 1 clearly lower, point 2 noisy around no change
  grid.per_run["convictions"] = {10, 11, 9, 10, 8, 9, 7, 8, 14, 6, 9, 12, 12, 13, 11, 12};
  const auto comparison = grid.compare("", {"convictions"});
  CHECK(row(comparison, 1).verdict.rfind("clearly fewer convictions (-20%", 0) == 0);
  CHECK(row(comparison, 2).direction == "unclear");
  CHECK(row(comparison, 2).verdict.find("no clear change in convictions") == 0);
  CHECK(row(comparison, 2).verdict.find("includes no change") != std::string::npos);
  CHECK(row(comparison, 3).verdict.rfind("clearly more convictions (+20%", 0) == 0);
}

TEST_CASE("cost per outcome averted only where the outcome clearly falls, negatives explained",
          "[compare]") {
  Grid grid;
  // against point 3 (the lowest outcome): every other point has more victims, none averted
  auto comparison = grid.compare("point=3");
  for (const auto& cost : comparison.costs) {
    CHECK(std::isnan(cost.ratio.value));
    CHECK(cost.note.find("nothing is averted") != std::string::npos);
  }
  // against point 0: points 1-3 avert 10, 30 and 40 at 1000 USD more per point
  comparison = grid.compare("point=0");
  REQUIRE(comparison.costs.size() == 3);
  CHECK(comparison.costs[2].ratio.value == Approx(3000.0 / 40));
  CHECK(comparison.costs[2].note.empty());
  // a cheaper configuration that averts victims: a negative cost, said to be a saving
  grid.per_run["policy_cost"] = std::vector<double>(16, 0.0);
  for (std::size_t run = 12; run < 16; ++run) grid.per_run["policy_cost"][run] = -500;
  comparison = grid.compare("point=0");
  CHECK(comparison.costs[2].ratio.value == Approx(-500.0 / 40));
  CHECK(comparison.costs[2].note.find("negative: it costs 500 USD less") == 0);
  // an outcome whose change is not clear: no cost at all
  grid.per_run["victims_recruited"] = {10, 11, 9, 10, 8, 9, 7, 8, 14, 6, 9, 12, 12, 13, 11, 12};
  comparison = grid.compare("point=0");
  CHECK(std::isnan(comparison.costs[1].ratio.value));
  CHECK(comparison.costs[1].note.find("is not clear") != std::string::npos);
}

TEST_CASE("any metric of the table can be the outcome", "[compare]") {
  Grid grid;
  batch::ComparisonOptions options;
  options.metrics = {"convictions"};
  options.outcomes = {"convictions"};
  options.baseline = "point=0";
  const auto comparison = batch::compare(grid.runs, grid.points, grid.per_run, options);
  CHECK(comparison.costs.front().outcome == "convictions");
  CHECK(comparison.costs.front().ratio.value == Approx(1000.0 / 10));
  options.outcomes = {"convictions", "nothing"};
  CHECK_THROWS_WITH(batch::compare(grid.runs, grid.points, grid.per_run, options),
                    Catch::Contains("outcome: unknown metric 'nothing'"));
}

TEST_CASE("several outcomes are costed side by side and each on its own row", "[compare]") {
  Grid grid;
  // half as many convictions as victims at every run: each one averted costs twice as much
  for (double& value : grid.per_run["convictions"]) value /= 2;
  batch::ComparisonOptions options;
  options.metrics = {"victims_recruited"};
  options.outcomes = {"victims_recruited", "convictions"};
  options.baseline = "point=0";
  const auto comparison = batch::compare(grid.runs, grid.points, grid.per_run, options);
  REQUIRE(comparison.costs.size() == 6);  // three points other than the baseline, two outcomes
  for (std::size_t i = 0; i < comparison.costs.size(); i += 2) {
    CHECK(comparison.costs[i].point == comparison.costs[i + 1].point);
    CHECK(comparison.costs[i].outcome == "victims_recruited");
    CHECK(comparison.costs[i + 1].outcome == "convictions");
    CHECK(comparison.costs[i + 1].ratio.value == Approx(2 * comparison.costs[i].ratio.value));
  }
  CHECK(comparison.costs[5].ratio.value == Approx(3000.0 / 20));
  CHECK(comparison.costs[5].averted.mean == Approx(20));
}

TEST_CASE("by default the cost is given per victim-week and per person spared", "[compare]") {
  CHECK(batch::ComparisonOptions{}.outcomes ==
        std::vector<std::string>{"victim_weeks", "people_first_trafficked"});
}
