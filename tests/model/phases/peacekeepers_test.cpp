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

TEST_CASE("pre-deployment training is charged when a trained peacekeeper's tour begins",
          "[phases][peacekeepers]") {
  PhaseFixture f({"policy.predeployment_training=1", "contingent.South.predeployment_training=1",
                  "costs.predeployment_training=300"});
  const StepContext c = f.context();
  const PeacekeeperOutcome outcome = peacekeeper_phase(*f.model, c, f.world);
  CHECK(outcome.trained == 2100);
  CHECK(outcome.training_cost > 0);
  CHECK(outcome.training_cost ==
        300.0 * (1400 / 26 + (1400 % 26 ? 1 : 0) + 700 / 17 + (700 % 17 ? 1 : 0)));
}
