// The Kosovo baseline as a destination (scenarios/destination.toml): its traffickers may buy
// victims from four source regions abroad or recruit at home, a choice made place by place and
// week by week on what each kind of victim is worth to them. Nothing in the scenario says how
// many are bought; these tests check what the choice gives, at ten people per agent over the
// first three years, 20 replicates.

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "paired_runs.hpp"

using namespace tipsim;
using namespace tipsim::testing;
using model::Metric;

namespace {

std::shared_ptr<const model::CompiledModel> destination(const std::vector<std::string>& overrides) {
  model::Scenario scenario = io::load_scenario(TIPSIM_SOURCE_DIR "/scenarios/destination.toml");
  io::apply_override(scenario, "time.years=3");
  io::apply_override(scenario, "population.scale=10");
  for (const std::string& assignment : overrides) io::apply_override(scenario, assignment);
  return model::compile(scenario, 5);
}

std::vector<double> shares(const std::vector<double>& part, const std::vector<double>& whole) {
  std::vector<double> out;
  for (std::size_t r = 0; r < part.size(); ++r) out.push_back(part[r] / std::max(1.0, whole[r]));
  return out;
}

}  // namespace

TEST_CASE("the Kosovo destination market is supplied mostly from abroad in its first years",
          "[destination][imports]") {
  const auto compiled = destination({});
  const std::size_t two_years = 104;
  const auto identified = readings(compiled, weeks(Metric::victims_identified, 0, two_years));
  const auto foreign = readings(compiled, weeks(Metric::victims_identified_foreign, 0, two_years));
  const auto local_weeks = readings(compiled, weeks(Metric::victim_weeks_local, 0, two_years));
  const auto in_transit =
      readings(compiled, weeks(Metric::foreign_victims_in_transit, 0, two_years));
  const auto foreign_weeks = readings(compiled, weeks(Metric::victim_weeks_foreign, 0, two_years));
  std::vector<double> bought_weeks;  // exploited here, not on the way in
  for (std::size_t r = 0; r < foreign_weeks.size(); ++r)
    bought_weeks.push_back(foreign_weeks[r] - in_transit[r]);
  const auto identified_share = batch::mean_interval(shares(foreign, identified));
  const auto market_share = batch::mean_interval(shares(bought_weeks, local_weeks));
  INFO("share bought abroad, first two years, mean [95% interval]: of the identified "
       << identified_share.mean << " [" << identified_share.low << ", " << identified_share.high
       << "]; of the weeks of exploitation in the country " << market_share.mean << " ["
       << market_share.low << ", " << market_share.high << "]");
  CHECK(identified_share.low > 0.5);
  CHECK(market_share.low > 0.5);
}

TEST_CASE(
    "traffickers buy fewer victims abroad when the price there rises and none when no one sells",
    "[destination][imports]") {
  const auto bought = whole(Metric::victims_bought_abroad);
  const auto recruited = whole(Metric::victims_recruited);
  const auto base = destination({});
  std::vector<std::string> dearer, closed;
  for (const char* region : {"Moldova", "Romania", "Ukraine", "Bulgaria"}) {
    dearer.push_back(std::string("source_region.") + region + ".price=5800");
    closed.push_back(std::string("source_region.") + region + ".supply=0");
  }
  const auto base_bought = readings(base, bought);
  const auto base_recruited = readings(base, recruited);
  const auto fewer = paired(readings(destination(dearer), bought), base_bought);
  const auto more_at_home = paired(readings(destination(dearer), recruited), base_recruited);
  INFO("price abroad x4: bought " << fewer.mean << " [" << fewer.low << ", " << fewer.high
                                  << "] of " << mean(base_bought) << "; recruited at home "
                                  << more_at_home.mean << " [" << more_at_home.low << ", "
                                  << more_at_home.high << "] of " << mean(base_recruited));
  CHECK(fewer.high < 0);
  CHECK(more_at_home.low > 0);
  for (double none : readings(destination(closed), bought)) CHECK(none == 0);
}
