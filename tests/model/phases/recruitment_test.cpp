#include "tipsim/model/phases/recruitment.hpp"

#include <catch2/catch.hpp>

#include "phase_fixture.hpp"

using namespace tipsim::model;
using tipsim::testing::PhaseFixture;

namespace {
// a person of the given sex and age in municipality 0
std::uint32_t find_person(const World& world, bool female, std::uint32_t min_age,
                          std::uint32_t max_age, std::uint32_t after = 0) {
  for (std::uint32_t p = after; p < world.people.size(); ++p)
    if (world.people.has(p, trait::female) == female && world.people.age(p, 0) >= min_age &&
        world.people.age(p, 0) <= max_age)
      return p;
  FAIL("no such person");
  return 0;
}
}  // namespace

TEST_CASE("a trafficker recruits no more victims than he wanted", "[phases][recruitment]") {
  PhaseFixture f({"vulnerability.baseline=50"});  // everyone accepts
  f.activate(0, 0);
  const StepContext c = f.context();
  TraffickerOutcome approaches;
  approaches.wanted_local.assign(f.world.traffickers.size(), 0);
  approaches.wanted_total.assign(f.world.traffickers.size(), 0);
  approaches.wanted_local[0] = approaches.wanted_total[0] = 2;
  std::uint32_t p = 0;
  for (int i = 0; i < 5; ++i) {
    p = find_person(f.world, true, 18, 30, p + 1);
    approaches.approaches.push_back({p, 0, false});
  }
  const RecruitmentOutcome outcome = recruitment_phase(*f.model, c, approaches, f.world);
  CHECK(outcome.recruited == 2);
  CHECK(f.world.victims.size() == 2);
  CHECK(f.world.state_counts[static_cast<std::size_t>(PersonState::recruited)] == 2);
  for (const Victim& victim : f.world.victims) {
    CHECK(victim.transit_weeks == 0);  // both wanted for the local market
    CHECK(f.world.people.state[victim.person] == PersonState::recruited);
  }
}

TEST_CASE("an abduction takes a woman or a girl, never a man", "[phases][recruitment]") {
  PhaseFixture f;
  f.activate(0, 0);
  const StepContext c = f.context();
  TraffickerOutcome approaches;
  approaches.wanted_local.assign(f.world.traffickers.size(), 0);
  approaches.wanted_total.assign(f.world.traffickers.size(), 0);
  approaches.wanted_total[0] = 2;  // both for export
  approaches.approaches.push_back({find_person(f.world, false, 18, 30), 0, true});
  approaches.approaches.push_back({find_person(f.world, true, 18, 30), 0, true});
  const RecruitmentOutcome outcome = recruitment_phase(*f.model, c, approaches, f.world);
  CHECK(outcome.abducted == 1);
  REQUIRE(f.world.victims.size() == 1);
  CHECK(f.world.people.has(f.world.victims[0].person, trait::female));
  CHECK(f.world.victims[0].transit_weeks > 0);
}

TEST_CASE("people outside the recruitable ages are not recruited", "[phases][recruitment]") {
  PhaseFixture f({"vulnerability.baseline=50", "vulnerability.minimum_age=18",
                  "vulnerability.maximum_age=30"});
  f.activate(0, 0);
  const StepContext c = f.context();
  TraffickerOutcome approaches;
  approaches.wanted_local.assign(f.world.traffickers.size(), 5);
  approaches.wanted_total.assign(f.world.traffickers.size(), 5);
  approaches.approaches.push_back({find_person(f.world, true, 0, 17), 0, false});
  approaches.approaches.push_back({find_person(f.world, true, 31, 90), 0, false});
  CHECK(recruitment_phase(*f.model, c, approaches, f.world).recruited == 0);
}

TEST_CASE("vulnerability rises with poverty, unemployment and earlier trafficking",
          "[phases][recruitment]") {
  PhaseFixture f;
  const StepContext c = f.context();
  People& people = f.world.people;
  const std::uint32_t p = find_person(f.world, true, 20, 30);
  people.displaced_until[p] = 0;
  people.income[p] = 150;
  people.traits[p] = trait::female | trait::employed;
  const double settled = vulnerability(*f.model, c, people, p, false);
  people.income[p] = 50;
  const double poorer = vulnerability(*f.model, c, people, p, false);
  CHECK(poorer > settled);
  people.traits[p] = trait::female;
  const double unemployed = vulnerability(*f.model, c, people, p, false);
  CHECK(unemployed > poorer);
  CHECK(vulnerability(*f.model, c, people, p, true) > unemployed);
}
