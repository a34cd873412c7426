#include "tipsim/model/phases/authorities.hpp"

#include <catch2/catch.hpp>

#include "phase_fixture.hpp"

using namespace tipsim::model;
using tipsim::testing::PhaseFixture;

TEST_CASE("without leads nobody is investigated", "[phases][authorities]") {
  PhaseFixture f({"authorities.patrol_leads=0", "authorities.community_tips=0"});
  for (std::uint32_t k = 0; k < 20; ++k) f.activate(k, 0);
  const StepContext c = f.context();
  const AuthorityOutcome outcome = authority_phase(*f.model, c, PeacekeeperOutcome(6), f.world);
  CHECK(outcome.investigations == 0);
  CHECK(outcome.arrests == 0);
}

TEST_CASE("peacekeepers' reports become investigations up to police capacity",
          "[phases][authorities]") {
  PhaseFixture f({"authorities.patrol_leads=0", "authorities.community_tips=0",
                  "policy.police_capacity=1000000"});
  f.activate(0, 0);
  const StepContext c = f.context();
  PeacekeeperOutcome reports(6);
  reports.reports[0] = 7;
  CHECK(authority_phase(*f.model, c, reports, f.world).investigations == 7);
}

TEST_CASE("full enforcement with honest officials arrests every investigated trafficker",
          "[phases][authorities]") {
  PhaseFixture f({"traffickers.initially_active=0", "authorities.patrol_leads=1",
                  "policy.police_capacity=1000000", "policy.enforcement=1",
                  "authorities.rule_of_law_initial=1", "authorities.corruption=0",
                  "policy.prosecution=1", "policy.conviction=1", "policy.sentence_weeks=26"});
  for (std::uint32_t k = 0; k < 50; ++k) f.activate(k, 0);
  StepContext c = f.context();
  std::fill(c.corruption.begin(), c.corruption.end(), 0.0);
  const double prior = f.world.municipalities.perceived_risk[0];
  const AuthorityOutcome outcome = authority_phase(*f.model, c, PeacekeeperOutcome(6), f.world);
  REQUIRE(outcome.arrests > 0);
  CHECK(outcome.convictions == outcome.arrests);
  CHECK(outcome.arrests_in[0] == outcome.arrests);
  double in_custody = 0;
  for (std::uint32_t k = 0; k < 50; ++k)
    if (f.world.traffickers.status[k] == TraffickerStatus::in_custody) {
      in_custody += 1;
      CHECK(f.world.traffickers.custody_until[k] == 26);
    }
  CHECK(in_custody == outcome.arrests);
  // traffickers there update the arrest risk they expect towards what they saw (12-week memory);
  // where nobody trafficked, nothing was seen
  CHECK(f.world.municipalities.perceived_risk[0] ==
        Approx(prior + (outcome.arrests / 50 - prior) / 12));
  // where nobody traffics the news from elsewhere moves expectations the same way
  CHECK(f.world.municipalities.perceived_risk[1] ==
        Approx(prior + (outcome.arrests / 50 - prior) / 12));
}

TEST_CASE("a corrupt official takes the bribe instead of arresting", "[phases][authorities]") {
  PhaseFixture f({"traffickers.initially_active=0", "authorities.patrol_leads=1",
                  "policy.police_capacity=1000000", "policy.enforcement=1",
                  "authorities.rule_of_law_initial=1", "traffickers.bribe=1000"});
  for (std::uint32_t k = 0; k < 50; ++k) f.activate(k, 0);
  StepContext c = f.context();
  std::fill(c.corruption.begin(), c.corruption.end(), 1.0);
  const AuthorityOutcome outcome = authority_phase(*f.model, c, PeacekeeperOutcome(6), f.world);
  CHECK(outcome.arrests == 0);
  CHECK(outcome.bribes == 1000 * outcome.investigations);
}

TEST_CASE("bribes paid come back as the cost traffickers expect there", "[phases][authorities]") {
  PhaseFixture f({"traffickers.initially_active=0", "authorities.patrol_leads=1",
                  "policy.police_capacity=1000000", "authorities.rule_of_law_initial=1",
                  "traffickers.bribe=1000"});
  for (std::uint32_t k = 0; k < 50; ++k) f.activate(k, 0);
  StepContext c = f.context();
  std::fill(c.corruption.begin(), c.corruption.end(), 1.0);
  const AuthorityOutcome outcome = authority_phase(*f.model, c, PeacekeeperOutcome(6), f.world);
  REQUIRE(outcome.bribes > 0);
  CHECK(f.world.municipalities.perceived_bribes[0] == Approx(outcome.bribes / 50 / 12));
}

TEST_CASE("enforcement set for one municipality arrests there and nowhere else",
          "[phases][authorities][local]") {
  PhaseFixture f({"traffickers.initially_active=0", "authorities.patrol_leads=1",
                  "policy.police_capacity=1000000", "policy.enforcement=0",
                  "authorities.rule_of_law_initial=1",
                  "local={ municipalities = [\"municipality-01\"], \"policy.enforcement\" = 1, "
                  "\"policy.sentence_weeks\" = 52, \"policy.prosecution\" = 1, "
                  "\"policy.conviction\" = 1 }"});
  for (std::uint32_t k = 0; k < 40; ++k) f.activate(k, k < 20 ? 0 : 1);
  StepContext c = f.context();
  CHECK(c.enforcement[0] == 1);
  CHECK(c.enforcement[1] == 0);
  std::fill(c.corruption.begin(), c.corruption.end(), 0.0);
  const AuthorityOutcome outcome = authority_phase(*f.model, c, PeacekeeperOutcome(6), f.world);
  REQUIRE(outcome.investigations_in[1] > 0);
  CHECK(outcome.arrests_in[0] > 0);
  CHECK(outcome.arrests_in[1] == 0);
  for (std::uint32_t k = 0; k < 20; ++k)
    if (f.world.traffickers.status[k] == TraffickerStatus::in_custody)
      CHECK(f.world.traffickers.custody_until[k] == 52);
}

TEST_CASE("where the rule of law is absent the police there find no traffickers",
          "[phases][authorities][local]") {
  PhaseFixture f({"traffickers.initially_active=0", "authorities.patrol_leads=1",
                  "policy.police_capacity=1000000", "policy.enforcement=1",
                  "authorities.rule_of_law_initial=1", "policy.rule_of_law_target=1",
                  "authorities.corruption=0",
                  "local={ municipalities = [\"municipality-01\"], "
                  "\"authorities.rule_of_law_initial\" = 0, \"policy.rule_of_law_target\" = 0 }"});
  for (std::uint32_t k = 0; k < 20; ++k) f.activate(k, 0);
  for (std::uint32_t k = 20; k < 40; ++k) f.activate(k, 1);
  StepContext c = f.context();
  CHECK(c.rule_of_law[0] == 0);
  CHECK(c.rule_of_law[1] == 1);
  const AuthorityOutcome outcome = authority_phase(*f.model, c, PeacekeeperOutcome(6), f.world);
  CHECK(outcome.investigations_in[0] == 0);
  CHECK(outcome.arrests_in[0] == 0);
  CHECK(outcome.arrests_in[1] > 0);
}
