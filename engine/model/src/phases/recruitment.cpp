#include "tipsim/model/phases/recruitment.hpp"

#include <algorithm>
#include <cmath>

#include "../model_math.hpp"

namespace tipsim::model {

using core::Purpose;
using P = ParameterId;

double vulnerability(const CompiledModel& model, const StepContext& c, const People& people,
                     std::uint32_t person) {
  const std::size_t m = people.municipality[person];
  const bool child = people.age(person, c.week) < 18;
  double log_odds = model.constant(P::vulnerability_baseline);
  log_odds += model.constant(P::vulnerability_poverty) *
              std::max(0.0, std::log(model.constant(P::median_income) / people.income[person]));
  if (!child && !people.has(person, trait::employed))
    log_odds += model.constant(P::vulnerability_unemployment);
  if (people.displaced(person, c.week)) log_odds += model.constant(P::vulnerability_displacement);
  if (child && people.has(person, trait::lost_parents))
    log_odds += model.constant(P::vulnerability_lost_parents);
  log_odds += model.constant(P::vulnerability_inflation) * c.price_rise[m];
  if (c.economic_shock[m]) log_odds += model.constant(P::vulnerability_economic_shock);
  if (people.has(person, trait::previously_trafficked))
    log_odds += model.constant(P::vulnerability_previously_trafficked);
  if (people.has(person, trait::left_unassisted))
    log_odds += model.constant(P::vulnerability_unassisted);
  if (!people.has(person, trait::female)) log_odds += model.constant(P::vulnerability_male);
  return log_odds;
}

RecruitmentOutcome recruitment_phase(const CompiledModel& model, const StepContext& c,
                                     const TraffickerOutcome& traffickers, World& world) {
  RecruitmentOutcome outcome;
  outcome.recruited_from.assign(model.municipality_count(), 0.0);
  outcome.held_before = world.victims.size();
  std::vector<std::uint16_t> recruited_now(world.traffickers.size(), 0);
  People& people = world.people;
  const double minimum_age = model.constant(P::minimum_age);
  const double maximum_age = model.constant(P::maximum_age);
  const double transit_speed = model.constant(P::transit_speed);
  auto recruitable = [&](std::uint32_t person) {
    const PersonState state = people.state[person];
    if (state != PersonState::free && state != PersonState::returned) return false;
    const std::uint32_t years = people.age(person, c.week);
    return years >= minimum_age && years <= maximum_age;
  };
  for (const Approach& approach : traffickers.approaches) {
    const std::uint32_t k = approach.trafficker;
    if (recruited_now[k] >= traffickers.wanted_total[k]) continue;
    const std::uint32_t p = approach.person;
    if (!recruitable(p)) continue;
    auto stream = world.random.stream(c.week, p, Purpose::offer_acceptance);
    const double accepted = stream.uniform();
    if (approach.abduction ? !people.has(p, trait::female)
                           : accepted >= logistic(vulnerability(model, c, people, p)))
      continue;
    const bool local = recruited_now[k] < traffickers.wanted_local[k];
    ++recruited_now[k];
    const std::uint16_t home = world.traffickers.municipality[k];
    std::uint16_t transit_weeks = 0;
    if (!local) {
      const double distance = model.export_routes[home].distance_km;
      transit_weeks =
          static_cast<std::uint16_t>(std::clamp(std::ceil(distance / transit_speed), 1.0, 65535.0));
    }
    --world.state_counts[static_cast<std::size_t>(people.state[p])];
    ++world.state_counts[static_cast<std::size_t>(PersonState::recruited)];
    people.state[p] = PersonState::recruited;

    outcome.recruited += 1;
    if (people.age(p, c.week) < 18) outcome.children += 1;
    if (approach.abduction) outcome.abducted += 1;
    if (people.has(p, trait::previously_trafficked)) outcome.retrafficked += 1;
    outcome.recruited_from[people.municipality[p]] += 1;
    people.traits[p] = static_cast<std::uint8_t>((people.traits[p] | trait::previously_trafficked) &
                                                 ~trait::left_unassisted);
    world.victims.push_back(Victim{p, k, home, 0, transit_weeks});
  }
  return outcome;
}

}  // namespace tipsim::model
