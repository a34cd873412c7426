#include "tipsim/batch/summary.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>

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
