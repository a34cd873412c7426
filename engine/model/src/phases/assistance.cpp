#include "tipsim/model/phases/assistance.hpp"

#include <algorithm>
#include <cmath>

namespace tipsim::model {

void assistance_phase(const CompiledModel& model, const StepContext& c,
                      std::vector<std::uint32_t> identified, World& world) {
  People& people = world.people;
  if (c.child_protection)
    std::stable_partition(identified.begin(), identified.end(), [&](std::uint32_t i) {
      return people.age(world.victims[i].person, c.week) < 18;
    });
  // shelters and referral serve the whole country: places are counted nationally
  const double places = std::floor(c.assistance_capacity * model.people() / 100000.0);
  double assisted =
      static_cast<double>(world.state_counts[static_cast<std::size_t>(PersonState::assisted)]);
  for (std::uint32_t i : identified) {
    Victim& victim = world.victims[i];
    const std::uint32_t p = victim.person;
    const PersonState before = people.state[p];
    PersonState after = PersonState::returned;
    if (assisted + 1.0 <= places) {
      after = PersonState::assisted;
      assisted += 1;
    } else {
      people.traits[p] |= trait::left_unassisted;
    }
    --world.state_counts[static_cast<std::size_t>(before)];
    ++world.state_counts[static_cast<std::size_t>(after)];
    people.state[p] = after;
    victim.weeks_in_state = 0;
  }
  // former victims back home are no longer visited
  std::erase_if(world.victims, [&](const Victim& victim) {
    return people.state[victim.person] == PersonState::returned;
  });
}

}  // namespace tipsim::model
