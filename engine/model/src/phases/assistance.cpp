#include "tipsim/model/phases/assistance.hpp"

#include <algorithm>
#include <cmath>

namespace tipsim::model {

AssistanceOutcome assistance_phase(const CompiledModel& model, const StepContext& c,
                                   std::vector<std::uint32_t> identified, World& world) {
  People& people = world.people;
  AssistanceOutcome outcome;
  if (c.child_protection)
    std::stable_partition(identified.begin(), identified.end(), [&](std::uint32_t i) {
      return world.age_of(world.victims[i], c.week) < 18;
    });
  // shelters and referral serve the whole country: places are counted nationally
  const double places = std::floor(c.assistance_capacity * model.people() / 100000.0);
  const auto assisted_state = static_cast<std::size_t>(PersonState::assisted);
  double assisted = static_cast<double>(world.state_counts[assisted_state] +
                                        world.foreign_counts[assisted_state]);
  for (std::uint32_t i : identified) {
    Victim& victim = world.victims[i];
    PersonState& state = world.state_of(victim);
    PersonState after = PersonState::returned;
    if (assisted + 1.0 <= places) {
      after = PersonState::assisted;
      assisted += 1;
    } else if (victim.origin) {
      outcome.foreign_deported += 1;
    } else {
      people.traits[victim.person] |= trait::left_unassisted;
    }
    auto& counts = world.counts_of(victim);
    --counts[static_cast<std::size_t>(state)];
    ++counts[static_cast<std::size_t>(after)];
    state = after;
    victim.weeks_in_state = 0;
  }
  // former victims back home, here or abroad, are no longer visited
  std::erase_if(world.victims, [&](const Victim& victim) {
    return world.state_of(victim) == PersonState::returned;
  });
  return outcome;
}

}  // namespace tipsim::model
