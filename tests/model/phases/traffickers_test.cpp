#include "tipsim/model/phases/traffickers.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>

#include "phase_fixture.hpp"

using namespace tipsim::model;
using tipsim::testing::PhaseFixture;

namespace {
std::size_t count(const World& world, TraffickerStatus status) {
  return static_cast<std::size_t>(
      std::count(world.traffickers.status.begin(), world.traffickers.status.end(), status));
}
}  // namespace

TEST_CASE("members enter where trafficking pays and quit where it does not",
          "[phases][traffickers]") {
  PhaseFixture f(
      {"traffickers.entry_rate=1", "traffickers.exit_rate=1", "traffickers.initially_active=0"});
  StepContext c = f.context();
  std::fill(c.entry_margin.begin(), c.entry_margin.end(), 1e9);
  trafficker_phase(*f.model, c, f.world);
  CHECK(count(f.world, TraffickerStatus::active) == f.world.traffickers.size());
  std::fill(c.stay_margin.begin(), c.stay_margin.end(), -1e9);
  std::fill(c.entry_margin.begin(), c.entry_margin.end(), -1e9);
  f.world.week = 1;
  c.week = 1;
  trafficker_phase(*f.model, c, f.world);
  CHECK(count(f.world, TraffickerStatus::active) == 0);
}

TEST_CASE("a trafficker whose margin falls moves next door when it pays better there",
          "[phases][traffickers]") {
  PhaseFixture f({"traffickers.initially_active=0", "traffickers.exit_rate=1",
                  "traffickers.relocation_share=1"});
  f.activate(0, 0);
  StepContext c = f.context();
  std::fill(c.stay_margin.begin(), c.stay_margin.end(), -1e9);
  std::fill(c.entry_margin.begin(), c.entry_margin.end(), -1e9);
  const std::size_t better = f.model->neighbours[0].front();
  c.entry_margin[better] = 1e9;
  const TraffickerOutcome outcome = trafficker_phase(*f.model, c, f.world);
  CHECK(outcome.relocations == 1);
  CHECK(f.world.traffickers.municipality[0] == better);
  CHECK(f.world.people.municipality[f.world.traffickers.anchor[0]] == better);
}

TEST_CASE("a member who looks beyond his municipality starts where entry pays best next door",
          "[phases][traffickers]") {
  for (const char* reach : {"traffickers.entry_reach=1", "traffickers.entry_reach=0"}) {
    PhaseFixture f({"traffickers.initially_active=0", "traffickers.entry_rate=1", reach});
    StepContext c = f.context();
    // entry pays a little at every member's municipality and far more in one place only
    std::fill(c.entry_margin.begin(), c.entry_margin.end(), 0.0);
    const std::uint16_t home = f.world.traffickers.municipality[0];
    const std::size_t better = f.model->neighbours[home].front();
    c.entry_margin[better] = 1e9;
    const TraffickerOutcome outcome = trafficker_phase(*f.model, c, f.world);
    INFO(reach);
    if (reach == std::string("traffickers.entry_reach=1")) {
      // everyone whose neighbours include that place goes there, and no one else moves
      std::size_t expected = 0;
      for (std::uint32_t k = 0; k < f.world.traffickers.size(); ++k) {
        const auto& near = f.model->neighbours[f.world.group_home[f.world.traffickers.group[k]]];
        if (std::find(near.begin(), near.end(), better) != near.end()) ++expected;
      }
      CHECK(outcome.entries_elsewhere == static_cast<double>(expected));
      CHECK(f.world.traffickers.status[0] == TraffickerStatus::active);
      CHECK(f.world.traffickers.municipality[0] == better);
      CHECK(f.world.people.municipality[f.world.traffickers.anchor[0]] == better);
    } else {
      CHECK(outcome.entries_elsewhere == 0);
      CHECK(f.world.traffickers.municipality[0] == home);
    }
  }
}

TEST_CASE("a released trafficker goes home to his group and finds his way in there",
          "[phases][traffickers]") {
  PhaseFixture f({"traffickers.entry_rate=0", "traffickers.anchor_change=0"});
  // arrested where he had moved to, with his circles there
  const std::uint16_t group_home = f.world.group_home[f.world.traffickers.group[3]];
  const std::uint16_t moved_to = f.model->neighbours[group_home].front();
  f.world.traffickers.status[3] = TraffickerStatus::in_custody;
  f.world.traffickers.custody_until[3] = 2;
  f.world.traffickers.municipality[3] = moved_to;
  f.world.traffickers.anchor[3] = f.model->municipality_first[moved_to];
  const StepContext c = f.context();
  trafficker_phase(*f.model, c, f.world);
  CHECK(f.world.traffickers.status[3] == TraffickerStatus::in_custody);
  f.world.week = 2;
  trafficker_phase(*f.model, f.context(), f.world);
  CHECK(f.world.traffickers.status[3] == TraffickerStatus::inactive);
  CHECK(f.world.traffickers.municipality[3] == group_home);
  CHECK(f.world.people.municipality[f.world.traffickers.anchor[3]] == group_home);
}

TEST_CASE("a trafficker held in custody keeps the hiding he was arrested with until released",
          "[phases][traffickers][hiding]") {
  PhaseFixture f({"traffickers.entry_rate=0"});
  f.world.traffickers.status[0] = TraffickerStatus::in_custody;
  f.world.traffickers.custody_until[0] = 2;
  f.world.traffickers.hiding[0] = 1;
  trafficker_phase(*f.model, f.context(), f.world);
  CHECK(f.world.traffickers.hiding[0] == 1);
  f.world.week = 2;
  trafficker_phase(*f.model, f.context(), f.world);
  CHECK(f.world.traffickers.status[0] == TraffickerStatus::inactive);
  CHECK(f.world.traffickers.hiding[0] == 0);
}

TEST_CASE("an active trafficker approaches people within a short walk of his anchor",
          "[phases][traffickers]") {
  PhaseFixture f({"traffickers.initially_active=0", "traffickers.exit_rate=0",
                  "traffickers.entry_rate=0", "traffickers.longest_walk=1",
                  "traffickers.approaches_per_victim=10", "traffickers.abduction_share=0",
                  "traffickers.anchor_change=0"});
  f.activate(0, 0);
  StepContext c = f.context();
  c.victims_wanted[0] = 3;  // all his
  const TraffickerOutcome outcome = trafficker_phase(*f.model, c, f.world);
  REQUIRE(outcome.wanted_total[0] >= 1);
  const std::uint32_t anchor = f.world.traffickers.anchor[0];
  const auto circle = f.world.social.acquaintances(anchor);
  const std::uint32_t household = f.world.people.household_first[anchor];
  for (const Approach& approach : outcome.approaches) {
    if (approach.trafficker != 0) continue;
    const bool acquaintance =
        std::find(circle.begin(), circle.end(), approach.person) != circle.end();
    const bool family = approach.person >= household &&
                        approach.person < household + f.world.people.household_size[anchor];
    CHECK((acquaintance || family));
    CHECK_FALSE(approach.abduction);
  }
}

TEST_CASE("a trafficker hides his victims when the risk he perceives outweighs what it costs",
          "[phases][traffickers][hiding]") {
  const auto hides = [](const std::string& cover, double risk) {
    PhaseFixture f({"traffickers.initially_active=0", "traffickers.exit_rate=0",
                    "traffickers.hiding_cover=" + cover, "traffickers.hiding_cost=0.3"});
    f.activate(0, 0);
    f.activate(1, 0);
    f.hold(100, 0, PersonState::exploited_local);
    f.world.municipalities.perceived_risk[0] = risk;
    StepContext c = f.context();
    std::fill(c.fill.begin(), c.fill.end(), 1.0);
    trafficker_phase(*f.model, c, f.world);
    // trafficker 1 holds nobody: he has nothing to hide
    CHECK(f.world.traffickers.hiding[1] == 0);
    return f.world.traffickers.hiding[0] != 0;
  };
  // one victim brings 25 x 30 = 750 USD a week at normal prices; hiding costs 225 of it
  CHECK(hides("0.5", 0.5));
  CHECK_FALSE(hides("0.5", 0.0));
  CHECK_FALSE(hides("0", 0.5));  // hiding that hides nothing is never worth its cost
}

TEST_CASE("a trafficker who chooses fills his free places for sale abroad only while a sale pays",
          "[phases][traffickers][exports]") {
  for (const double margin : {100.0, -100.0}) {
    PhaseFixture f({"traffickers.initially_active=0", "traffickers.exit_rate=0", "demand.local=0",
                    "demand.voluntary_sex_workers=0", "demand.export_elasticity=1",
                    "traffickers.max_victims=6"});
    f.activate(0, 0);
    f.hold(100, 0, PersonState::in_transit, 2);
    REQUIRE(f.model->export_routes[0].reachable);
    StepContext c = f.context();
    std::fill(c.export_margin.begin(), c.export_margin.end(), margin);
    const TraffickerOutcome outcome = trafficker_phase(*f.model, c, f.world);
    CHECK(outcome.wanted_local[0] == 0);
    CHECK(outcome.wanted_total[0] == (margin > 0 ? 5 : 0));
  }
}
