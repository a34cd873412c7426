#include "tipsim/model/phases/assistance.hpp"

#include <catch2/catch.hpp>

#include "phase_fixture.hpp"

using namespace tipsim::model;
using tipsim::testing::PhaseFixture;

namespace {
// identified victims: an adult first, then a child
std::vector<std::uint32_t> identify_adult_then_child(PhaseFixture& f) {
  f.activate(0, 0);
  std::uint32_t adult = 0, child = 0;
  while (f.world.people.age(adult, 0) < 18) ++adult;
  while (f.world.people.age(child, 0) >= 18) ++child;
  f.hold(adult, 0, PersonState::exploited_local);
  f.hold(child, 0, PersonState::exploited_local);
  return {0, 1};
}
}  // namespace

TEST_CASE("identified victims fill national places; the rest go home unassisted",
          "[phases][assistance]") {
  // 80,000 people at 1.25 places per 100,000: one place
  PhaseFixture f({"policy.assistance_capacity=1.25"});
  auto identified = identify_adult_then_child(f);
  const std::uint32_t adult = f.world.victims[0].person, child = f.world.victims[1].person;
  const StepContext c = f.context();
  assistance_phase(*f.model, c, identified, f.world);
  CHECK(f.world.people.state[adult] == PersonState::assisted);
  CHECK(f.world.people.state[child] == PersonState::returned);
  CHECK(f.world.people.has(child, trait::left_unassisted));
  // former victims back home are no longer visited
  REQUIRE(f.world.victims.size() == 1);
  CHECK(f.world.victims[0].person == adult);
}

TEST_CASE("child protection puts children first for the places", "[phases][assistance]") {
  PhaseFixture f({"policy.assistance_capacity=1.25", "policy.child_protection=true"});
  auto identified = identify_adult_then_child(f);
  const std::uint32_t adult = f.world.victims[0].person, child = f.world.victims[1].person;
  const StepContext c = f.context();
  assistance_phase(*f.model, c, identified, f.world);
  CHECK(f.world.people.state[child] == PersonState::assisted);
  CHECK(f.world.people.state[adult] == PersonState::returned);
}
