// The same country at any population.scale: the first five years of the baseline at 1, 4 and
// 10 people per agent, over 40 seeds each. Every output, reduced to one number per run as the batch
// summary does (flows summed, stocks and indices averaged), must agree with scale 1: the difference
// of the means lies within its 95% Welch interval, family-wise over all the comparisons
// (Bonferroni), plus a thousandth for the deterministic rounding of troops to whole agents. The
// table of means is written to population-scale.md in the test's folder.

#include <boost/math/distributions/students_t.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <map>

#include "tipsim/batch/summary.hpp"
#include "tipsim/io/scenario_file.hpp"
#include "tipsim/model/run.hpp"

using namespace tipsim;

namespace {

struct Sample {
  double mean = 0, variance = 0;
  std::size_t n = 0;
};

Sample describe(const std::vector<double>& values) {
  Sample sample;
  sample.n = values.size();
  for (double value : values) sample.mean += value / static_cast<double>(sample.n);
  for (double value : values)
    sample.variance += (value - sample.mean) * (value - sample.mean) / (sample.n - 1.0);
  return sample;
}

}  // namespace

TEST_CASE("the baseline gives the same country at population scales 1, 4 and 10", "[scale]") {
  const std::vector<double> scales{1, 4, 10};
  const std::uint64_t seeds = 40;
  // per scale and metric, one number per seed
  std::map<double, std::vector<std::vector<double>>> reduced;
  for (double scale : scales) {
    model::Scenario scenario = io::embedded_baseline();
    io::apply_override(scenario, "time.years=5");  // the first five years: the force at its largest
    io::apply_override(scenario, "population.scale=" + std::to_string(static_cast<int>(scale)));
    for (std::uint64_t seed = 1; seed <= seeds; ++seed)
      reduced[scale].push_back(batch::reduce_run(model::run(model::compile(scenario, seed)).data));
  }
  const std::size_t comparisons = (scales.size() - 1) * model::metric_count;
  const double t =
      boost::math::quantile(boost::math::students_t(2 * seeds - 2), 1 - 0.025 / comparisons);

  std::ofstream table("population-scale.md");
  table << "| metric | scale 1 | scale 4 | scale 10 |\n|---|---|---|---|\n";
  for (std::size_t m = 0; m < model::metric_count; ++m) {
    const std::string name(model::metric_table()[m].name);
    std::map<double, Sample> samples;
    for (double scale : scales) {
      std::vector<double> values;
      for (const auto& run : reduced[scale]) values.push_back(run[m]);
      samples[scale] = describe(values);
    }
    table << "| " << name;
    for (double scale : scales)
      table << " | " << samples[scale].mean << " ± "
            << t * std::sqrt(samples[scale].variance / seeds);
    table << " |\n";
    for (double scale : {4.0, 10.0}) {
      const Sample& fine = samples[1];
      const Sample& coarse = samples[scale];
      const double allowed = t * std::sqrt(fine.variance / fine.n + coarse.variance / coarse.n) +
                             1e-3 * std::abs(fine.mean);
      INFO(name << " at scale " << scale << ": " << coarse.mean << " against " << fine.mean
                << " (allowed +-" << allowed << ")");
      CHECK(std::abs(coarse.mean - fine.mean) <= allowed);
    }
  }
}
