#include "tipsim/model/phases/victims.hpp"

#include <catch2/catch.hpp>

#include "phase_fixture.hpp"

using namespace tipsim::model;
using tipsim::testing::PhaseFixture;

TEST_CASE("victims of an arrested trafficker are found and listed for assistance",
          "[phases][victims]") {
  PhaseFixture f;
  f.activate(0, 0);
  f.hold(100, 0, PersonState::exploited_local);
  f.hold(101, 0, PersonState::recruited);
  f.world.traffickers.status[0] = TraffickerStatus::in_custody;
  const StepContext c = f.context();
  const VictimOutcome outcome = victim_phase(*f.model, c, f.world.victims.size(), f.world);
  CHECK(outcome.identified_total == 2);
  CHECK(outcome.to_assist == std::vector<std::uint32_t>{0, 1});
  CHECK(outcome.identified[0] == 2);
}

TEST_CASE("victims on their way abroad are found when their trafficker is arrested",
          "[phases][victims]") {
  PhaseFixture f;
  f.activate(0, 0);
  f.hold(100, 0, PersonState::in_transit, 3);
  f.world.traffickers.status[0] = TraffickerStatus::in_custody;
  const VictimOutcome outcome =
      victim_phase(*f.model, f.context(), f.world.victims.size(), f.world);
  CHECK(outcome.identified_total == 1);
  CHECK(outcome.exported == 0);
}

TEST_CASE("victims of a trafficker who quit are let go, unassisted", "[phases][victims]") {
  PhaseFixture f;
  f.activate(0, 0);
  f.hold(100, 0, PersonState::exploited_local);
  f.world.traffickers.status[0] = TraffickerStatus::inactive;
  const StepContext c = f.context();
  const VictimOutcome outcome = victim_phase(*f.model, c, f.world.victims.size(), f.world);
  CHECK(outcome.self_exited == 1);
  CHECK(f.world.people.state[100] == PersonState::returned);
  CHECK(f.world.people.has(100, trait::left_unassisted));
  CHECK(f.world.state_counts[static_cast<std::size_t>(PersonState::returned)] == 1);
}

TEST_CASE("recruits move into local exploitation or set off abroad", "[phases][victims]") {
  PhaseFixture f;
  f.activate(0, 0);
  f.hold(100, 0, PersonState::recruited);
  f.hold(101, 0, PersonState::recruited, 3);
  const StepContext c = f.context();
  victim_phase(*f.model, c, f.world.victims.size(), f.world);
  CHECK(f.world.people.state[100] == PersonState::exploited_local);
  CHECK(f.world.people.state[101] == PersonState::in_transit);
}

TEST_CASE("transit ends abroad, counted where she set off from, or at the border when intercepted",
          "[phases][victims]") {
  for (const double interception : {0.0, 1.0}) {
    PhaseFixture f({"authorities.border_interception=" + std::to_string(interception),
                    "authorities.rule_of_law_initial=1", "geography.route_risk=1"});
    f.activate(0, 0);
    f.hold(100, 0, PersonState::in_transit, 1);
    const std::uint16_t home = f.world.traffickers.municipality[0];
    const StepContext c = f.context();
    const VictimOutcome outcome = victim_phase(*f.model, c, f.world.victims.size(), f.world);
    if (interception == 0.0) {
      CHECK(outcome.exported == 1);
      CHECK(outcome.exported_from[home] == 1);
      CHECK(f.world.people.state[100] == PersonState::exploited_abroad);
    } else {
      CHECK(outcome.intercepted == 1);
      CHECK(outcome.exported_from[home] == 0);
      CHECK(outcome.to_assist.size() == 1);
    }
  }
}

TEST_CASE("exploited victims earn their trafficker what the market pays", "[phases][victims]") {
  PhaseFixture f({"authorities.identification_rate=0", "victims.self_exit_rate=0"});
  f.activate(0, 0);
  f.hold(100, 0, PersonState::exploited_local);
  StepContext c = f.context();
  c.fill[0] = 0.5;
  c.price[0] = 40;
  const VictimOutcome outcome = victim_phase(*f.model, c, f.world.victims.size(), f.world);
  CHECK(outcome.purchases == 25 * 0.5);
  CHECK(outcome.revenue == 25 * 0.5 * 40);
}

TEST_CASE("this week's recruits are not visited", "[phases][victims]") {
  PhaseFixture f;
  f.activate(0, 0);
  f.hold(100, 0, PersonState::recruited);
  const StepContext c = f.context();
  victim_phase(*f.model, c, 0, f.world);
  CHECK(f.world.people.state[100] == PersonState::recruited);
}

TEST_CASE("a hidden victim serves fewer clients and escapes identification as hiding covers her",
          "[phases][victims][hiding]") {
  PhaseFixture f({"traffickers.hiding_cover=1", "traffickers.hiding_cost=0.4",
                  "authorities.identification_rate=1", "authorities.rule_of_law_initial=1",
                  "victims.self_exit_rate=0"});
  f.activate(0, 0);
  f.activate(1, 0);
  f.hold(100, 0, PersonState::exploited_local);
  f.hold(101, 1, PersonState::exploited_local);
  f.world.traffickers.hiding[0] = 1;
  StepContext c = f.context();
  std::fill(c.fill.begin(), c.fill.end(), 1.0);
  const VictimOutcome outcome = victim_phase(*f.model, c, f.world.victims.size(), f.world);
  // the visible victim is identified (probability 1); the hidden one is not, and serves 60%
  CHECK(outcome.identified_total == 1);
  CHECK(outcome.to_assist == std::vector<std::uint32_t>{1});
  CHECK(outcome.purchases == Approx(25 * 0.6 + 25));
  CHECK(outcome.revenue == Approx((25 * 0.6 + 25) * c.price[0]));
}

TEST_CASE("police who arrest a trafficker miss the victims he hid and his group lets them go",
          "[phases][victims][hiding]") {
  PhaseFixture f({"traffickers.hiding_cover=1"});
  f.activate(0, 0);
  f.activate(1, 0);
  f.hold(100, 0, PersonState::exploited_local);  // hidden in a flat
  f.hold(101, 0, PersonState::recruited);        // not yet put to work: nothing to hide
  f.hold(102, 1, PersonState::exploited_local);  // her trafficker did not hide her
  f.world.traffickers.hiding[0] = 1;
  f.world.traffickers.status[0] = TraffickerStatus::in_custody;
  f.world.traffickers.status[1] = TraffickerStatus::in_custody;
  const VictimOutcome outcome =
      victim_phase(*f.model, f.context(), f.world.victims.size(), f.world);
  CHECK(outcome.to_assist == std::vector<std::uint32_t>{1, 2});
  CHECK(outcome.self_exited == 1);
  CHECK(f.world.people.state[100] == PersonState::returned);
  CHECK(f.world.people.has(100, trait::left_unassisted));
}

TEST_CASE("hidden victims bring fewer community tips", "[phases][victims][hiding]") {
  PhaseFixture f({"traffickers.hiding_cover=0.75"});
  f.activate(0, 0);
  f.activate(1, 0);
  f.hold(100, 0, PersonState::exploited_local);
  f.hold(101, 1, PersonState::exploited_local);
  f.world.traffickers.hiding[0] = 1;
  update_tallies(*f.model, f.world);
  CHECK(f.world.municipalities.victims_local[0] == 2);
  CHECK(f.world.municipalities.victims_seen[0] == 1.25);
}

TEST_CASE("victims are identified at the rate of the municipality they are exploited in",
          "[phases][victims][local]") {
  PhaseFixture f({"authorities.identification_rate=1", "authorities.rule_of_law_initial=1",
                  "victims.self_exit_rate=0",
                  "local={ municipalities = [\"municipality-01\"], "
                  "\"authorities.identification_rate\" = 0 }"});
  f.activate(0, 0);
  f.activate(1, 1);
  f.hold(100, 0, PersonState::exploited_local);
  f.hold(101, 1, PersonState::exploited_local);
  const VictimOutcome outcome =
      victim_phase(*f.model, f.context(), f.world.victims.size(), f.world);
  CHECK(outcome.identified[0] == 0);
  CHECK(outcome.identified[1] == 1);
}

TEST_CASE("escaped victims go to the authorities as far as they trust them not to be bought",
          "[phases][victims]") {
  // every exploited victim escapes this week; none is found otherwise
  const std::vector<std::string> escaping{"authorities.identification_rate=0",
                                          "victims.self_exit_rate=1", "victims.self_referral=0.8",
                                          "traffickers.initially_active=0"};
  auto escapes = [&](double corruption) {
    PhaseFixture f(escaping);
    f.activate(0, 0);
    for (std::uint32_t p = 0; p < 2000; ++p) f.hold(p, 0, PersonState::exploited_local);
    StepContext c = f.context();
    std::fill(c.corruption.begin(), c.corruption.end(), corruption);
    return victim_phase(*f.model, c, f.world.victims.size(), f.world);
  };
  const VictimOutcome honest = escapes(0.0), corrupt = escapes(0.5);
  // each is identified (and listed for assistance) or goes home unassisted
  CHECK(honest.self_referred + honest.self_exited == 2000);
  CHECK(honest.identified_total == honest.self_referred);
  CHECK(honest.to_assist.size() == honest.self_referred);
  CHECK(honest.self_referred / 2000 == Approx(0.8).margin(0.03));
  CHECK(corrupt.self_referred / 2000 == Approx(0.4).margin(0.03));
  // with the referral share at 0, as by default, every escape goes home
  PhaseFixture off({"authorities.identification_rate=0", "victims.self_exit_rate=1"});
  off.activate(0, 0);
  off.hold(100, 0, PersonState::exploited_local);
  const VictimOutcome none =
      victim_phase(*off.model, off.context(), off.world.victims.size(), off.world);
  CHECK(none.self_referred == 0);
  CHECK(none.self_exited == 1);
}

TEST_CASE("a victim delivered abroad brings this week's price there and moves its memory",
          "[phases][victims][exports]") {
  PhaseFixture f({"demand.export_elasticity=1", "authorities.border_interception=0",
                  "demand.export_memory_weeks=4"});
  f.activate(0, 0);
  f.hold(100, 0, PersonState::in_transit, 1);
  StepContext c = f.context();
  c.export_price = 900;
  f.world.exports_recent = 3;
  const VictimOutcome outcome = victim_phase(*f.model, c, f.world.victims.size(), f.world);
  REQUIRE(outcome.exported == 1);
  CHECK(outcome.revenue == 900);
  CHECK(f.world.exports_recent == Approx(3 + (1 - 3) / 4.0));
}

TEST_CASE("the border stops victims as the rule of law is strong where their route leaves from",
          "[phases][victims][local]") {
  PhaseFixture f({"authorities.border_interception=1", "geography.route_risk=1",
                  "authorities.rule_of_law_initial=1", "policy.rule_of_law_target=1",
                  "local={ municipalities = [\"municipality-01\"], "
                  "\"authorities.rule_of_law_initial\" = 0, \"policy.rule_of_law_target\" = 0 }"});
  f.activate(0, 0);
  f.activate(1, 1);
  REQUIRE(f.model->export_routes[0].reachable);
  REQUIRE(f.model->export_routes[1].reachable);
  f.hold(100, 0, PersonState::in_transit, 1);
  f.hold(101, 1, PersonState::in_transit, 1);
  const StepContext c = f.context();
  const VictimOutcome outcome = victim_phase(*f.model, c, f.world.victims.size(), f.world);
  CHECK(outcome.exported_from[0] == 1);
  CHECK(f.world.people.state[100] == PersonState::exploited_abroad);
  CHECK(outcome.intercepted == 1);
  CHECK(outcome.exported_from[1] == 0);
}
