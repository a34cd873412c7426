#include "tipsim/batch/summary.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>

#include "tipsim/batch/plan.hpp"
#include "tipsim/io/batch_file.hpp"
#include "tipsim/io/scenario_file.hpp"
#include "tipsim/model/simulation.hpp"

using namespace tipsim;

TEST_CASE("quantiles interpolate between order statistics", "[summary]") {
  CHECK(batch::quantile({3, 1, 2, 4, 5}, 0.5) == 3);
  CHECK(batch::quantile({1, 2, 3, 4, 5}, 0.05) == Approx(1.2));
  CHECK(batch::quantile({1, 2, 3, 4, 5}, 0.95) == Approx(4.8));
  CHECK(batch::quantile({7}, 0.3) == 7);
}

TEST_CASE("the interval of a mean uses Student's t", "[summary]") {
  // mean 5, sample sd 2.138, n 8, t(0.975, 7) = 2.3646
  const auto interval = batch::mean_interval({2, 4, 4, 4, 5, 5, 7, 9});
  CHECK(interval.mean == 5);
  CHECK(interval.high - interval.mean == Approx(2.3646 * 2.13809 / std::sqrt(8.0)).epsilon(1e-4));
  CHECK(std::isnan(batch::mean_interval({1}).low));
}

TEST_CASE("flows are summed over a run and stocks averaged", "[summary]") {
  model::RunData data;
  data.series.assign(model::metric_count, {1, 2, 3});
  const auto reduced = batch::reduce_run(data);
  CHECK(reduced[static_cast<std::size_t>(model::Metric::victims_recruited)] == 6);
  CHECK(reduced[static_cast<std::size_t>(model::Metric::traffickers_active)] == 2);
  CHECK(model::metric_table()[static_cast<std::size_t>(model::Metric::trafficker_revenue)]
            .run_units() == "USD");
}

TEST_CASE("common random numbers make paired differences far less variable than unpaired ones",
          "[summary][crn]") {
  model::Scenario baseline = io::load_scenario(TIPSIM_TEST_DATA "/small.toml");
  // training from 2002: until then the paired runs are the same run, after it they share
  // every draw the policy does not touch
  model::Scenario training = baseline;
  io::apply_override(training, "policy.predeployment_training=[[1999.5, 0.1], [2002.0, 1.0]]");
  const std::size_t replicates = 12;
  std::vector<double> base_purchases, policy_purchases;
  for (std::uint32_t r = 0; r < replicates; ++r) {
    for (auto* pair : {&baseline, &training}) {
      model::Simulation simulation(*pair, 99, r);
      model::MetricsRecorder recorder;
      simulation.run(recorder);
      (pair == &baseline ? base_purchases : policy_purchases)
          .push_back(recorder.total(model::Metric::peacekeeper_purchases));
    }
  }
  auto variance = [](const std::vector<double>& values) {
    const double mean = std::accumulate(values.begin(), values.end(), 0.0) / values.size();
    double sum = 0;
    for (double value : values) sum += (value - mean) * (value - mean);
    return sum / (values.size() - 1);
  };
  std::vector<double> paired, unpaired;
  for (std::size_t r = 0; r < replicates; ++r) {
    paired.push_back(policy_purchases[r] - base_purchases[r]);
    unpaired.push_back(policy_purchases[r] - base_purchases[(r + 1) % replicates]);
  }
  INFO("paired variance " << variance(paired) << ", unpaired " << variance(unpaired));
  CHECK(variance(paired) < 0.25 * variance(unpaired));
}

TEST_CASE("cost per outcome averted is extra cost over outcomes averted, with a bootstrap interval",
          "[summary]") {
  const auto ratio = batch::cost_per_outcome_averted({100, 120, 80, 100}, {10, 12, 8, 10});
  CHECK(ratio.value == Approx(10));
  // every resample has the same ratio here
  CHECK(ratio.low == Approx(10));
  CHECK(ratio.high == Approx(10));
  const auto spread = batch::cost_per_outcome_averted({100, 300, 50, 200}, {10, 12, 8, 10});
  CHECK(spread.low < spread.value);
  CHECK(spread.value < spread.high);
  // nothing averted on average: no cost per outcome averted
  CHECK(std::isnan(batch::cost_per_outcome_averted({100, 100}, {-1, 0.5}).value));
  // averted only now and then: the ratio is unbounded, so no interval
  const auto unstable = batch::cost_per_outcome_averted({100, 100, 100, 100}, {-5, -5, -5, 16});
  CHECK(unstable.value == Approx(100.0 / 0.25));
  CHECK(std::isnan(unstable.low));
}

TEST_CASE("a cost per unit averted is given only where the runs show the outcome averted",
          "[summary]") {
  // averted on average but not clearly (the interval includes none): no ratio
  CHECK(std::isnan(batch::cost_per_clearly_averted({100, 100, 100}, {30, -10, 1}).value));
  CHECK(std::isnan(batch::cost_per_clearly_averted({100, 100}, {-3, -4}).value));
  CHECK(batch::cost_per_clearly_averted({100, 120, 80, 100}, {10, 12, 8, 10}).value == Approx(10));
}

TEST_CASE("a batch summary costs each configuration per victim-week and per person spared",
          "[summary]") {
  // the small batch: baseline and training at two points, four replicates, by variant then point
  const batch::BatchPlan plan(io::load_batch(TIPSIM_TEST_DATA "/small-batch.toml"));
  const auto& metrics = model::metric_table();
  const auto index = [&](std::string_view name) {
    std::size_t m = 0;
    while (metrics[m].name != name) ++m;
    return m;
  };
  std::vector<std::vector<double>> reduced(16, std::vector<double>(model::metric_count, 0.0));
  for (std::size_t run = 0; run < 16; ++run) {
    const bool training = run >= 8;
    const double replicate = static_cast<double>(run % 4);
    reduced[run][index("victim_weeks")] = 1000 + 10 * replicate - (training ? 200 + replicate : 0);
    reduced[run][index("people_first_trafficked")] = 50 + replicate - (training ? 4 : 0);
    reduced[run][index("policy_cost")] = training ? 8000 + 100 * replicate : 0;
  }
  const io::SummaryTable table = batch::summarize(plan, reduced);
  REQUIRE(table.costs.size() == 2);
  const auto& weeks = table.costs[0];
  const auto& people = table.costs[1];
  CHECK(weeks.outcome == "victim_weeks");
  CHECK(weeks.units == "USD/victim-week");
  CHECK(people.outcome == "people_first_trafficked");
  CHECK(people.units == "USD/person");
  REQUIRE(weeks.rows.size() == 4);
  // the baseline against itself: nothing extra, nothing averted, no ratio
  CHECK(weeks.rows[0][0] == 0);
  CHECK(std::isnan(weeks.rows[0][4]));
  // training: 8,150 USD more for 201.5 victim-weeks and 4 people spared on average
  CHECK(weeks.rows[2][0] == Approx(8150));
  CHECK(weeks.rows[2][1] == Approx(201.5));
  CHECK(weeks.rows[2][4] == Approx(8150 / 201.5));
  CHECK(weeks.rows[3][4] == Approx(8150 / 201.5));
  CHECK(people.rows[2][4] == Approx(8150 / 4.0));
  CHECK(people.rows[2][5] == Approx(8150 / 4.0).epsilon(0.02));
}
