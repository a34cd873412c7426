// Victims bought abroad: the choice between recruiting at home and buying abroad, the orders and
// the regions' supply, the way in, and what follows identification.

#include <algorithm>
#include <catch2/catch.hpp>

#include "phase_fixture.hpp"
#include "tipsim/model/phases/assistance.hpp"
#include "tipsim/model/phases/recruitment.hpp"
#include "tipsim/model/phases/traffickers.hpp"
#include "tipsim/model/phases/victims.hpp"

using namespace tipsim::model;
using tipsim::testing::PhaseFixture;

namespace {

const std::string destination = TIPSIM_TEST_DATA "/small-destination.toml";

std::uint64_t foreign_count(const World& world, PersonState state) {
  return world.foreign_counts[static_cast<std::size_t>(state)];
}

// Trafficker 0, the only one active, in `municipality`, wants `victims` places filled there and
// buys them all from the near region (region 0); returns the week's context.
StepContext buy_from_near(PhaseFixture& f, std::uint16_t municipality, double victims) {
  f.activate(0, municipality);
  StepContext c = f.context();
  c.victims_wanted.assign(c.victims_wanted.size(), 0.0);
  c.victims_wanted[municipality] = victims;
  c.import_share[municipality] = 1.0;
  c.import_ranking[municipality] = {0};
  recruitment_phase(*f.model, c, trafficker_phase(*f.model, c, f.world), f.world);
  return c;
}

}  // namespace

TEST_CASE("traffickers buy abroad less as the price there rises, from the best buy first",
          "[phases][imports]") {
  double share_before = 0;
  for (const char* price : {"source_region.Near.price=1000", "source_region.Near.price=20000"}) {
    PhaseFixture f({"source_region.Far.price=20000", price}, 0, destination);
    const StepContext c = f.context();
    INFO(price);
    REQUIRE(c.import_ranking[0].size() == 2);
    if (price == std::string("source_region.Near.price=1000")) {
      // the near region, cheaper and closer, is the better buy everywhere
      CHECK(c.import_ranking[0].front() == 0);
      share_before = c.import_share[0];
    } else {
      CHECK(c.import_share[0] < share_before);
    }
  }
  // without source regions nothing is bought
  PhaseFixture home_only;
  const StepContext c = home_only.context();
  CHECK(c.import_ranking[0].empty());
  CHECK(c.import_share[0] == 0.0);
}

TEST_CASE("orders take the best region's supply first and the next region's after it",
          "[phases][imports]") {
  PhaseFixture f({"traffickers.initially_active=0", "traffickers.entry_rate=0",
                  "traffickers.exit_rate=0", "traffickers.abduction_share=0",
                  "source_region.Near.supply=2", "source_region.Far.supply=1000"},
                 0, destination);
  for (std::uint32_t k = 0; k < 6; ++k) f.activate(k, 0);
  StepContext c = f.context();
  c.victims_wanted[0] = 30;  // five each
  c.import_share[0] = 1.0;   // all bought
  c.import_ranking[0] = {0, 1};
  const TraffickerOutcome traffickers = trafficker_phase(*f.model, c, f.world);
  REQUIRE(traffickers.orders.size() == 6);
  CHECK(traffickers.approaches.empty());
  const RecruitmentOutcome outcome = recruitment_phase(*f.model, c, traffickers, f.world);
  CHECK(outcome.bought == 30);
  CHECK(outcome.recruited == 0);
  CHECK(f.world.foreign.size() == 30);
  CHECK(foreign_count(f.world, PersonState::in_transit) == 30);
  // the country's people are untouched
  CHECK(f.world.state_counts[static_cast<std::size_t>(PersonState::free)] ==
        static_cast<std::uint64_t>(f.model->people()));
  std::size_t from_near = 0;
  for (const Victim& victim : f.world.victims) {
    CHECK(victim.origin > 0);
    const CompiledSourceRegion& region = f.model->source_regions[victim.origin - 1u];
    CHECK(victim.transit_weeks == region.transit_weeks);
    CHECK(f.world.foreign.age(victim.person, c.week) >= 14);
    CHECK(f.world.foreign.age(victim.person, c.week) <= 25);
    if (victim.origin == 1) ++from_near;
  }
  CHECK(from_near == 2);  // all the near region had, the rest from the far one
  const double cost_near = 1000 + 0.5 * 300, cost_far = 1500 + 0.5 * 1200;
  CHECK(outcome.import_spending == Approx(2 * cost_near + 28 * cost_far));
}

TEST_CASE("a victim bought abroad is put to work where her buyer is, unless stopped on the way",
          "[phases][imports]") {
  for (const char* interception :
       {"authorities.border_interception=0", "authorities.border_interception=1"}) {
    PhaseFixture f({"traffickers.initially_active=0", "authorities.rule_of_law_initial=1",
                    "source_region.Near.supply=1000", interception},
                   0, destination);
    StepContext c = buy_from_near(f, 3, 1);
    REQUIRE(f.world.victims.size() == 1);
    update_tallies(*f.model, f.world);
    // on her way, she fills his place in the local market: he wants no one else
    CHECK(f.world.traffickers.held_local[0] == 1);
    VictimOutcome outcome;
    for (std::uint32_t week = 1; week <= f.model->source_regions[0].transit_weeks; ++week) {
      f.world.week = week;
      c.week = week;
      outcome = victim_phase(*f.model, c, f.world.victims.size(), f.world);
    }
    INFO(interception);
    if (interception == std::string("authorities.border_interception=0")) {
      CHECK(outcome.imported == 1);
      CHECK(foreign_count(f.world, PersonState::exploited_local) == 1);
      CHECK(f.world.victims[0].location == 3);
    } else {
      CHECK(outcome.imports_intercepted == 1);
      CHECK(outcome.identified_foreign == 1);
      CHECK(outcome.identified_total == 1);
      CHECK(outcome.to_assist.size() == 1);
    }
  }
}

TEST_CASE(
    "victims bought abroad escape by the escape factor and are deported when no place is free",
    "[phases][imports]") {
  PhaseFixture f({"traffickers.initially_active=0", "victims.self_exit_rate=1",
                  "imports.escape_factor=0", "authorities.identification_rate=0",
                  "source_region.Near.supply=1000", "policy.assistance_capacity=0"},
                 0, destination);
  StepContext c = buy_from_near(f, 2, 3);
  REQUIRE(f.world.victims.size() == 3);
  // put to work here; with escapes certain for the country's people and none for them
  for (Victim& victim : f.world.victims) {
    f.world.foreign.state[victim.person] = PersonState::exploited_local;
    victim.transit_weeks = 0;
    victim.location = 2;
  }
  f.world.foreign_counts = {};
  f.world.foreign_counts[static_cast<std::size_t>(PersonState::exploited_local)] = 3;
  f.hold(f.model->municipality_first[2], 0, PersonState::exploited_local);
  f.world.week = 1;
  c.week = 1;
  const VictimOutcome outcome = victim_phase(*f.model, c, f.world.victims.size(), f.world);
  CHECK(outcome.self_exited == 1);  // the country's person alone
  CHECK(foreign_count(f.world, PersonState::exploited_local) == 3);

  // identified with no place in assistance: sent home abroad at once
  const AssistanceOutcome assisted = assistance_phase(*f.model, c, {0, 1}, f.world);
  CHECK(assisted.foreign_deported == 2);
  CHECK(foreign_count(f.world, PersonState::returned) == 2);
  CHECK(foreign_count(f.world, PersonState::exploited_local) == 1);
  CHECK(std::count_if(f.world.victims.begin(), f.world.victims.end(),
                      [](const Victim& v) { return v.origin > 0; }) == 1);
}
