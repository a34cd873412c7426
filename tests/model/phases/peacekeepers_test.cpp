#include "tipsim/model/phases/peacekeepers.hpp"

#include <catch2/catch.hpp>
#include <cmath>
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

TEST_CASE("a contingent with a sector stations its units over it in turn and buys where they are",
          "[phases][peacekeepers]") {
  PhaseFixture f({R"(contingent.North.sector=["municipality-01", "municipality-04"])",
                  "peacekeepers.purchase_probability=1"});
  const StepContext c = f.context();
  const PeacekeeperOutcome outcome = peacekeeper_phase(*f.model, c, f.world);
  // North's 1,400 in units of 30: units 0, 2, ..., 46 (the last one of 20) at municipality-01,
  // units 1, 3, ..., 45 at municipality-04
  CHECK(outcome.deployed[0] == 23 * 30 + 20);
  CHECK(outcome.deployed[3] == 23 * 30);
  CHECK(outcome.deployed[1] == 700);  // South, at its base alone
  CHECK(outcome.purchases[0] > 0);
  CHECK(outcome.purchases[3] > 0);
  CHECK(sum(outcome.purchases) == outcome.all.purchases);
  CHECK(f.world.municipalities.peacekeepers == outcome.deployed);
}

TEST_CASE("women in the force do not buy sex", "[phases][peacekeepers]") {
  PhaseFixture f({"policy.women_share=1", "contingent.South.women_share=1",
                  "peacekeepers.purchase_probability=1"});
  const StepContext c = f.context();
  const PeacekeeperOutcome outcome = peacekeeper_phase(*f.model, c, f.world);
  CHECK(outcome.all.women == 2100);
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
                  "contingent.South.women_share=0", "peacekeepers.conformity=0",
                  "policy.predeployment_training=0", "demand.local=1000000"});
  StepContext c = f.context();
  std::fill(c.availability.begin(), c.availability.end(), 1.0);
  const PeacekeeperOutcome first = peacekeeper_phase(*f.model, c, f.world);
  // a rate of one a week: about 1 - 1/e of the men buy, and each is reported and convicted
  // unless the colleague who saw it was convicted before (a vacancy sees nothing)
  CHECK(first.all.convictions > 900);
  CHECK(first.all.convictions <= 2100 * (1 - std::exp(-1.0)) + 70);
  f.world.week = 1;
  c.week = 1;
  const PeacekeeperOutcome second = peacekeeper_phase(*f.model, c, f.world);
  // the convicted stay away; only units whose tour turned over this week are whole again (one
  // unit of 30 in each contingent)
  CHECK(sum(second.deployed) <= 2100 - first.all.convictions + 60);
}

TEST_CASE(
    "pre-deployment training is paid for everyone deployed trained, the force of the first week "
    "too",
    "[phases][peacekeepers]") {
  PhaseFixture f({"policy.predeployment_training=1", "contingent.South.predeployment_training=1",
                  "costs.predeployment_training=300", "costs.infield_training=500"});
  const PeacekeeperOutcome first = peacekeeper_phase(*f.model, f.context(), f.world);
  CHECK(first.all.trained == 2100);
  CHECK(first.training_cost == 300.0 * 2100);
  // the week after, only those whose tour begins are new, and trained
  f.world.week = 1;
  const PeacekeeperOutcome second = peacekeeper_phase(*f.model, f.context(), f.world);
  CHECK(second.all.trained == 2100);
  // units rotate as one: one unit of 30 in each contingent begins its tour
  CHECK(second.training_cost == 300.0 * (30 + 30));
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
    if (week == 3) trained = outcome.all.trained;
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

TEST_CASE("the colleague who sees a purchase reports it at their own rate",
          "[phases][peacekeepers]") {
  double ratio[2] = {0, 0};
  for (int trained = 0; trained < 2; ++trained) {
    PhaseFixture f({"peacekeepers.purchase_probability=1", "peacekeepers.propensity_spread=0",
                    "peacekeepers.deterrence=0", "peacekeepers.conformity=0",
                    "policy.women_share=0", "contingent.South.women_share=0",
                    "peacekeepers.witness_probability=1", "peacekeepers.reporting_confidential=0.1",
                    "peacekeepers.reporting_training=5", "policy.home_prosecution=0",
                    "contingent.South.home_prosecution=0",
                    "policy.predeployment_training=" + std::to_string(trained),
                    "contingent.South.predeployment_training=" + std::to_string(trained)});
    StepContext c = f.context();
    std::fill(c.availability.begin(), c.availability.end(), 1.0);
    const PeacekeeperOutcome outcome = peacekeeper_phase(*f.model, c, f.world);
    ratio[trained] = outcome.all.misconduct_reports / sum(outcome.purchases);
  }
  // about 1,300 purchases, each seen: a tenth reported by untrained colleagues, half by trained
  CHECK(ratio[0] == Approx(0.1).margin(0.03));
  CHECK(ratio[1] == Approx(0.5).margin(0.05));
}

TEST_CASE("women who see a purchase object and report it more often than men",
          "[phases][peacekeepers]") {
  double objections[2], reports[2], purchases[2];
  for (int women = 0; women < 2; ++women) {
    const std::string share = women ? "0.5" : "0";
    PhaseFixture f({"peacekeepers.purchase_probability=1", "peacekeepers.deterrence=0",
                    "peacekeepers.conformity=0", "peacekeepers.witness_probability=1",
                    "peacekeepers.reporting_confidential=0.1", "peacekeepers.reporting_women=3",
                    "peacekeepers.objection_men=0.1", "peacekeepers.objection_women=0.6",
                    "authorities.client_detection=0",  // colleagues' reports alone
                    "policy.home_prosecution=0", "contingent.South.home_prosecution=0",
                    "policy.women_share=" + share, "contingent.South.women_share=" + share});
    StepContext c = f.context();
    std::fill(c.availability.begin(), c.availability.end(), 1.0);
    const PeacekeeperOutcome outcome = peacekeeper_phase(*f.model, c, f.world);
    objections[women] = outcome.all.objections;
    reports[women] = outcome.all.misconduct_reports;
    purchases[women] = sum(outcome.purchases);
  }
  // with half the colleagues women, a witness objects at (0.1 + 0.6) / 2 and reports at
  // (0.11 + 0.33) / 2 (a tenth of them trained before deployment, who report twice as often),
  // against 0.1 and 0.11 among men only
  CHECK(objections[0] / purchases[0] == Approx(0.1).margin(0.03));
  CHECK(objections[1] / purchases[1] == Approx(0.35).margin(0.06));
  CHECK(reports[1] / purchases[1] == Approx(0.22).margin(0.05));
  CHECK(purchases[1] < 0.6 * purchases[0]);  // half as many men
}

TEST_CASE("a unit learns the sanctions it sees and an arriving unit what the contingent saw",
          "[phases][peacekeepers]") {
  // every purchase seen by a colleague still there is reported and punished: the sanction
  // expected climbs (deterrence is off, so that the men go on buying and showing it)
  PhaseFixture f({"peacekeepers.purchase_probability=0.5", "peacekeepers.witness_probability=1",
                  "peacekeepers.reporting_confidential=1", "policy.home_prosecution=1",
                  "contingent.South.home_prosecution=1", "peacekeepers.sanction_memory=4",
                  "peacekeepers.briefed_detection=0", "peacekeepers.deterrence=0"});
  double expected[3] = {0, 0, 0};
  for (std::uint32_t week = 0; week < 3; ++week) {
    f.world.week = week;
    StepContext c = f.context();
    std::fill(c.availability.begin(), c.availability.end(), 1.0);
    const InternationalTally all = peacekeeper_phase(*f.model, c, f.world).all;
    expected[week] = all.expected_sanction / all.deployed;  // the mean of those deployed
  }
  CHECK(expected[0] == 0);    // nothing told, nothing seen yet
  CHECK(expected[1] > 0.15);  // a quarter of the way towards one after a week (1 - exp(-1/4))
  CHECK(expected[2] > expected[1]);
  // the contingent's lore has learnt it too, and units arriving inherit it
  CHECK(f.world.contingents[0].expected_sanction_contingent > 0.3);
}

TEST_CASE("civilian internationals behave by the same rules and are counted apart",
          "[phases][peacekeepers]") {
  PhaseFixture f({"contingent.South.kind=\"civilian\"", "peacekeepers.purchase_probability=1"});
  StepContext c = f.context();
  std::fill(c.availability.begin(), c.availability.end(), 1.0);
  const PeacekeeperOutcome outcome = peacekeeper_phase(*f.model, c, f.world);
  CHECK(outcome.civilians.deployed == 700);  // South
  CHECK(outcome.all.deployed == 2100);
  // they buy where they are based, like the force, and the market sees them all
  CHECK(outcome.civilians.purchases > 0);
  CHECK(outcome.civilians.purchases == outcome.purchases[1]);
  CHECK(outcome.all.purchases == sum(outcome.purchases));
}

TEST_CASE(
    "local police hand identified internationals to the mission unless local courts may "
    "try them",
    "[phases][peacekeepers]") {
  // every purchase is from a victim, and the police raid every venue: each client is identified
  const std::vector<std::string> caught{"peacekeepers.purchase_probability=1",
                                        "peacekeepers.witness_probability=0",
                                        "authorities.client_detection=1",
                                        "policy.home_prosecution=0",
                                        "contingent.South.home_prosecution=0",
                                        "policy.prosecution=1",
                                        "policy.conviction=1",
                                        "policy.women_share=0",
                                        "contingent.South.women_share=0"};
  const auto week = [&](const std::string& jurisdiction) {
    std::vector<std::string> overrides = caught;
    overrides.push_back("policy.local_jurisdiction=" + jurisdiction);
    overrides.push_back("contingent.South.local_jurisdiction=" + jurisdiction);
    PhaseFixture f(overrides);
    std::fill(f.world.municipalities.perceived_risk.begin(),
              f.world.municipalities.perceived_risk.end(), 50.0);  // an arrest is certain
    StepContext c = f.context();
    std::fill(c.availability.begin(), c.availability.end(), 1.0);
    std::fill(c.trafficked_share.begin(), c.trafficked_share.end(), 1.0);
    std::fill(c.corruption.begin(), c.corruption.end(), 0.0);
    return peacekeeper_phase(*f.model, c, f.world).all;
  };
  const InternationalTally immune = week("0");
  CHECK(immune.purchases > 900);
  CHECK(immune.caught_locally == immune.purchases);
  CHECK(immune.misconduct_reports == immune.caught_locally);  // handed over, all of them
  CHECK(immune.convicted_locally == 0);
  CHECK(immune.convictions == 0);  // and nobody at home prosecutes

  const InternationalTally local = week("1");
  CHECK(local.caught_locally == local.purchases);
  CHECK(local.misconduct_reports == 0);
  CHECK(local.prosecuted_locally == local.caught_locally);
  CHECK(local.convicted_locally == local.caught_locally);  // honest courts convict everyone
}
