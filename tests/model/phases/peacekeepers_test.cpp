#include "tipsim/model/phases/peacekeepers.hpp"

#include <catch2/catch.hpp>
#include <numeric>

#include "phase_fixture.hpp"

using namespace tipsim::model;
using tipsim::testing::PhaseFixture;

namespace {
double sum(const std::vector<double>& values) {
  return std::accumulate(values.begin(), values.end(), 0.0);
}
}  // namespace

TEST_CASE("the force deployed follows each contingent's troop schedule, based at its base",
          "[phases][peacekeepers]") {
  PhaseFixture f;
  const StepContext c = f.context();
  const PeacekeeperOutcome outcome = peacekeeper_phase(*f.model, c, f.world);
  CHECK(outcome.deployed[0] == 1400);  // North, at municipality-01
  CHECK(outcome.deployed[1] == 700);   // South, at municipality-02
  CHECK(sum(outcome.deployed) == 2100);
  // next week's environment sees where they are and what they bought
  CHECK(f.world.municipalities.peacekeepers == outcome.deployed);
  CHECK(f.world.municipalities.peacekeeper_purchases == outcome.purchases);
}

TEST_CASE("women in the force do not buy sex", "[phases][peacekeepers]") {
  PhaseFixture f({"policy.women_share=1", "contingent.South.women_share=1",
                  "peacekeepers.purchase_probability=1"});
  const StepContext c = f.context();
  const PeacekeeperOutcome outcome = peacekeeper_phase(*f.model, c, f.world);
  CHECK(outcome.women == 2100);
  CHECK(sum(outcome.purchases) == 0);
  CHECK(sum(outcome.facilitators) == 0);
}

TEST_CASE("without victims near a base nobody sees signs of trafficking",
          "[phases][peacekeepers]") {
  PhaseFixture f({"peacekeepers.observation_probability=1"});
  const StepContext c = f.context();
  CHECK(sum(peacekeeper_phase(*f.model, c, f.world).reports) == 0);
  StepContext seen = c;
  seen.victims_local[0] = 1000;
  seen.victims_seen[0] = 1000;  // none hidden
  f.world.week = 1;
  CHECK(peacekeeper_phase(*f.model, seen, f.world).reports[0] > 0);
}

TEST_CASE("a convicted peacekeeper's slot stays empty until the next rotation",
          "[phases][peacekeepers]") {
  PhaseFixture f({"peacekeepers.purchase_probability=1", "peacekeepers.propensity_spread=0",
                  "peacekeepers.witness_probability=1", "peacekeepers.reporting_confidential=1",
                  "policy.home_prosecution=1", "contingent.South.home_prosecution=1",
                  "policy.women_share=0", "peacekeepers.deterrence=0",
                  "peacekeepers.women_effect=0", "contingent.South.women_share=0",
                  "policy.predeployment_training=0", "demand.local=1000000"});
  StepContext c = f.context();
  std::fill(c.availability.begin(), c.availability.end(), 1.0);
  const PeacekeeperOutcome first = peacekeeper_phase(*f.model, c, f.world);
  CHECK(first.convictions == 2100);  // every man bought, was seen, reported and convicted
  f.world.week = 1;
  c.week = 1;
  const PeacekeeperOutcome second = peacekeeper_phase(*f.model, c, f.world);
  // only slots whose tour turned over this week are filled again
  CHECK(sum(second.deployed) < 2100 * 0.1);
}

TEST_CASE(
    "pre-deployment training is paid for everyone deployed trained, the force of the first week "
    "too",
    "[phases][peacekeepers]") {
  PhaseFixture f({"policy.predeployment_training=1", "contingent.South.predeployment_training=1",
                  "costs.predeployment_training=300", "costs.infield_training=500"});
  const PeacekeeperOutcome first = peacekeeper_phase(*f.model, f.context(), f.world);
  CHECK(first.trained == 2100);
  CHECK(first.training_cost == 300.0 * 2100);
  // the week after, only those whose tour begins are new, and trained
  f.world.week = 1;
  const PeacekeeperOutcome second = peacekeeper_phase(*f.model, f.context(), f.world);
  CHECK(second.trained == 2100);
  CHECK(second.training_cost == 300.0 * (1400 / 26 + 700 / 17));
}

TEST_CASE("in-field training, once given, lasts the tour when the schedule falls",
          "[phases][peacekeepers]") {
  PhaseFixture f({"policy.predeployment_training=0", "contingent.South.predeployment_training=0",
                  "policy.infield_training=[[1999.5, 0.5], [1999.6, 0]]",
                  "costs.infield_training=500"});
  double trained = 0, cost = 0;
  for (std::uint32_t week = 0; week < 4; ++week) {
    f.world.week = week;
    const PeacekeeperOutcome outcome = peacekeeper_phase(*f.model, f.context(), f.world);
    if (week == 3) trained = outcome.trained;
    cost += outcome.training_cost;
  }
  // half a chance a week for the weeks before 1999.6 (about five), then none: most are trained
  // and stay so, and each is paid for once
  CHECK(trained > 1500);
  CHECK(cost <= 500.0 * 2100);
  f.world.week = 8;
  const PeacekeeperOutcome later = peacekeeper_phase(*f.model, f.context(), f.world);
  CHECK(later.training_cost == 0);  // a falling schedule trains nobody new and untrains nobody
}

TEST_CASE("propensity to buy has mean one whatever its spread", "[phases][peacekeepers]") {
  PhaseFixture f({"peacekeepers.propensity_spread=0.5"});
  peacekeeper_phase(*f.model, f.context(), f.world);
  double sum = 0, n = 0;
  for (const ContingentSlots& slots : f.world.contingents)
    for (float propensity : slots.propensity) {
      sum += propensity;
      n += 1;
    }
  // 2,100 draws of a log-normal with sd 0.5 in logs: the mean is one within 0.04 (over three
  // standard errors); exp(0.5 Z) alone would have mean 1.13
  CHECK(sum / n == Approx(1.0).margin(0.04));
}

TEST_CASE("a colleague reports a purchase at the trained rate as often as colleagues are trained",
          "[phases][peacekeepers]") {
  double reports[2] = {0, 0};
  for (int trained = 0; trained < 2; ++trained) {
    PhaseFixture f({"peacekeepers.purchase_probability=1", "peacekeepers.propensity_spread=0",
                    "peacekeepers.deterrence=0", "peacekeepers.women_effect=0",
                    "policy.women_share=0", "contingent.South.women_share=0",
                    "peacekeepers.witness_probability=1", "peacekeepers.reporting_confidential=0.1",
                    "peacekeepers.reporting_training=5", "peacekeepers.training_effect=0",
                    "policy.home_prosecution=0", "contingent.South.home_prosecution=0",
                    "policy.predeployment_training=" + std::to_string(trained),
                    "contingent.South.predeployment_training=" + std::to_string(trained)});
    StepContext c = f.context();
    std::fill(c.availability.begin(), c.availability.end(), 1.0);
    reports[trained] = peacekeeper_phase(*f.model, c, f.world).misconduct_reports;
  }
  CHECK(reports[0] == Approx(2100 * 0.1).margin(50));
  CHECK(reports[1] == Approx(2100 * 0.5).margin(100));
}

TEST_CASE("restraint follows the women actually deployed, not the schedule",
          "[phases][peacekeepers]") {
  // the schedule turns to all women a week into the run; those deployed stay men until their
  // tour ends, so purchases barely change that week
  PhaseFixture f({"policy.women_share=[[1999.5, 0], [1999.52, 1]]",
                  "contingent.South.women_share=0", "peacekeepers.women_effect=4",
                  "peacekeepers.purchase_probability=0.3", "peacekeepers.deterrence=0",
                  "peacekeepers.propensity_spread=0"});
  double purchases[2];
  for (std::uint32_t week = 0; week < 2; ++week) {
    f.world.week = week;
    StepContext c = f.context();
    std::fill(c.availability.begin(), c.availability.end(), 1.0);
    purchases[week] = peacekeeper_phase(*f.model, c, f.world).purchases[0];
  }
  CHECK(purchases[1] > 0.8 * purchases[0]);
}
